// Reprojection of GeoJSON coordinates and bounding boxes. Pure computation.
import type { Position } from 'geojson';
import type { Polygonal } from './model.ts';
import { converter } from './crs.ts';

/** Returns a copy of a polygonal geometry reprojected from EPSG:from to EPSG:to. */
export function projectPolygonal(g: Polygonal, from: number, to: number): Polygonal {
  if (from === to) return g;
  const conv = converter(from, to);
  const ring = (r: Position[]) => r.map(([x, y]) => conv(x, y) as Position);
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(ring) };
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/** Returns [minX, minY, maxX, maxY] of a polygonal geometry, in its own CRS. */
export function bboxOf(g: Polygonal): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const p of polys) for (const r of p) for (const [x, y] of r) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** True when two [minX, minY, maxX, maxY] boxes overlap (touching counts). */
export function bboxIntersects(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
