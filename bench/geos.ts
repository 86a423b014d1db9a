// Prints GEOS (geos-wasm) throughput on ~200-vertex polygons in Lambert-93 metres: buffer and difference.
import type { Polygon } from 'geojson';
import { initGeos, buffer, difference, intersection, union } from '../server/domain/geometry/geos.ts';

/** A star-ish 200-vertex polygon around (cx, cy), radius ~r metres, deterministic wiggles. */
function blob(cx: number, cy: number, r: number, seed: number): Polygon {
  const ring: number[][] = [];
  for (let k = 0; k < 200; k++) {
    const a = (2 * Math.PI * k) / 200;
    const rr = r * (1 + 0.15 * Math.sin(7 * a + seed) + 0.05 * Math.sin(31 * a + 2 * seed));
    ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

function rate(label: string, n: number, fn: (i: number) => unknown): void {
  fn(0);
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const ms = performance.now() - t;
  console.log(`${label.padEnd(34)} ${((n / ms) * 1000).toFixed(0).padStart(7)} ops/s  (${n} in ${ms.toFixed(0)} ms)`);
}

await initGeos();
const polys = Array.from({ length: 50 }, (_, i) => blob(650_000 + i * 13, 6_860_000 + i * 7, 400, i));
const others = Array.from({ length: 50 }, (_, i) => blob(650_250 + i * 11, 6_860_120 - i * 5, 380, i + 100));
rate('buffer 300 m (quadSegs 8)', 300, (i) => buffer(polys[i % 50], 300));
rate('buffer 10 m (quadSegs 8)', 300, (i) => buffer(polys[i % 50], 10));
rate('difference', 2000, (i) => difference(polys[i % 50], others[i % 50]));
rate('intersection', 2000, (i) => intersection(polys[i % 50], others[i % 50]));
rate('union', 2000, (i) => union(polys[i % 50], others[i % 50]));
