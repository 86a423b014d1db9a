// `qpv-atlas pockets`: poverty pockets outside the QPVs of a study area, as JSON, GeoJSON or CSV on stdout.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import type { Workspace } from '../../../app/workspace.ts';
import {
  findPockets, pocketParamsFromStrings, pocketRows, POCKET_CSV_COLUMNS, pocketsResponse, pocketsToGeoJSON, POCKET_PARAM_NAMES,
} from '../../../app/findPockets.ts';
import { DEFAULT_POCKET_PARAMS } from '../../../domain/povertyPockets.ts';
import { toCsv } from '../../formats/csvWrite.ts';
import { asCliError, CliError, withDataDir } from '../context.ts';

const FORMATS = ['json', 'csv', 'geojson'] as const;

export interface PocketsCliOptions {
  communes?: string;
  epci?: string;
  departement?: string;
  polygon?: string; // path to a GeoJSON file (lonLat)
  vintage?: string;
  generation?: string;
  qpvVersion?: string;
  format?: string;
  separator?: string;
  [param: string]: string | undefined;
}

const d = DEFAULT_POCKET_PARAMS;
const show = (v: unknown) => (v === null ? 'off' : String(v));

/** Returns what the command prints for these options over a workspace (stdout text); throws CliError on bad input. */
export async function pocketsOutput(ws: Workspace, o: PocketsCliOptions): Promise<string> {
  const format = o.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`--format invalide : « ${format} » (valeurs : ${FORMATS.join(', ')}).`);
  const separator = o.separator ?? ';';
  if (separator !== ',' && separator !== ';') throw new CliError(`--separator invalide : « ${separator} » (valeurs : , ou ;).`);
  let polygon: unknown;
  if (o.polygon) {
    try {
      polygon = JSON.parse(readFileSync(o.polygon, 'utf8'));
    } catch (e) {
      throw new CliError(`--polygon : fichier GeoJSON illisible (${o.polygon}) : ${(e as Error).message}`);
    }
  }
  try {
    const values = pocketParamValues(o);
    const out = await findPockets(ws, {
      communes: o.communes ? o.communes.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
      epci: o.epci, departement: o.departement, polygon,
      vintage: o.vintage, generation: o.generation, version: o.qpvVersion,
      params: pocketParamsFromStrings(values),
    });
    if (format === 'geojson') return JSON.stringify(pocketsToGeoJSON(out.result, out.legend, out.provenance)) + '\n';
    if (format === 'csv') return toCsv(pocketRows(out.result), { separator, columns: POCKET_CSV_COLUMNS });
    return JSON.stringify(pocketsResponse(out), null, 2) + '\n';
  } catch (e) {
    asCliError(e);
  }
}

/** Adds one option per pocket parameter (--poverty-rate … --rank-by, defaults shown); read them back with pocketParamValues. */
export function pocketParamOptions(cmd: Command): Command {
  return cmd
    .option('--poverty-rate <x>', `seuil de taux de pauvreté du carreau, 0.3 ou 30% ; off pour aucun (défaut ${show(d.povertyRate)})`)
    .option('--relative-rate <k>', `ou ≥ k × le taux de la zone d'étude (défaut ${show(d.relativeRate)})`)
    .option('--max-living-standard <euros>', `niveau de vie moyen ≤ ce montant (défaut ${show(d.maxLivingStandard)})`)
    .option('--relative-living-standard <k>', `niveau de vie moyen ≤ k × celui de la zone (défaut ${show(d.relativeLivingStandard)})`)
    .option('--combine <mode>', `any (un critère suffit) ou all (tous) (défaut ${d.combine})`)
    .option('--min-cell-households <n>', `ménages minimum d'un carreau repéré (défaut ${d.minCellHouseholds})`)
    .option('--neighbourhood <n>', `4 ou 8 voisins (défaut ${d.neighbourhood})`)
    .option('--min-households <n>', `ménages minimum d'une poche, ≥ 11 (défaut ${d.minHouseholds})`)
    .option('--min-population <n>', `habitants minimum d'une poche (défaut ${d.minPopulation})`)
    .option('--min-cells <n>', `carreaux minimum d'une poche (défaut ${d.minCells})`)
    .option('--qpv-share <x>', `carreau exclu dès cette part en QPV (défaut ${d.qpvShare})`)
    .option('--study-area-share <x>', `carreau retenu dès cette part dans la zone (défaut ${d.studyAreaShare})`)
    .option('--rank-by <key>', `poorHouseholds, population ou povertyRate (défaut ${d.rankBy})`);
}

/** Returns the pocket parameters of commander options as the strings pocketParamsFromStrings reads (undefined when not given). */
export function pocketParamValues(o: Record<string, unknown>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const name of POCKET_PARAM_NAMES) values[name] = o[name] === undefined ? undefined : String(o[name]);
  return values;
}

export function register(program: Command): void {
  const cmd = withDataDir(program.command('pockets').description("poches de pauvreté : carreaux Filosofi pauvres hors QPV, regroupés, dans une zone d'étude"))
    .option('--communes <codes>', 'codes INSEE des communes, séparés par des virgules (ex. 60159,60175)')
    .option('--epci <siren>', "communes de l'EPCI")
    .option('--departement <dep>', 'communes du département')
    .option('--polygon <file>', "zone d'étude dessinée : fichier GeoJSON en longitude/latitude")
    .option('--vintage <v>', 'millésime Filosofi (défaut : le plus récent chargé)')
    .option('--generation <g>', 'génération QPV dont les poches sont hors (défaut 2024)')
    .option('--qpv-version <v>', 'version du fichier QPV');
  pocketParamOptions(cmd)
    .option('--format <f>', 'json | csv | geojson (défaut json)', 'json')
    .option('--separator <s>', 'CSV : séparateur , ou ; (défaut ;)', ';')
    .action(async (o: PocketsCliOptions & { dataDir?: string }) => {
      if (!o.communes && !o.epci && !o.departement && !o.polygon) {
        throw new CliError("Zone d'étude manquante : --communes, --epci, --departement ou --polygon.");
      }
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      process.stdout.write(await pocketsOutput(ws, o));
    });
}
