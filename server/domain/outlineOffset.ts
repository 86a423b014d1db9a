// How far apart two outlines of "the same" perimeter lie: the distances from points sampled along
// one outline to the other outline. Pure; planar, so pass metric coordinates (metres).
import type { Position } from 'geojson';
import type { Polygonal } from './model.ts';
import { boundaryDistance } from './geometry/geos.ts';

export interface OutlineOffset {
  max: number; // directed Hausdorff distance a → b (metres): the widest sliver a can leave
  p95: number; // 95th percentile of the sampled distances (metres)
  median: number; // metres
  samples: number;
}

/** Points every `step` metres along every ring of g (vertices included), in g's CRS. */
export function sampleOutline(g: Polygonal, step: number): Position[] {
  const out: Position[] = [];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) for (const ring of rings) {
    for (let k = 0; k + 1 < ring.length; k++) {
      const [ax, ay] = ring[k];
      const [bx, by] = ring[k + 1];
      const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
      for (let s = 0; s < n; s++) out.push([ax + ((bx - ax) * s) / n, ay + ((by - ay) * s) / n]);
    }
  }
  return out;
}

/** Distances (metres) from points sampled every `step` m along a's outline to b's outline: max, p95, median. */
export function outlineOffset(a: Polygonal, b: Polygonal, step = 2): OutlineOffset {
  const d = sampleOutline(a, step).map(([x, y]) => boundaryDistance(b, x, y)).sort((p, q) => p - q);
  const at = (q: number) => (d.length ? d[Math.min(d.length - 1, Math.floor(q * d.length))] : 0);
  return { max: d.length ? d[d.length - 1] : 0, p95: at(0.95), median: at(0.5), samples: d.length };
}
