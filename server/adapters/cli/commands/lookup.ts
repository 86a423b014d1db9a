// qpv-atlas lookup: is a point (or each row of a CSV) in a QPV, near one, or within N m of a line?
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolveDataDir } from '../../../config.ts';
import { openWorkspace } from '../../../app/openWorkspace.ts';
import type { PerimeterSet, Workspace } from '../../../app/workspace.ts';
import { lookupPoint, toLonLat, DEFAULT_FAR_DISTANCE, type LookupAnswer } from '../../../domain/pointLookup.ts';
import { parseCrsName, isKnownCrs } from '../../../domain/crs.ts';
import { lookupCsv, type LookupCsvResult } from '../../formats/lookupCsv.ts';
import { CliError, withDataDir } from '../context.ts';

/** The sets to answer for: one generation (and version), or every generation loaded. */
export function cliLookupSets(ws: Workspace, generation?: string, version?: string): PerimeterSet[] {
  const sets = generation ? [ws.perimeterSet(generation, version)].filter((s): s is PerimeterSet => s !== null) : ws.perimeterSets();
  if (!sets.length) throw new CliError(generation ? `Aucun périmètre de la génération « ${generation} » n'est chargé.` : 'Aucun périmètre QPV n’est chargé : importez-les d’abord (qpv-atlas ingest).');
  return sets;
}

/** Returns the French text answer for one point: one line per set, then the disclaimer. */
export function formatLookupAnswer(a: LookupAnswer): string {
  const lines = [`Point ${a.lon.toFixed(6)}, ${a.lat.toFixed(6)} (WGS84)`];
  for (const s of a.answers) {
    lines.push(`  ${s.message}`);
    const bands = s.bands.filter((b) => b.codes.length).map((b) => `${b.distance} m : ${b.codes.join(', ')}`);
    if (bands.length) lines.push(`    bandes de quartier vécu atteintes — ${bands.join(' ; ')}`);
  }
  lines.push(a.disclaimer);
  return lines.join('\n');
}

function crsOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const c = parseCrsName(v);
  if (c === null || !isKnownCrs(c)) throw new CliError(`--crs invalide : « ${v} » (ex. EPSG:2154).`);
  return c;
}

function number(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(String(v).replace(',', '.'));
  if (!Number.isFinite(n)) throw new CliError(`${name} invalide : « ${v} » (un nombre).`);
  return n;
}

export function register(program: Command): void {
  withDataDir(program.command('lookup').description('dit si un point (ou chaque ligne d’un CSV) est dans un QPV, à proximité, ou près d’une limite'))
    .option('--lon <deg>', 'longitude WGS84').option('--lat <deg>', 'latitude WGS84')
    .option('--x <m>', 'x dans --crs').option('--y <m>', 'y dans --crs')
    .option('--crs <epsg>', 'système des coordonnées x/y (défaut EPSG:2154) ou des colonnes du CSV')
    .option('--tolerance <m>', 'marge en mètres autour des limites (réponse « à moins de N m de la limite »)', '0')
    .option('--far <m>', 'au-delà de cette distance, le QPV le plus proche n’est plus cité comme repère', String(DEFAULT_FAR_DISTANCE))
    .option('--generation <g>', 'une génération (défaut : toutes celles chargées)')
    .option('--version <v>', 'version du fichier de périmètres')
    .option('--csv <file>', 'CSV de points : le même fichier est écrit avec des colonnes ajoutées')
    .option('--lon-column <col>', 'CSV : colonne des longitudes (ou x)')
    .option('--lat-column <col>', 'CSV : colonne des latitudes (ou y)')
    .option('--out <file>', 'CSV : fichier de sortie (défaut : sortie standard)')
    .option('--json', 'point : sortie JSON')
    .action(async (o) => {
      const tolerance = number(o.tolerance, '--tolerance')!;
      if (tolerance < 0) throw new CliError('--tolerance doit être positive.');
      const ws = await openWorkspace(resolveDataDir(o.dataDir));
      const sets = cliLookupSets(ws, o.generation, o.version);
      if (o.csv) {
        let body: Buffer;
        try { body = readFileSync(o.csv); } catch { throw new CliError(`Fichier illisible : ${o.csv}`); }
        const r: LookupCsvResult = lookupCsv(body, sets, { tolerance, crs: crsOption(o.crs), lonColumn: o.lonColumn, latColumn: o.latColumn });
        if (o.out) writeFileSync(o.out, r.csv);
        else process.stdout.write(r.csv);
        console.error(`${r.located} ligne(s) localisée(s) sur ${r.rows}${r.issues.length ? ` ; ${r.issues.length} ligne(s) sans coordonnées lisibles (ex. ligne ${r.issues[0].line} : ${r.issues[0].message})` : ''}.`);
        return;
      }
      let pt: { lon: number; lat: number };
      if (o.lon !== undefined && o.lat !== undefined) pt = { lon: number(o.lon, '--lon')!, lat: number(o.lat, '--lat')! };
      else if (o.x !== undefined && o.y !== undefined) pt = toLonLat(number(o.x, '--x')!, number(o.y, '--y')!, crsOption(o.crs) ?? 2154);
      else throw new CliError('Donnez --lon et --lat, ou --x et --y (avec --crs), ou --csv FICHIER.');
      if (!(Math.abs(pt.lon) <= 180 && Math.abs(pt.lat) <= 90)) throw new CliError('Coordonnées hors du globe : vérifiez --crs ou l’ordre lon/lat.');
      const farDistance = number(o.far, '--far')!;
      if (!(farDistance > 0)) throw new CliError('--far doit être strictement positive.');
      const answer = lookupPoint(pt, sets, { tolerance, farDistance });
      console.log(o.json ? JSON.stringify({ ...answer, provenance: { datasets: sets.flatMap((s) => s.refs), parameters: { tolerance, farDistance } } }, null, 2) : formatLookupAnswer(answer));
    });
}
