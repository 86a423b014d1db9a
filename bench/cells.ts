// Benchmark of the cell pipeline at national scale: parse, memory, encode/decode, lookup, aggregation,
// vector tiles. Generates the synthetic national file first if missing. Prints figures; asserts nothing.
// Usage: tsx bench/cells.ts [national.csv]   (QPV_ATLAS_SHARED_DATA for the Oise extract)
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readFilosofiCells } from '../server/adapters/formats/filosofi.ts';
import { aggregateGrid, decodeCellGrid, encodeCellGrid, findCell } from '../server/domain/cellGrid.ts';
import { CellTiler } from '../server/domain/cellTiles.ts';
import type { CellGrid } from '../server/domain/model.ts';
import { resolveSharedDataDir } from '../server/config.ts';
import { DEFAULT_NATIONAL_CELLS_PATH, generateNationalCells } from '../scripts/generate-national-cells.ts';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('fr-FR')}/s`;
const maxRss = () => process.resourceUsage().maxRSS * 1024;
function gridBytes(g: CellGrid): number {
  let b = g.i.byteLength + g.j.byteLength + g.imputed.byteLength;
  for (const v of Object.values(g.values)) b += v!.byteLength;
  return b;
}
function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

const path = resolve(process.argv[2] ?? DEFAULT_NATIONAL_CELLS_PATH);
if (!existsSync(path)) {
  console.log(`génération de ${path}…`);
  const t0 = performance.now();
  await generateNationalCells(path);
  console.log(`  généré en ${secs(performance.now() - t0)}`);
}

console.log(`# national synthetic grid (${mb(statSync(path).size)} CSV)`);
const rssBefore = maxRss();
let t0 = performance.now();
const r = await readFilosofiCells(path, { vintage: '2019' });
const parseMs = performance.now() - t0;
const grid = r.grids[0];
console.log(`parse            ${secs(parseMs)}  ${grid.count.toLocaleString('fr-FR')} cells  ${rate(grid.count, parseMs)}  issues ${r.issues.length}`);
console.log(`memory           grid columns ${mb(gridBytes(grid))} (+ communes strings)  peak RSS ${mb(maxRss())} (before parse ${mb(rssBefore)})`);

const [enc, encMs] = time(() => encodeCellGrid(grid));
const [dec, decMs] = time(() => decodeCellGrid(enc.meta, enc.columns));
const copies = Object.fromEntries(Object.entries(enc.columns).map(([k, v]) => [k, Uint8Array.prototype.slice.call(v)]));
const [, dec2Ms] = time(() => decodeCellGrid(enc.meta, copies));
console.log(`encode/decode    encode ${encMs.toFixed(1)} ms  decode (zero-copy) ${decMs.toFixed(1)} ms  decode (fresh buffers) ${dec2Ms.toFixed(1)} ms  ${dec.count === grid.count ? 'ok' : 'MISMATCH'}`);

{
  const n = 1_000_000;
  let seed = 42;
  const pick = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % grid.count;
  let hits = 0;
  const [, ms] = time(() => {
    for (let q = 0; q < n; q++) {
      const k = pick();
      if (findCell(grid, grid.i[k] + (q & 1), grid.j[k]) >= 0) hits++;
    }
  });
  console.log(`findCell         ${rate(n, ms)}  (${n.toLocaleString('fr-FR')} lookups, ${hits.toLocaleString('fr-FR')} hits)`);
}
for (const f of [5, 10, 20, 40]) {
  const [a, ms] = time(() => aggregateGrid(grid, f));
  console.log(`aggregateGrid    ×${f} (${(200 * f) / 1000} km)  ${ms.toFixed(0)} ms  → ${a.count.toLocaleString('fr-FR')} cells`);
}

async function tileBench(label: string, g: CellGrid, centreLonLat: [number, number]): Promise<void> {
  const tiler = new CellTiler(g);
  const [, warmMs] = time(() => tiler.warm());
  console.log(`# tiles, ${label}: aggregated levels built in ${warmMs.toFixed(0)} ms`);
  for (const z of [6, 8, 10, 12, 14]) {
    const n = 1 << z;
    const cx = Math.floor(((centreLonLat[0] + 180) / 360) * n);
    const latRad = (centreLonLat[1] * Math.PI) / 180;
    const cy = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
    const span = z >= 12 ? 4 : 2; // a block of tiles around the centre, like a map view
    let tiles = 0;
    let bytes = 0;
    let features = 0;
    const [, ms] = time(() => {
      for (let rep = 0; rep < 3; rep++) {
        for (let dx = -span; dx < span; dx++) {
          for (let dy = -span; dy < span; dy++) {
            const t = tiler.tile(z, cx + dx, cy + dy);
            tiles++;
            if (t) {
              bytes += t.bytes.byteLength;
              features += t.features;
            }
          }
        }
      }
    });
    console.log(`z${String(z).padEnd(3)} ${rate(tiles, ms).padStart(9)} tiles  mean ${(ms / tiles).toFixed(2)} ms  mean ${(bytes / tiles / 1024).toFixed(1)} KB  ${Math.round(features / tiles)} features/tile`);
  }
}

await tileBench('national synthetic', grid, [2.35, 48.85]);
const oise = (await readFilosofiCells(join(resolveSharedDataDir(), 'filosofi2017-200m-oise/filosofi2017_200m_compiegne_creil.csv'))).grids[0];
await tileBench('Oise extract', oise, [2.47, 49.26]);
console.log(`peak RSS overall ${mb(maxRss())}`);
