// Prints the speed of poverty pockets: over the Oise extract (the five demo communes, then the whole
// 51.2 km square), and over the synthetic national grid when bench/out/national-cells.csv exists
// (made by scripts/generate-national-cells.ts): union-find alone, then the whole analysis.
// Run: npx tsx bench/pockets.ts
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';
import { readFilosofiCells } from '../server/adapters/formats/filosofi.ts';
import { loadPerimeter } from '../server/app/memoryWorkspace.ts';
import { initGeos } from '../server/domain/geometry/geos.ts';
import { cellClusters } from '../server/domain/cellClusters.ts';
import { povertyPockets } from '../server/domain/povertyPockets.ts';
import { studyAreaFromCommunes } from '../server/domain/studyArea.ts';
import { projectPolygonal } from '../server/domain/project.ts';
import type { CellGrid, Polygonal } from '../server/domain/model.ts';
import { loadOise, OISE_DEMO_COMMUNES } from '../test/fixtures/pocketsOise.ts';

await initGeos();
const fmt = (x: number) => Math.round(x).toLocaleString('fr-FR');

function time<T>(fn: () => T, repeat = 1): { ms: number; value: T } {
  let value = fn(); // warm-up
  const t = performance.now();
  for (let r = 0; r < repeat; r++) value = fn();
  return { ms: (performance.now() - t) / repeat, value };
}

/** The selection the default rule makes (rate ≥ 30 %, ≥ 5 households), without the study area. */
function poorCells(grid: CellGrid): Uint8Array {
  const sel = new Uint8Array(grid.count);
  const men = grid.values.men!, poor = grid.values.men_pauv!;
  for (let k = 0; k < grid.count; k++) if (men[k] >= 5 && poor[k] / men[k] >= 0.3) sel[k] = 1;
  return sel;
}

function squareLonLat(grid: CellGrid): Polygonal {
  let minI = Infinity, minJ = Infinity, maxI = -Infinity, maxJ = -Infinity;
  for (let k = 0; k < grid.count; k++) {
    minI = Math.min(minI, grid.i[k]); maxI = Math.max(maxI, grid.i[k] + 1);
    minJ = Math.min(minJ, grid.j[k]); maxJ = Math.max(maxJ, grid.j[k] + 1);
  }
  const s = grid.size;
  const [x0, y0, x1, y1] = [minI * s, minJ * s, maxI * s, maxJ * s];
  // Densified edges so the lonLat square, projected back, still holds every cell.
  const ring: [number, number][] = [];
  const n = 64;
  for (let a = 0; a < n; a++) ring.push([x0 + ((x1 - x0) * a) / n, y0]);
  for (let a = 0; a < n; a++) ring.push([x1, y0 + ((y1 - y0) * a) / n]);
  for (let a = 0; a < n; a++) ring.push([x1 - ((x1 - x0) * a) / n, y1]);
  for (let a = 0; a < n; a++) ring.push([x0, y1 - ((y1 - y0) * a) / n]);
  ring.push(ring[0]);
  return projectPolygonal({ type: 'Polygon', coordinates: [ring] }, grid.epsg, 4326);
}

// Oise.
const oise = await loadOise();
const grid = oise.cells.grids[0];
const qpvs = oise.perimeters.perimeters.map((p) => loadPerimeter(p, 'qpv'));
const communes = oise.communes.items;
console.log(`Oise, Filosofi 2017: ${fmt(grid.count)} cells, ${qpvs.length} QPV 2024`);
const sel = poorCells(grid);
const cc = time(() => cellClusters(grid, sel, 8), 200);
console.log(`  cellClusters (8 neighbours), whole extract   ${cc.ms.toFixed(3).padStart(9)} ms  (${cc.value.clusters} clusters)`);
const demo = studyAreaFromCommunes(communes, { communes: OISE_DEMO_COMMUNES }).area!;
const a = time(() => povertyPockets({ grids: [grid], studyArea: demo, qpvs, communes }), 20);
console.log(`  povertyPockets, 5 demo communes              ${a.ms.toFixed(1).padStart(9)} ms  (${a.value.studyArea.cells} cells, ${a.value.pockets.length} pockets)`);
const whole = squareLonLat(grid);
const b = time(() => povertyPockets({ grids: [grid], studyArea: whole, qpvs, communes }), 5);
console.log(`  povertyPockets, whole 51.2 km square         ${b.ms.toFixed(1).padStart(9)} ms  (${b.value.studyArea.cells} cells, ${b.value.pockets.length} pockets)`);

// National synthetic grid.
const national = join(PROJECT_ROOT, 'bench/out/national-cells.csv');
if (!existsSync(national)) {
  console.log(`National grid: ${national} absent (npx tsx scripts/generate-national-cells.ts) — skipped.`);
} else {
  const t0 = performance.now();
  const cells = await readFilosofiCells(national, { vintage: '2019' });
  const g = cells.grids[0];
  console.log(`National synthetic grid: ${fmt(g.count)} cells read in ${fmt(performance.now() - t0)} ms (ingest, not pockets)`);
  const nsel = poorCells(g);
  let flagged = 0;
  for (const v of nsel) flagged += v;
  const n8 = time(() => cellClusters(g, nsel, 8), 5);
  const n4 = time(() => cellClusters(g, nsel, 4), 5);
  console.log(`  cellClusters, ${fmt(flagged)} flagged cells: 8 neighbours ${n8.ms.toFixed(0)} ms (${fmt(n8.value.clusters)} clusters), 4 neighbours ${n4.ms.toFixed(0)} ms`);
  const all = new Uint8Array(g.count).fill(1);
  const full = time(() => cellClusters(g, all, 8), 3);
  console.log(`  cellClusters, every cell selected (worst case) ${full.ms.toFixed(0)} ms (${fmt(full.value.clusters)} clusters)`);
  const area = squareLonLat(g);
  const t1 = performance.now();
  const r = povertyPockets({ grids: [g], studyArea: area, qpvs: [] });
  console.log(`  povertyPockets, all of métropole, no QPV     ${fmt(performance.now() - t1)} ms  (${fmt(r.studyArea.cells)} cells, ${fmt(r.studyArea.flaggedCells)} flagged, ${fmt(r.pockets.length)} pockets, ${fmt(r.rejected.length)} rejected)`);
  console.log(`  peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
}
