// Where a Filosofi grid says something: its coverage ("emprise"). Pure.
//
// Filosofi lists populated cells only. Inside the extent of a file an absent cell means nobody lives
// there (a known zero); outside it nothing is known, and a figure of 0 (then "secret, fewer than 11
// households") would be false. The extent is taken as the 1 km parent squares holding at least one
// cell, filled to their orthogonal hull: a 1 km square counts as covered when some occupied square
// lies on each side of it in its row AND in its column. Why this shape:
// - a bbox (even rounded to 1 km) of a national file covers the sea, Spain and Switzerland, and of
//   an L-shaped extract the missing corner;
// - the raw set of occupied 1 km squares would call every park, river, forest or industrial zone
//   inside a city "no data", when Filosofi does say that nobody lives there;
// - the row-and-column fill keeps those interior holes covered and still follows a rectangular
//   extract (the shared extracts are cut on 1 km lines) or an irregular national outline.
// Empty strips along the edge of an extract (no cell in a whole 1 km row) come out uncovered: a
// cautious "no data" rather than an invented zero.
import type { CellGrid, Polygonal } from './model.ts';
import { arealWeights, planarArea } from './arealWeights.ts';

/** Side of the parent squares of the coverage, in metres (INSEE's `idcar_1km`). */
export const COVERAGE_BLOCK_M = 1000;
/** Below this share of an area inside the coverage, its figures are not those of the area: noData. */
export const COVERAGE_MIN = 0.99;
/** Below this share, nothing of the area is covered: no figure at all (a sliver of a cell is noise). */
export const COVERAGE_NONE = 1e-6;

export const NO_DATA_REASON = 'Zone hors de l’emprise des carreaux Filosofi chargés';
export const NO_DATA_REASON_NO_CELLS = 'Aucun carreau Filosofi chargé';

export interface CoverageVerdict {
  noData: boolean; // coverage below COVERAGE_MIN (or no cells at all)
  partial: boolean; // part of the area is covered: figures kept, for that part only
  reason: string | null; // French, shown to users; null when fully covered
}

const cache = new WeakMap<CellGrid, CellGrid>();

/**
 * Returns the coverage of a grid as a grid of covered 1 km squares (same CRS, size 1000 m, no values),
 * sorted by (j, i) like any CellGrid so that arealWeights can clip areas against it. Cached per grid.
 */
export function coverageBlocks(grid: CellGrid): CellGrid {
  const hit = cache.get(grid);
  if (hit) return hit;
  const factor = Math.max(1, Math.round(COVERAGE_BLOCK_M / grid.size));
  const size = grid.size * factor;
  let minI = Infinity, minJ = Infinity, maxI = -Infinity, maxJ = -Infinity;
  for (let k = 0; k < grid.count; k++) {
    const bi = Math.floor(grid.i[k] / factor), bj = Math.floor(grid.j[k] / factor);
    if (bi < minI) minI = bi;
    if (bi > maxI) maxI = bi;
    if (bj < minJ) minJ = bj;
    if (bj > maxJ) maxJ = bj;
  }
  const out: CellGrid = { epsg: grid.epsg, size, count: 0, i: new Int32Array(0), j: new Int32Array(0), imputed: new Uint8Array(0), values: {} };
  if (grid.count === 0) {
    cache.set(grid, out);
    return out;
  }
  const w = maxI - minI + 1, h = maxJ - minJ + 1;
  const rowMin = new Int32Array(h).fill(w), rowMax = new Int32Array(h).fill(-1);
  const colMin = new Int32Array(w).fill(h), colMax = new Int32Array(w).fill(-1);
  for (let k = 0; k < grid.count; k++) {
    const x = Math.floor(grid.i[k] / factor) - minI, y = Math.floor(grid.j[k] / factor) - minJ;
    if (x < rowMin[y]) rowMin[y] = x;
    if (x > rowMax[y]) rowMax[y] = x;
    if (y < colMin[x]) colMin[x] = y;
    if (y > colMax[x]) colMax[x] = y;
  }
  const is: number[] = [], js: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = rowMin[y]; x <= rowMax[y]; x++) {
      if (y >= colMin[x] && y <= colMax[x]) {
        is.push(x + minI);
        js.push(y + minJ);
      }
    }
  }
  out.count = is.length;
  out.i = Int32Array.from(is);
  out.j = Int32Array.from(js);
  out.imputed = new Uint8Array(is.length);
  cache.set(grid, out);
  return out;
}

/**
 * Returns the area (m², in EPSG:epsg) of `areaInCrs` that lies inside the coverage of the grids of
 * that CRS. Grids of one CRS are merged by the workspace; if several are given, the largest counts.
 */
export function coveredArea(grids: CellGrid[], areaInCrs: Polygonal, epsg: number): number {
  let best = 0;
  for (const grid of grids) {
    if (grid.epsg !== epsg) continue;
    const blocks = coverageBlocks(grid);
    const w = arealWeights(blocks, areaInCrs);
    let s = 0;
    for (let n = 0; n < w.fraction.length; n++) s += w.fraction[n];
    best = Math.max(best, s * blocks.size * blocks.size);
  }
  return best;
}

/** Returns the share (0..1) of an area (EPSG:epsg metres) inside the grids' coverage; 1 for an empty area. */
export function coverageOfArea(grids: CellGrid[], areaInCrs: Polygonal, epsg: number): number {
  const total = planarArea(areaInCrs);
  if (!(total > 0)) return 1;
  return Math.min(1, coveredArea(grids, areaInCrs, epsg) / total);
}

/** Formats a share the French way for messages: 0.631 → "63,1 %". */
function percentFr(x: number): string {
  // Rounded down so that 0.9899 never reads "99,0 %" next to a 99 % threshold.
  return `${(Math.floor(x * 1000 + 1e-9) / 10).toFixed(1).replace('.', ',')} %`;
}

/** Returns whether an area with this coverage has data (null coverage = no cells loaded at all). */
export function coverageVerdict(coverage: number | null): CoverageVerdict {
  if (coverage === null) return { noData: true, partial: false, reason: NO_DATA_REASON_NO_CELLS };
  if (coverage >= COVERAGE_MIN) return { noData: false, partial: false, reason: null };
  if (coverage < COVERAGE_NONE) return { noData: true, partial: false, reason: NO_DATA_REASON };
  return {
    noData: true,
    partial: true,
    reason: `${NO_DATA_REASON} pour une partie de la zone (${percentFr(coverage)} couverts) : chiffres partiels, portant sur la seule partie couverte`,
  };
}
