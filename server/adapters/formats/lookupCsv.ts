// Batch point lookup on a CSV: reads the user's file (delimiter and encoding sniffed, coordinate
// columns detected or named), looks every row up in each perimeter set, and writes the same CSV back
// with columns appended (qpv_2015, distance_2015_m, statut_2015, ..., avertissement), for French Excel.
import { parse } from 'csv-parse/sync';
import { decodeWindows1252, parseFrenchNumber, sniffCsv } from './csv.ts';
import { toCsv } from './csvWrite.ts';
import type { PerimeterSet } from '../../app/workspace.ts';
import { IngestError, type IngestIssue } from '../../domain/model.ts';
import { isKnownCrs, parseCrsName, WGS84 } from '../../domain/crs.ts';
import { lookupIndexFor, lookupPoint, toLonLat, LOOKUP_DISCLAIMER, type LookupAnswer, type SetAnswer } from '../../domain/pointLookup.ts';

export interface LookupCsvOptions {
  lonColumn?: string; // column of longitudes (or x when crs is not 4326)
  latColumn?: string; // column of latitudes (or y)
  crs?: number; // EPSG of the coordinate columns; default 4326 for lon/lat columns, 2154 for x/y ones
  tolerance?: number; // m
  maxRows?: number; // refuse bigger files (default 200,000)
}

export interface LookupCsvResult {
  csv: string; // UTF-8 with BOM, same delimiter as the input (',' or ';')
  rows: number;
  located: number; // rows with usable coordinates
  issues: IngestIssue[]; // rows whose coordinates could not be read (first 100)
  columns: { x: string; y: string; crs: number };
}

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x_wgs84', 'lon_wgs84'];
const LAT_NAMES = ['lat', 'latitude', 'y_wgs84', 'lat_wgs84'];
const X_NAMES = ['x', 'coordonnee_x', 'coord_x', 'lambert_x', 'x_l93', 'xl93'];
const Y_NAMES = ['y', 'coordonnee_y', 'coord_y', 'lambert_y', 'y_l93', 'yl93'];

/** Decodes a CSV upload: BOM stripped, strict UTF-8 else windows-1252. */
export function decodeCsv(body: Buffer | string): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  const sniff = sniffCsv(body.subarray(0, 65536));
  return sniff.encoding === 'windows-1252' ? decodeWindows1252(body) : body.toString('utf8').replace(/^\uFEFF/, '');
}

function findColumn(header: string[], wanted: string | undefined, names: string[]): string | undefined {
  if (wanted) return header.find((h) => h === wanted) ?? header.find((h) => h.toLowerCase() === wanted.toLowerCase());
  return header.find((h) => names.includes(h.trim().toLowerCase()));
}

function statusText(s: SetAnswer, tolerance: number): string {
  if (s.status === 'inside') return 'dans un QPV';
  if (s.status === 'near-boundary') return `à moins de ${tolerance} m de la limite`;
  return 'hors QPV';
}

/** Returns the CSV with lookup columns appended per set; throws IngestError (French) for an unusable file. */
export function lookupCsv(body: Buffer | string, sets: PerimeterSet[], opts: LookupCsvOptions = {}): LookupCsvResult {
  const text = decodeCsv(body);
  const delimiter = sniffCsv(Buffer.from(text.slice(0, 65536), 'utf8')).delimiter;
  const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  if (!records.length) throw new IngestError('Fichier CSV vide : une ligne d’en-tête et des lignes de points sont attendues.');
  const [header, ...rows] = records;
  const maxRows = opts.maxRows ?? 200_000;
  if (rows.length > maxRows) throw new IngestError(`Trop de lignes : ${rows.length} (maximum ${maxRows}). Découpez le fichier.`);

  let x = findColumn(header, opts.lonColumn, LON_NAMES);
  let y = findColumn(header, opts.latColumn, LAT_NAMES);
  let crs = opts.crs ?? WGS84;
  if ((!x || !y) && !opts.lonColumn && !opts.latColumn) {
    x = findColumn(header, undefined, X_NAMES);
    y = findColumn(header, undefined, Y_NAMES);
    crs = opts.crs ?? 2154;
  }
  if (!x || !y) {
    throw new IngestError('Colonnes de coordonnées introuvables : nommez-les (paramètres lonColumn et latColumn) ou utilisez longitude/latitude.', [
      { field: [opts.lonColumn, opts.latColumn].filter(Boolean).join(', ') || undefined, message: `Colonnes présentes : ${header.join(', ')}` },
    ]);
  }
  if (!isKnownCrs(crs)) throw new IngestError(`Système de coordonnées inconnu : EPSG:${crs}.`);
  const xi = header.indexOf(x), yi = header.indexOf(y);
  const epsgCol = header.findIndex((h) => h.trim().toLowerCase() === 'epsg');
  const tolerance = opts.tolerance ?? 0;
  const indexes = sets.map((s) => lookupIndexFor(s));
  const issues: IngestIssue[] = [];
  let located = 0;

  const added = sets.flatMap((s) => [`qpv_${s.generation}`, `qpv_proche_${s.generation}`, `distance_${s.generation}_m`, `statut_${s.generation}`]);
  const outHeader = [...header, ...added, 'avertissement'];
  const out: Record<string, unknown>[] = rows.map((r, k) => {
    const rec: Record<string, unknown> = {};
    header.forEach((h, c) => (rec[h] = r[c] ?? ''));
    let answer: LookupAnswer | null = null;
    try {
      const vx = parseFrenchNumber(r[xi] ?? ''), vy = parseFrenchNumber(r[yi] ?? '');
      const rowCrs = epsgCol >= 0 && !opts.crs && crs !== WGS84 ? parseCrsName(r[epsgCol] ?? '') ?? crs : crs;
      if (!Number.isFinite(vx) || !Number.isFinite(vy)) throw new Error('coordonnées manquantes ou non numériques');
      const pt = rowCrs === WGS84 ? { lon: vx, lat: vy } : toLonLat(vx, vy, rowCrs);
      if (!(Math.abs(pt.lon) <= 180 && Math.abs(pt.lat) <= 90)) throw new Error('coordonnées hors du globe (mauvais système de coordonnées ?)');
      answer = lookupPoint(pt, indexes, { tolerance, vecuDistances: [] });
      located++;
    } catch (e) {
      if (issues.length < 100) issues.push({ line: k + 2, field: `${x}, ${y}`, message: (e as Error).message });
    }
    sets.forEach((s, i) => {
      const a = answer?.answers[i];
      rec[`qpv_${s.generation}`] = a?.qpv?.code ?? null;
      rec[`qpv_proche_${s.generation}`] = a ? a.qpv?.code ?? a.nearest?.code ?? null : null;
      rec[`distance_${s.generation}_m`] = a ? Math.round((a.status === 'inside' ? 0 : a.nearest?.distance ?? NaN) * 10) / 10 : null;
      rec[`statut_${s.generation}`] = a ? statusText(a, tolerance) : 'coordonnées illisibles';
    });
    rec.avertissement = answer ? LOOKUP_DISCLAIMER : `Ligne non traitée : ${issues.at(-1)?.message ?? 'coordonnées illisibles'}`;
    return rec;
  });
  const separator = delimiter === ';' ? ';' : ',';
  return { csv: toCsv(out, { columns: outHeader, separator, bom: true }), rows: rows.length, located, issues, columns: { x, y, crs } };
}
