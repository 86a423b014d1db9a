// Prints the speed of indicators for areas: every Oise 2024 QPV (ms per QPV, cell/polygon pairs per
// second), then every Oise commune of the extract (large polygons), then dasymetric mode on the QPVs.
// Run: npx tsx bench/indicators.ts
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection } from 'geojson';
import type { Building, Polygonal } from '../server/domain/model.ts';
import { arealWeights } from '../server/domain/arealWeights.ts';
import { indicatorsForArea } from '../server/domain/indicators.ts';
import { initGeos } from '../server/domain/geometry/geos.ts';
import { projectPolygonal, bboxOf } from '../server/domain/project.ts';
import { OISE_COMMUNES, oiseGrid, oiseQpvs } from '../server/domain/__fixtures__/indicators/oise.ts';

const grid = await oiseGrid();
const qpvs = oiseQpvs();

function run(label: string, areas: Polygonal[], repeat: number, opts?: Parameters<typeof indicatorsForArea>[2]): void {
  let pairs = 0;
  for (const a of areas) pairs += arealWeights(grid, projectPolygonal(a, 4326, 3035)).index.length;
  for (const a of areas) indicatorsForArea([grid], a, opts); // warm-up
  const t = performance.now();
  for (let r = 0; r < repeat; r++) for (const a of areas) indicatorsForArea([grid], a, opts);
  const ms = performance.now() - t;
  const n = areas.length * repeat;
  console.log(
    `${label.padEnd(36)} ${(ms / n).toFixed(3).padStart(8)} ms/area  ${Math.round((pairs * repeat) / (ms / 1000)).toLocaleString('fr-FR').padStart(11)} pairs/s` +
      `  (${areas.length} areas × ${repeat}, ${pairs} cell/polygon pairs per round, ${ms.toFixed(0)} ms)`,
  );
}

console.log(`Filosofi 2017 Oise: ${grid.count} cells`);
for (const q of qpvs) {
  const t = performance.now();
  for (let r = 0; r < 50; r++) indicatorsForArea([grid], q.geometry);
  console.log(`  ${q.code} ${q.name.padEnd(24)} ${((performance.now() - t) / 50).toFixed(3)} ms`);
}
run('every Oise QPV (areal)', qpvs.map((q) => q.geometry), 200);

// Communes whose bbox lies within the extract (E 3,763,200–3,814,400 × N 2,921,600–2,972,800).
const fc = JSON.parse(readFileSync(OISE_COMMUNES, 'utf8')) as FeatureCollection;
const communes = (fc.features as Feature<Polygonal>[]).map((f) => f.geometry).filter((g) => {
  const [x0, y0, x1, y1] = bboxOf(projectPolygonal(g, 4326, 3035));
  return x0 > 3763200 && x1 < 3814400 && y0 > 2921600 && y1 < 2972800;
});
run('Oise communes inside the extract', communes, 3);

// Dasymetric: synthetic residential footprints (12 m squares on a 40 m lattice) around the QPVs.
await initGeos();
const buildings: Building[] = [];
for (const q of qpvs) {
  const [x0, y0, x1, y1] = bboxOf(projectPolygonal(q.geometry, 4326, 3035));
  for (let x = x0 - 200; x < x1 + 200; x += 40) for (let y = y0 - 200; y < y1 + 200; y += 40) {
    const ring = [[x, y], [x + 12, y], [x + 12, y + 12], [x, y + 12], [x, y]];
    buildings.push({ id: `b${buildings.length}`, residential: true, floors: 1 + (buildings.length % 5), geometry: projectPolygonal({ type: 'Polygon', coordinates: [ring] }, 3035, 4326) });
  }
}
const t = performance.now();
indicatorsForArea([grid], qpvs[0].geometry, { mode: 'dasymetric', buildings }); // includes projecting + indexing
console.log(`dasymetric: ${buildings.length} buildings, first call (projection + index) ${(performance.now() - t).toFixed(0)} ms`);
run('every Oise QPV (dasymetric)', qpvs.map((q) => q.geometry), 5, { mode: 'dasymetric', buildings });
