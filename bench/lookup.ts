// Point-lookup throughput: 100k random points over the bounding box of a real perimeter set
// (QPV 2024 Occitanie by default, 108 quartiers), index built once. Prints points/s.
// Usage: npx tsx bench/lookup.ts [n=100000] [file relative to the shared data dir]
import { buildLookupIndex, lookupPoint } from '../server/domain/pointLookup.ts';
import { realPerimeterSet } from '../test/support/h7RealData.ts';

const n = Number(process.argv[2] ?? 100_000);
const file = process.argv[3] ?? 'qpv2024-anct/qpv2024_occitanie.geojson';
const set = realPerimeterSet(file, '2024');

let t = performance.now();
const index = buildLookupIndex(set);
console.log(`index: ${set.items.length} perimeters in ${(performance.now() - t).toFixed(1)} ms`);

// Deterministic points (LCG), half spread over the whole extent, half within 2 km of a perimeter.
let seed = 42;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
for (const p of set.items) {
  minX = Math.min(minX, p.bbox[0]); minY = Math.min(minY, p.bbox[1]);
  maxX = Math.max(maxX, p.bbox[2]); maxY = Math.max(maxY, p.bbox[3]);
}
const pts = Array.from({ length: n }, (_, k) => {
  if (k % 2 === 0) return { lon: minX + rnd() * (maxX - minX), lat: minY + rnd() * (maxY - minY) };
  const b = set.items[Math.floor(rnd() * set.items.length)].bbox;
  return { lon: b[0] - 0.02 + rnd() * (b[2] - b[0] + 0.04), lat: b[1] - 0.02 + rnd() * (b[3] - b[1] + 0.04) };
});

for (const [label, opts] of [
  ['in/out + nearest, no bands', { tolerance: 0, vecuDistances: [] as number[] }],
  ['tolerance 10 m + bands 300/500/1000', { tolerance: 10 }],
] as const) {
  t = performance.now();
  const status: Record<string, number> = {};
  for (const pt of pts) {
    const s = lookupPoint(pt, [index], opts).answers[0].status;
    status[s] = (status[s] ?? 0) + 1;
  }
  const ms = performance.now() - t;
  console.log(`${label}: ${n} points in ${ms.toFixed(0)} ms → ${Math.round((n / ms) * 1000).toLocaleString('fr-FR')} points/s ${JSON.stringify(status)}`);
}
