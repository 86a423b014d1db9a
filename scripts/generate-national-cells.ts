// Writes a synthetic national Filosofi file (2019 schema, ~2.3 M populated 200 m cells over
// métropole in EPSG:3035) for benchmarks. Values are plausible and internally consistent, not real.
// Usage: tsx scripts/generate-national-cells.ts [out.csv] [rows]   (default bench/out/national-cells.csv)
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../server/config.ts';

export const DEFAULT_NATIONAL_CELLS_PATH = resolve(PROJECT_ROOT, 'bench/out/national-cells.csv');
export const NATIONAL_ROWS = 2_300_000;

const HEADER = [
  'idcar_200m', 'idcar_1km', 'idcar_nat', 'i_est_200', 'i_est_1km', 'lcog_geo',
  'ind', 'men', 'men_pauv', 'men_1ind', 'men_5ind', 'men_prop', 'men_fmp', 'ind_snv', 'men_surf',
  'men_coll', 'men_mais', 'log_av45', 'log_45_70', 'log_70_90', 'log_ap90', 'log_inc', 'log_soc',
  'ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17', 'ind_18_24', 'ind_25_39', 'ind_40_54', 'ind_55_64',
  'ind_65_79', 'ind_80p', 'ind_inc',
];

/** mulberry32: a small seeded PRNG so that every run writes the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Métropole's bounding box in EPSG:3035, in 200 m grid units.
const I0 = 3_200_000 / 200;
const I1 = 4_250_000 / 200;
const J0 = 2_050_000 / 200;
const J1 = 3_100_000 / 200;
const WIDTH = I1 - I0;

/**
 * Writes `rows` synthetic populated cells to `path`, sorted by id as INSEE ships them; returns the row
 * count. Settlements are Gaussian blobs of cells (a few cities, many villages) so that aggregation and
 * tiles see realistic clustering.
 */
export async function generateNationalCells(path: string, rows = NATIONAL_ROWS, seed = 2019): Promise<number> {
  const rand = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const keys = new Set<number>();
  const town = new Map<number, number>(); // cell key → settlement index, for density and commune code
  const towns: { density: number; code: string }[] = [];
  while (keys.size < rows) {
    const t = towns.length;
    const big = rand() < 0.02;
    const radius = big ? 8 + rand() * 25 : 1 + rand() * 5; // in cells
    const n = Math.round(big ? radius * radius * 2.2 : radius * radius * 2 + 3);
    const ci = I0 + Math.floor(rand() * WIDTH);
    const cj = J0 + Math.floor(rand() * (J1 - J0));
    towns.push({ density: big ? 30 + rand() * 120 : 2 + rand() * 10, code: String(1001 + (t % 95_000)).padStart(5, '0') });
    for (let c = 0; c < n && keys.size < rows; c++) {
      const i = Math.round(ci + gauss() * radius);
      const j = Math.round(cj + gauss() * radius);
      if (i < I0 || i >= I1 || j < J0 || j >= J1) continue;
      const key = (j - J0) * WIDTH + (i - I0);
      if (!keys.has(key)) {
        keys.add(key);
        town.set(key, t);
      }
    }
  }
  const sorted = Float64Array.from(keys).sort();
  keys.clear();

  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write(HEADER.join(',') + '\n');
  const r1 = (v: number) => Math.round(v * 10) / 10;
  let buf = '';
  for (let r = 0; r < sorted.length; r++) {
    const key = sorted[r];
    const i = I0 + (key % WIDTH);
    const j = J0 + Math.floor(key / WIDTH);
    const t = towns[town.get(key)!];
    const men = Math.max(0.1, t.density * Math.exp(gauss() * 0.9));
    const imputed = men < 11;
    const q = imputed ? r1 : Math.round;
    const menQ = Math.max(imputed ? 0.1 : 11, q(men));
    const ind = q(menQ * (1.8 + rand() * 0.9));
    const poorRate = Math.min(0.8, Math.max(0, 0.05 + gauss() * 0.08 + (t.density > 60 ? 0.1 : 0)));
    const coll = q(menQ * Math.min(1, t.density / 120 + rand() * 0.2));
    const soc = q(coll * rand() * 0.6);
    const ages = [0.045, 0.025, 0.06, 0.085, 0.08, 0.19, 0.2, 0.12, 0.14, 0.055].map((s) => q(ind * s * (0.7 + rand() * 0.6)));
    const ageSum = ages.reduce((a, b) => a + b, 0);
    const x = i * 200;
    const y = j * 200;
    const row = [
      `CRS3035RES200mN${y}E${x}`,
      `CRS3035RES1000mN${Math.floor(y / 1000) * 1000}E${Math.floor(x / 1000) * 1000}`,
      imputed ? `CRS3035RES${2000 * (1 + (r % 3))}mN${Math.floor(y / 2000) * 2000}E${Math.floor(x / 2000) * 2000}` : '',
      imputed ? 1 : 0,
      imputed && rand() < 0.3 ? 1 : 0,
      t.code,
      ind,
      menQ,
      q(menQ * poorRate),
      q(menQ * 0.35),
      q(menQ * 0.07),
      q(menQ * (0.75 - t.density / 300)),
      q(menQ * 0.1),
      r1(ind * (18_000 + rand() * 14_000)),
      r1(menQ * (60 + rand() * 50)),
      coll,
      r1(menQ - coll),
      q(menQ * 0.15),
      q(menQ * 0.25),
      q(menQ * 0.25),
      q(menQ * 0.3),
      q(menQ * 0.05),
      soc,
      ...ages,
      Math.max(0, r1(ind - ageSum)),
    ];
    buf += row.join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return sorted.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = resolve(process.argv[2] ?? DEFAULT_NATIONAL_CELLS_PATH);
  const rows = process.argv[3] ? Number(process.argv[3]) : NATIONAL_ROWS;
  const t0 = performance.now();
  const n = await generateNationalCells(path, rows);
  console.log(`${n.toLocaleString('fr-FR')} carreaux écrits dans ${path} en ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
