// Shared by the polygon ingest adapters (perimeters, extensions, communes, buildings): attribute
// lookup by any of a schema's names, and geometry checks/repair done in the metric CRS.
import { basename } from 'node:path';
import type { Geometry, Position } from 'geojson';
import type { IngestIssue, Polygonal } from '../../domain/model.ts';
import { converter, metricCrsAt, WGS84 } from '../../domain/crs.ts';
import { initGeos, makeValid, validityReason } from '../../domain/geometry/geos.ts';
import { readVectorFile, type VectorReadOptions, type VectorSource } from './vectorSource.ts';

/**
 * Reads a vector file's features in lonLat with GEOS ready for `checkPolygonal`; returns them with
 * the file's name for messages and a copy of the source's issues for the reader to add to.
 */
export async function readPolygonalSource(path: string, opts: VectorReadOptions): Promise<{ fileName: string; src: VectorSource; issues: IngestIssue[] }> {
  await initGeos();
  const fileName = opts.fileName ?? basename(path);
  const src = await readVectorFile(path, { crs: opts.crs, fileName, layer: opts.layer });
  return { fileName, src, issues: [...src.issues] };
}

/** A property value by the first of `names` present (case-insensitive), as trimmed text; null when absent or blank. */
export function pick(props: Record<string, unknown>, names: string[]): string | null {
  const lower = new Map<string, unknown>();
  for (const [k, v] of Object.entries(props)) lower.set(k.toLowerCase(), v);
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return null;
}

/** The département of an INSEE commune code: "60175" → "60", "2A004" → "2A", "97101" → "971". */
export { departementOfCommuneCode as departementOfCommune } from '../../domain/commonCoverage.ts';

/** INSEE commune codes in a field such as "60175, 60414" (5 characters each, Corsica 2A/2B); others are dropped. */
export function communeCodes(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/[,;|\s]+/)
    .map((s) => s.trim().toUpperCase())
    .map((s) => (/^\d{4}$/.test(s) ? `0${s}` : s)) // "9261" read as a number lost its leading zero
    .filter((s) => /^(\d{5}|2[AB]\d{3})$/.test(s));
}

export interface PolygonCheck {
  geometry: Polygonal | null; // lonLat, valid; null when refused
  problem: string | null; // why the geometry must be refused (French)
  repaired: string | null; // GEOS's reason when MakeValid repaired it
  closedRings: number; // rings that were not closed and were closed here
}

function ringsOf(g: Polygonal): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function mapPolygonal(g: Polygonal, f: (x: number, y: number) => [number, number]): Polygonal {
  const ring = (r: Position[]) => r.map((p) => f(p[0], p[1]) as Position);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/** The polygonal geometry as given (merging a collection of polygons), or a French reason why it is not one. */
function asPolygonal(g: Geometry | null): Polygonal | string {
  if (!g) return 'géométrie absente';
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return g;
  if (g.type === 'GeometryCollection' && g.geometries.length > 0 && g.geometries.every((c) => c.type === 'Polygon' || c.type === 'MultiPolygon')) {
    return { type: 'MultiPolygon', coordinates: g.geometries.flatMap((c) => ringsOf(c as Polygonal)) };
  }
  return `géométrie non surfacique (${g.type})`;
}

/**
 * Checks a lonLat geometry for polygon ingest: refuses absent/empty/non-polygonal ones, closes open
 * rings, validates with GEOS in the local metric CRS and repairs with MakeValid. Call initGeos() first.
 */
export function checkPolygonal(g: Geometry | null): PolygonCheck {
  const p = asPolygonal(g);
  if (typeof p === 'string') return { geometry: null, problem: p, repaired: null, closedRings: 0 };
  let closedRings = 0;
  const polys = ringsOf(p)
    .map((rings) => rings.filter((r) => r.length > 0).map((r) => {
      const a = r[0];
      const b = r[r.length - 1];
      if (a[0] === b[0] && a[1] === b[1]) return r;
      closedRings++;
      return [...r, a];
    }))
    .filter((rings) => rings.length > 0);
  if (polys.length === 0) return { geometry: null, problem: 'géométrie vide', repaired: null, closedRings };
  const closed: Polygonal = p.type === 'Polygon' && polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  for (const rings of polys) for (const r of rings) for (const q of r) {
    if (!Number.isFinite(q[0]) || !Number.isFinite(q[1])) return { geometry: null, problem: 'coordonnée non numérique', repaired: null, closedRings };
  }
  const first = polys[0][0][0];
  const metricEpsg = metricCrsAt(first[0], first[1]);
  const metric = mapPolygonal(closed, converter(WGS84, metricEpsg));
  const reason = validityReason(metric);
  if (!reason) return { geometry: closed, problem: null, repaired: null, closedRings };
  let fixed: Polygonal | null = null;
  try {
    fixed = makeValid(metric);
  } catch {
    fixed = null;
  }
  // GEOS locates the problem in metres: say it in lon/lat, which users can paste in a map.
  const back = converter(metricEpsg, WGS84);
  const where = reason.replace(/\[(-?[\d.e+-]+) (-?[\d.e+-]+)\]/i, (_m, x: string, y: string) => {
    const [lon, lat] = back(Number(x), Number(y));
    return ` près de ${lon.toFixed(5)}, ${lat.toFixed(5)}`;
  });
  if (!fixed) return { geometry: null, problem: `géométrie invalide et irréparable (${where})`, repaired: null, closedRings };
  return { geometry: mapPolygonal(fixed, back), problem: null, repaired: where, closedRings };
}

/** GEOS reasons in French for issue messages ("Self-intersection[x y]" → "auto-intersection"). */
export function reasonFr(reason: string): string {
  const table: [RegExp, string][] = [
    [/^Ring Self-intersection/i, 'anneau qui se recoupe'],
    [/^Self-intersection/i, 'auto-intersection'],
    [/^Too few points/i, 'anneau de moins de 3 points distincts'],
    [/^Ring not closed/i, 'anneau non fermé'],
    [/^Hole lies outside shell/i, 'trou hors du contour'],
    [/^Nested shells/i, 'contours imbriqués'],
    [/^Nested holes/i, 'trous imbriqués'],
    [/^Interior is disconnected/i, 'intérieur déconnecté'],
    [/^Duplicate Rings/i, 'anneaux en double'],
    [/^Invalid Coordinate/i, 'coordonnée invalide'],
  ];
  for (const [re, fr] of table) if (re.test(reason)) return `${fr} (GEOS : ${reason})`;
  return `GEOS : ${reason}`;
}
