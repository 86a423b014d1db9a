// `qpv-atlas indicators`: indicators of a QPV, of a GeoJSON area, or of a commune (its QPVs and the rest).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import { communeIndicators, geometryIndicators, indicatorsRows, perimeterIndicators } from '../../../app/areaIndicators.ts';
import { toCsv } from '../../formats/csvWrite.ts';
import { asCliError, CliError, withDataDir } from '../context.ts';

const FORMATS = ['json', 'csv'] as const;
const MODES = ['areal', 'dasymetric'] as const;

export function register(program: Command): void {
  withDataDir(program.command('indicators').description("indicateurs Filosofi d'un QPV, d'une zone GeoJSON ou d'une commune (ses QPV et le reste)"))
    .option('--qpv <code>', 'code du quartier (ex. QN06001M)')
    .option('--geojson <file>', 'fichier GeoJSON : un Polygon / MultiPolygon ou une Feature, en WGS84')
    .option('--commune <insee>', 'code INSEE de la commune (ex. 60175)')
    .option('--generation <g>', 'génération des périmètres (ex. 2024)')
    .option('--vintage <v>', 'millésime Filosofi (défaut : le plus récent chargé)')
    .option('--mode <m>', 'areal | dasymetric (défaut areal)', 'areal')
    .option('--format <f>', 'json | csv (défaut json)', 'json')
    .option('--separator <s>', 'CSV : séparateur , ou ; (défaut ;)', ';')
    .action(async (o) => {
      const targets = [o.qpv, o.geojson, o.commune].filter((x) => x !== undefined);
      if (targets.length !== 1) throw new CliError('Indiquez exactement une zone : --qpv CODE, --geojson FICHIER ou --commune INSEE.');
      if (!(FORMATS as readonly string[]).includes(o.format)) throw new CliError(`--format invalide : « ${o.format} » (valeurs : ${FORMATS.join(', ')}).`);
      if (!(MODES as readonly string[]).includes(o.mode)) throw new CliError(`--mode invalide : « ${o.mode} » (valeurs : ${MODES.join(', ')}).`);
      if (o.separator !== ',' && o.separator !== ';') throw new CliError(`--separator invalide : « ${o.separator} » (valeurs : , ou ;).`);
      let geojson: unknown;
      if (o.geojson) {
        try {
          geojson = JSON.parse((await readFile(o.geojson, 'utf8')).replace(/^\uFEFF/, ''));
        } catch (e) {
          throw new CliError(`Lecture de ${o.geojson} impossible : ${(e as Error).message}`);
        }
      }
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      const q = { vintage: o.vintage, generation: o.generation, mode: o.mode };
      try {
        const out = o.qpv
          ? await perimeterIndicators(ws, o.qpv, q)
          : o.geojson
            ? await geometryIndicators(ws, geojson, q)
            : await communeIndicators(ws, o.commune, q);
        if (o.format === 'csv') process.stdout.write(toCsv(indicatorsRows(out), { separator: o.separator }));
        else process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        for (const w of out.warnings) process.stderr.write(`attention : ${w}\n`);
      } catch (e) {
        asCliError(e);
      }
    });
}
