// Facility files of any supported kind → facilities in lonLat: detects BPE, Éducation nationale
// school lists and users' points from the header, and dispatches to the matching reader.
import { extname } from 'node:path';
import { readBpe } from './bpe.ts';
import { readHead, sniffCsv, decodeWindows1252 } from './csv.ts';
import type { FacilityFormat, FacilityReadOptions, FacilityReadResult } from './facilityRows.ts';
import { readPointsCsv, readPointsGeoJson } from './points.ts';
import { readSchools } from './schools.ts';

export type { FacilityFormat, FacilityReadOptions, FacilityReadResult } from './facilityRows.ts';

/** Returns the facility format of a file from its extension and header: 'bpe', 'schools' or 'points'. */
export async function detectFacilityFormat(path: string): Promise<{ format: FacilityFormat; geojson: boolean }> {
  const head = await readHead(path);
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const ext = extname(path).toLowerCase();
  if (ext === '.geojson' || ext === '.json' || text.trimStart().startsWith('{')) return { format: 'points', geojson: true };
  const sniff = sniffCsv(head);
  const firstLine = (sniff.encoding === 'utf-8' ? text : decodeWindows1252(head)).split(/\r?\n/, 1)[0];
  const columns = firstLine.split(sniff.delimiter).map((c) => c.replace(/^"|"$/g, '').trim().toUpperCase());
  if (columns.includes('TYPEQU')) return { format: 'bpe', geojson: false };
  if (columns.includes('NUMERO_UAI')) return { format: 'schools', geojson: false };
  return { format: 'points', geojson: false };
}

/** Reads a facility file (BPE CSV, school list CSV, points CSV or GeoJSON); facilities in lonLat (EPSG:4326). */
export async function readFacilities(path: string, opts: FacilityReadOptions = {}): Promise<FacilityReadResult> {
  const detected = await detectFacilityFormat(path);
  const format = opts.format ?? detected.format;
  if (format === 'bpe') return readBpe(path, opts);
  if (format === 'schools') return readSchools(path, opts);
  return detected.geojson ? readPointsGeoJson(path, opts) : readPointsCsv(path, opts);
}
