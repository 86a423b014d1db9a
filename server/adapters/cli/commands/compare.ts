// `qpv-atlas compare`: perimeter changes between two generations, as JSON, CSV or GeoJSON on stdout.
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import { changesResponse, changesRows, compareGenerations } from '../../../app/compareGenerations.ts';
import { changesToGeoJSON, DEFAULT_TOLERANCE_M } from '../../../domain/perimeterChanges.ts';
import { toCsv } from '../../formats/csvWrite.ts';
import { asCliError, CliError, withDataDir } from '../context.ts';

const FORMATS = ['json', 'csv', 'geojson'] as const;

export function register(program: Command): void {
  withDataDir(program.command('compare').description('compare deux générations de périmètres QPV : successeurs, classes, zones gagnées / perdues / conservées'))
    .requiredOption('--from <generation>', 'génération de départ (ex. 2015)')
    .requiredOption('--to <generation>', "génération d'arrivée (ex. 2024)")
    .option('--from-version <v>', 'version du fichier de départ')
    .option('--to-version <v>', "version du fichier d'arrivée")
    .option('--qpv <code>', 'un seul quartier (code 2015 ou 2024) et ses successeurs / prédécesseurs')
    .option('--commune <insee>', 'quartiers de cette commune')
    .option('--departement <dep>', 'quartiers de ce département')
    .option('--tolerance <m>', `tolérance en mètres (défaut ${DEFAULT_TOLERANCE_M})`)
    .option('--vintage <v>', 'millésime Filosofi (un seul pour les deux générations)')
    .option('--format <f>', `json | csv | geojson (défaut json)`, 'json')
    .option('--separator <s>', 'CSV : séparateur , ou ; (défaut ;)', ';')
    .action(async (o) => {
      if (!(FORMATS as readonly string[]).includes(o.format)) throw new CliError(`--format invalide : « ${o.format} » (valeurs : ${FORMATS.join(', ')}).`);
      if (o.separator !== ',' && o.separator !== ';') throw new CliError(`--separator invalide : « ${o.separator} » (valeurs : , ou ;).`);
      const tolerance = o.tolerance === undefined ? undefined : Number(String(o.tolerance).replace(',', '.'));
      if (tolerance !== undefined && !Number.isFinite(tolerance)) throw new CliError(`--tolerance invalide : « ${o.tolerance} » (attendu : un nombre de mètres).`);
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      try {
        const out = await compareGenerations(ws, {
          from: o.from, to: o.to, fromVersion: o.fromVersion, toVersion: o.toVersion,
          code: o.qpv, commune: o.commune, departement: o.departement, vintage: o.vintage, tolerance,
        });
        if (o.format === 'geojson') process.stdout.write(JSON.stringify(changesToGeoJSON(out.result)) + '\n');
        else if (o.format === 'csv') process.stdout.write(toCsv(changesRows(out.result), { separator: o.separator }));
        else process.stdout.write(JSON.stringify(changesResponse(out), null, 2) + '\n');
      } catch (e) {
        asCliError(e);
      }
    });
}
