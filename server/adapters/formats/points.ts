// Users' own facility lists → facilities in lonLat: a CSV with coordinate columns, or GeoJSON
// Point/MultiPoint features.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CRS_EXTENTS, LAMBERT93, parseCrsName, WGS84 } from '../../domain/crs.ts';
import { facilityType, isBpeCode } from '../../domain/facilityTypes.ts';
import { IngestError, type Facility } from '../../domain/model.ts';
import { parseFrenchNumber, readCsvRows } from './csv.ts';
import {
  columnFinder, inCrsExtent, IssueList, mostRowsFailed, toLonLat,
  type FacilityReadOptions, type FacilityReadResult,
} from './facilityRows.ts';

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x'];
const LAT_NAMES = ['lat', 'latitude', 'y'];
const LABEL_NAMES = ['name', 'nom', 'libelle', 'label'];
const ID_NAMES = ['id', 'identifiant'];
const COMMUNE_NAMES = ['commune', 'code_commune', 'code_insee', 'insee', 'depcom', 'insee_com'];

interface RawPoint {
  line?: number; // CSV row
  feature?: string; // GeoJSON "#index"
  x: number;
  y: number;
  id: string;
  name: string | null;
  type: string;
  commune: string | null;
  properties: Record<string, unknown>;
}

/** Type code and label of a user point: a BPE code is labelled from the table, free text kept as is. */
function userType(value: string): { type: string; typeLabel: string } {
  const v = value.trim();
  if (!v) return { type: 'user', typeLabel: facilityType('user').label };
  if (isBpeCode(v)) { const t = facilityType(v); return { type: t.code, typeLabel: t.label }; }
  return { type: v, typeLabel: v };
}

/**
 * Refuses the whole file when most coordinates fall outside the declared CRS's extent: the usual
 * mistake is Lambert-93 metres read as lon/lat (or the reverse), which must never be ingested.
 */
function checkDeclaredCrs(points: RawPoint[], crs: number, where: string, file: string): void {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (!finite.length) return;
  const outside = finite.filter((p) => !inCrsExtent(p.x, p.y, crs));
  if (outside.length <= finite.length / 2) return;
  const looksL93 = outside.filter((p) => inCrsExtent(p.x, p.y, LAMBERT93)).length > outside.length / 2;
  const looksDegrees = outside.filter((p) => inCrsExtent(p.x, p.y, WGS84)).length > outside.length / 2;
  const ex = outside[0];
  let hint = '';
  if (crs === WGS84 && looksL93) hint = ' Ce sont des coordonnées Lambert-93 (mètres) : précisez --crs 2154.';
  else if (crs !== WGS84 && looksDegrees) hint = ' Ce sont des degrés (longitude/latitude) : précisez --crs 4326.';
  throw new IngestError(
    `${file} : ${outside.length} points sur ${finite.length} ont des coordonnées (${where}) hors de l'emprise d'EPSG:${crs}` +
      ` [${CRS_EXTENTS[crs]?.join(', ') ?? '?'}], par exemple (${ex.x}, ${ex.y}).${hint}`,
    [{ file, line: ex.line, feature: ex.feature, field: where, message: `(${ex.x}, ${ex.y}) hors emprise EPSG:${crs}` }],
  );
}

function finish(raw: RawPoint[], crs: number, where: string, file: string, issues: IssueList, rows: number): FacilityReadResult {
  checkDeclaredCrs(raw, crs, where, file);
  const records: Facility[] = [];
  const counts: Record<string, number> = { rows, facilities: 0, withoutCoordinates: 0, badCoordinates: 0 };
  const ids = new Set<string>();
  for (const p of raw) {
    const pos = toLonLat(p.x, p.y, crs);
    if (typeof pos === 'string') {
      const missing = !Number.isFinite(p.x) && !Number.isFinite(p.y);
      counts[missing ? 'withoutCoordinates' : 'badCoordinates']++;
      issues.add({ line: p.line, feature: p.feature ?? p.id, message: missing ? 'point sans coordonnées, ignoré' : `${pos}, point ignoré` });
      continue;
    }
    let id = p.id;
    if (ids.has(id)) {
      issues.add({ line: p.line, feature: p.feature ?? id, message: `identifiant ${id} en double, rendu unique` });
      id = `${id}-${p.line ?? p.feature}`;
    }
    ids.add(id);
    records.push({ id, ...userType(p.type), name: p.name, lon: pos[0], lat: pos[1], commune: p.commune, quality: null, inseeQp: null, properties: p.properties });
  }
  counts.facilities = records.length;
  if (mostRowsFailed(rows, records.length)) {
    throw new IngestError(`${file} : ${rows - records.length} points sur ${rows} sans coordonnées utilisables, fichier refusé`, issues.done().slice(0, 50));
  }
  return { records, issues: issues.done(), sourceCrs: crs, counts, format: 'points', vintage: null };
}

/** Reads a CSV of points (lon/lat columns, or xColumn/yColumn in opts.crs); returns facilities in lonLat. */
export async function readPointsCsv(path: string, opts: FacilityReadOptions = {}): Promise<FacilityReadResult> {
  const file = opts.fileName ?? basename(path);
  const issues = new IssueList(file);
  const raw: RawPoint[] = [];
  let c = {} as Record<string, string | null>;
  for await (const { line, record } of readCsvRows(path, {
    onProgress: opts.onProgress,
    onWarning: (message) => issues.add({ message }),
    onHeader: (header) => {
      const col = columnFinder(header);
      const want = (given: string | undefined, what: string) => {
        if (given && !col(given)) throw new IngestError(`${file} : colonne ${what} « ${given} » absente (colonnes : ${header.join(', ')})`, [{ file, line: 1, field: given, message: 'colonne absente' }]);
      };
      want(opts.xColumn, 'x'); want(opts.yColumn, 'y'); want(opts.labelColumn, 'libellé'); want(opts.typeColumn, 'type'); want(opts.idColumn, 'identifiant');
      c = {
        x: opts.xColumn ? col(opts.xColumn) : col(...LON_NAMES),
        y: opts.yColumn ? col(opts.yColumn) : col(...LAT_NAMES),
        name: opts.labelColumn ? col(opts.labelColumn) : col(...LABEL_NAMES),
        type: opts.typeColumn ? col(opts.typeColumn) : null,
        id: opts.idColumn ? col(opts.idColumn) : col(...ID_NAMES),
        commune: col(...COMMUNE_NAMES),
      };
      if (!c.x || !c.y) {
        throw new IngestError(
          `${file} : colonnes de coordonnées introuvables ; attendues lon/lng/longitude/x et lat/latitude/y, ou précisez --x-column et --y-column (colonnes lues : ${header.join(', ')})`,
          [{ file, line: 1, message: 'colonnes de coordonnées absentes' }],
        );
      }
    },
  })) {
    const get = (k: string) => (c[k] ? record[c[k]!].trim() : '');
    const properties: Record<string, unknown> = { line };
    for (const [k, v] of Object.entries(record)) if (k !== c.x && k !== c.y && v !== '') properties[k] = v;
    raw.push({
      line, x: parseFrenchNumber(get('x')), y: parseFrenchNumber(get('y')), id: get('id') || `L${line}`,
      name: get('name') || null, type: get('type'), commune: get('commune') || null, properties,
    });
  }
  return finish(raw, opts.crs ?? WGS84, `colonnes ${c.x}, ${c.y}`, file, issues, raw.length);
}

/** Reads GeoJSON Point/MultiPoint features (other geometries reported); returns facilities in lonLat. */
export async function readPointsGeoJson(path: string, opts: FacilityReadOptions = {}): Promise<FacilityReadResult> {
  const file = opts.fileName ?? basename(path);
  const issues = new IssueList(file);
  let doc: { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } } };
  try {
    doc = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new IngestError(`${file} : JSON illisible (${(e as Error).message})`);
  }
  const features = doc.type === 'FeatureCollection' ? doc.features ?? [] : doc.type === 'Feature' ? [doc] : null;
  if (!features) throw new IngestError(`${file} : ni FeatureCollection ni Feature GeoJSON`);
  // RFC 7946 GeoJSON is lon/lat; older files may declare a CRS (e.g. urn:ogc:def:crs:EPSG::2154).
  const declared = doc.crs?.properties?.name ? parseCrsName(doc.crs.properties.name) : null;
  const crs = opts.crs ?? declared ?? WGS84;
  const raw: RawPoint[] = [];
  let k = 0, skipped = 0;
  for (const f of features as { geometry?: { type?: string; coordinates?: unknown }; properties?: Record<string, unknown> | null; id?: unknown }[]) {
    const feature = `#${k++}`;
    const props = f.properties ?? {};
    const col = columnFinder(Object.keys(props));
    const str = (name: string | null) => (name && props[name] !== null && props[name] !== undefined ? String(props[name]).trim() : '');
    const idCol = opts.idColumn ? col(opts.idColumn) : col(...ID_NAMES);
    const baseId = str(idCol) || (f.id !== undefined ? String(f.id) : feature);
    const g = f.geometry;
    const coords: unknown[] = g?.type === 'Point' ? [g.coordinates] : g?.type === 'MultiPoint' && Array.isArray(g.coordinates) ? g.coordinates : [];
    if (!coords.length) {
      issues.add({ feature, message: g ? `géométrie ${g.type} ignorée : seuls Point et MultiPoint sont lus` : 'entité sans géométrie, ignorée' });
      skipped++;
      continue;
    }
    coords.forEach((c, i) => {
      const [x, y] = Array.isArray(c) ? c.map(Number) : [NaN, NaN];
      raw.push({
        feature, x, y, id: coords.length > 1 ? `${baseId}-${i + 1}` : baseId,
        name: str(opts.labelColumn ? col(opts.labelColumn) : col(...LABEL_NAMES)) || null,
        type: str(opts.typeColumn ? col(opts.typeColumn) : null),
        commune: str(col(...COMMUNE_NAMES)) || null,
        properties: { ...props },
      });
    });
  }
  return finish(raw, crs, declared ? `géométries, CRS déclaré EPSG:${declared}` : 'géométries, lues en longitude/latitude (RFC 7946)', file, issues, raw.length + skipped);
}
