// The Filosofi cell grid: ids, building a sorted column grid, lookup by (i, j), boxes, squares,
// coarser grids and a column encoding for the store. Pure computation on typed arrays.
import type { Polygon } from 'geojson';
import { CELL_FIELDS_F64, IngestError, type CellField, type CellGrid } from './model.ts';
import { converter, WGS84 } from './crs.ts';

const CELL_ID = /^CRS(\d{4,5})RES(\d+)mN(-?\d+)E(-?\d+)$/i;

/** Parses `CRS3035RES200mN2948600E3802600` → EPSG, cell size (m), lower-left corner (grid CRS metres); null when malformed. */
export function parseCellId(id: string): { epsg: number; size: number; x: number; y: number } | null {
  const m = CELL_ID.exec(id.trim());
  if (!m) return null;
  const epsg = Number(m[1]);
  const size = Number(m[2]);
  const y = Number(m[3]);
  const x = Number(m[4]);
  if (!(size > 0) || !Number.isSafeInteger(x) || !Number.isSafeInteger(y)) return null;
  return { epsg, size, x, y };
}

/** Returns the INSEE id of the cell whose lower-left corner is (x, y) in EPSG:epsg metres. */
export function formatCellId(epsg: number, size: number, x: number, y: number): string {
  return `CRS${epsg}RES${size}mN${y}E${x}`;
}

/** Returns the id of cell k of a grid. */
export function cellId(grid: CellGrid, k: number): string {
  return formatCellId(grid.epsg, grid.size, grid.i[k] * grid.size, grid.j[k] * grid.size);
}

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** A cell added twice: `index` and `duplicateOf` are positions in the order of `add` calls. */
export interface DuplicateCell {
  index: number;
  duplicateOf: number;
  i: number;
  j: number;
}

/**
 * Collects cells in any order and produces a CellGrid sorted by (j, i).
 * Values are kept in fixed-size chunks so that growing never copies, and the final columns are
 * filled one field at a time: peak memory stays near the size of the finished grid.
 */
export class CellGridBuilder {
  private n = 0;
  private iChunks: Int32Array[] = [];
  private jChunks: Int32Array[] = [];
  private impChunks: Uint8Array[] = [];
  private valueChunks: (Float32Array | Float64Array)[][];
  private communeChunks: string[] | null = null;
  private communeIntern = new Map<string, string>();

  constructor(
    public readonly epsg: number,
    public readonly size: number,
    public readonly fields: readonly CellField[],
  ) {
    this.valueChunks = fields.map(() => []);
  }

  /** Number of cells added so far. */
  get length(): number {
    return this.n;
  }

  /** Adds the cell whose lower-left corner is (x, y) (grid CRS metres, multiples of size); values follow `fields`. */
  add(x: number, y: number, imputed: boolean, values: ArrayLike<number>, commune?: string): number {
    const k = this.n;
    const c = k >>> CHUNK_BITS;
    const o = k & CHUNK_MASK;
    if (o === 0) {
      this.iChunks.push(new Int32Array(CHUNK));
      this.jChunks.push(new Int32Array(CHUNK));
      this.impChunks.push(new Uint8Array(CHUNK));
      this.fields.forEach((f, fi) =>
        this.valueChunks[fi].push(CELL_FIELDS_F64.includes(f) ? new Float64Array(CHUNK) : new Float32Array(CHUNK)),
      );
    }
    this.iChunks[c][o] = Math.floor(x / this.size);
    this.jChunks[c][o] = Math.floor(y / this.size);
    this.impChunks[c][o] = imputed ? 1 : 0;
    for (let f = 0; f < this.fields.length; f++) this.valueChunks[f][c][o] = values[f];
    if (commune !== undefined && commune !== '') {
      if (!this.communeChunks) this.communeChunks = new Array<string>(k).fill('');
      let s = this.communeIntern.get(commune);
      if (s === undefined) this.communeIntern.set(commune, (s = commune));
      this.communeChunks[k] = s;
    } else if (this.communeChunks) this.communeChunks[k] = '';
    this.n++;
    return k;
  }

  /** Returns the sorted grid; throws IngestError when a cell was added twice. */
  finish(): CellGrid {
    const { grid, duplicates } = this.finishWithDuplicates();
    if (duplicates.length > 0) {
      throw new IngestError(
        `${duplicates.length} carreau(x) en double (ex. ${formatCellId(this.epsg, this.size, duplicates[0].i * this.size, duplicates[0].j * this.size)}).`,
        duplicates.slice(0, 100).map((d) => ({
          feature: formatCellId(this.epsg, this.size, d.i * this.size, d.j * this.size),
          message: `Carreau en double (ajout n° ${d.index + 1}, déjà vu à l'ajout n° ${d.duplicateOf + 1}).`,
        })),
      );
    }
    return grid;
  }

  /** Returns the sorted grid keeping the first of duplicated cells, and the duplicates dropped. */
  finishWithDuplicates(): { grid: CellGrid; duplicates: DuplicateCell[] } {
    const n = this.n;
    const iAll = concatInt32(this.iChunks, n);
    const jAll = concatInt32(this.jChunks, n);
    this.iChunks = [];
    this.jChunks = [];
    const perm = sortOrder(iAll, jAll);

    // Keep the first added of equal keys: the sort is stable, so equal keys are in add order.
    const duplicates: DuplicateCell[] = [];
    let runFirst = n > 0 ? perm[0] : 0;
    for (let r = 1; r < n; r++) {
      const a = perm[r - 1];
      const b = perm[r];
      if (iAll[a] === iAll[b] && jAll[a] === jAll[b]) duplicates.push({ index: b, duplicateOf: runFirst, i: iAll[b], j: jAll[b] });
      else runFirst = b;
    }
    let keep = perm;
    let count = n;
    if (duplicates.length > 0) {
      keep = new Uint32Array(n - duplicates.length);
      count = 0;
      for (let r = 0; r < n; r++) {
        if (r > 0 && iAll[perm[r - 1]] === iAll[perm[r]] && jAll[perm[r - 1]] === jAll[perm[r]]) continue;
        keep[count++] = perm[r];
      }
    }

    const i = new Int32Array(count);
    const j = new Int32Array(count);
    const imputed = new Uint8Array(count);
    for (let r = 0; r < count; r++) {
      const k = keep[r];
      i[r] = iAll[k];
      j[r] = jAll[k];
      imputed[r] = this.impChunks[k >>> CHUNK_BITS][k & CHUNK_MASK];
    }
    this.impChunks = [];
    const values: CellGrid['values'] = {};
    this.fields.forEach((f, fi) => {
      const chunks = this.valueChunks[fi];
      const out = CELL_FIELDS_F64.includes(f) ? new Float64Array(count) : new Float32Array(count);
      for (let r = 0; r < count; r++) {
        const k = keep[r];
        out[r] = chunks[k >>> CHUNK_BITS][k & CHUNK_MASK];
      }
      values[f] = out;
      this.valueChunks[fi] = []; // release as we go to keep the peak low
    });
    const grid: CellGrid = { epsg: this.epsg, size: this.size, count, i, j, imputed, values };
    if (this.communeChunks) {
      const src = this.communeChunks;
      const communes = new Array<string>(count);
      for (let r = 0; r < count; r++) communes[r] = src[keep[r]] ?? '';
      grid.communes = communes;
      this.communeChunks = null;
    }
    this.n = 0;
    return { grid, duplicates };
  }
}

function concatInt32(chunks: Int32Array[], n: number): Int32Array {
  const out = new Int32Array(n);
  chunks.forEach((c, ci) => out.set(n - ci * CHUNK >= CHUNK ? c : c.subarray(0, n - ci * CHUNK), ci * CHUNK));
  return out;
}

/** Stable order of rows by (j, i): two counting-sort passes when the key ranges are small, else a comparison sort. */
function sortOrder(iAll: Int32Array, jAll: Int32Array): Uint32Array {
  const n = iAll.length;
  const perm = new Uint32Array(n);
  for (let k = 0; k < n; k++) perm[k] = k;
  if (n < 2) return perm;
  let sorted = true;
  for (let k = 1; k < n && sorted; k++) sorted = jAll[k] > jAll[k - 1] || (jAll[k] === jAll[k - 1] && iAll[k] >= iAll[k - 1]);
  if (sorted) return perm; // INSEE files usually come sorted
  const [iMin, iMax] = range(iAll);
  const [jMin, jMax] = range(jAll);
  const limit = 4 * n + (1 << 20);
  if (iMax - iMin < limit && jMax - jMin < limit) {
    const tmp = countingSort(perm, iAll, iMin, iMax - iMin + 1);
    return countingSort(tmp, jAll, jMin, jMax - jMin + 1);
  }
  return perm.sort((a, b) => jAll[a] - jAll[b] || iAll[a] - iAll[b] || a - b);
}

function range(a: Int32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < a.length; k++) {
    if (a[k] < lo) lo = a[k];
    if (a[k] > hi) hi = a[k];
  }
  return [lo, hi];
}

function countingSort(order: Uint32Array, key: Int32Array, min: number, buckets: number): Uint32Array {
  const counts = new Uint32Array(buckets + 1);
  for (let r = 0; r < order.length; r++) counts[key[order[r]] - min + 1]++;
  for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1];
  const out = new Uint32Array(order.length);
  for (let r = 0; r < order.length; r++) out[counts[key[order[r]] - min]++] = order[r];
  return out;
}

/** First row index r in [lo, hi) with (j[r], i[r]) ≥ (j, i). */
function lowerBound(grid: CellGrid, i: number, j: number, lo = 0, hi = grid.count): number {
  const gi = grid.i;
  const gj = grid.j;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gj[mid] < j || (gj[mid] === j && gi[mid] < i)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Returns the index of the cell at grid column i, row j (i = x / size, j = y / size), or -1. */
export function findCell(grid: CellGrid, i: number, j: number): number {
  const r = lowerBound(grid, i, j);
  return r < grid.count && grid.i[r] === i && grid.j[r] === j ? r : -1;
}

/** Returns the index of the cell containing the point (x, y) in grid CRS metres, or -1. */
export function findCellAt(grid: CellGrid, x: number, y: number): number {
  return findCell(grid, Math.floor(x / grid.size), Math.floor(y / grid.size));
}

/**
 * Returns the indices, sorted, of the cells whose square overlaps the box (grid CRS metres).
 * Squares that only touch the box's max edges are left out, so adjacent boxes do not share cells.
 */
export function cellsInBox(grid: CellGrid, minX: number, minY: number, maxX: number, maxY: number): number[] {
  const out: number[] = [];
  forEachCellInBox(grid, minX, minY, maxX, maxY, (k) => void out.push(k));
  return out;
}

/** Calls fn(k) for every cell overlapping the box (grid CRS metres), in (j, i) order; no array is built. */
export function forEachCellInBox(
  grid: CellGrid, minX: number, minY: number, maxX: number, maxY: number, fn: (k: number) => void,
): void {
  const s = grid.size;
  const i0 = Math.floor(minX / s);
  const j0 = Math.floor(minY / s);
  const i1 = Math.max(i0, Math.ceil(maxX / s) - 1);
  const j1 = Math.max(j0, Math.ceil(maxY / s) - 1);
  const gi = grid.i;
  const gj = grid.j;
  let r = lowerBound(grid, i0, j0);
  while (r < grid.count && gj[r] <= j1) {
    const j = gj[r];
    if (gi[r] < i0) {
      r = lowerBound(grid, i0, j, r);
      continue;
    }
    if (gi[r] > i1) {
      r = lowerBound(grid, i0, j + 1, r); // next row
      continue;
    }
    fn(r);
    r++;
  }
}

/** Returns the square of cell k as a closed counter-clockwise polygon in the grid CRS (metres). */
export function cellSquare(grid: CellGrid, k: number): Polygon {
  const s = grid.size;
  const x0 = grid.i[k] * s;
  const y0 = grid.j[k] * s;
  return {
    type: 'Polygon',
    coordinates: [[[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]],
  };
}

/** Returns the centre of cell k as [lon, lat] (WGS84 degrees). */
export function cellCentreLonLat(grid: CellGrid, k: number): [number, number] {
  const s = grid.size;
  return converter(grid.epsg, WGS84)((grid.i[k] + 0.5) * s, (grid.j[k] + 0.5) * s);
}

/** A coarser grid, with the population living in imputed child cells kept per parent cell. */
export interface AggregatedGrid extends CellGrid {
  factor: number;
  /** Inhabitants (sum of child `ind`) living in child cells that INSEE imputed. */
  imputedInd: Float32Array;
  /** Number of child cells per parent cell. */
  children: Uint16Array;
}

/**
 * Returns a grid of cells `factor` times larger (factor 5 → 1 km from 200 m), in the same CRS,
 * summing every count; `imputed` is 1 when any child cell is imputed. A NaN child makes the sum NaN:
 * a count the source left empty stays unknown rather than silently undercounted. Aggregating an
 * AggregatedGrid again carries its imputed population and child counts up (so 2 km = 1 km × 2).
 */
export function aggregateGrid(grid: CellGrid, factor: number): AggregatedGrid {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`aggregateGrid: factor must be a positive integer, got ${factor}`);
  const n = grid.count;
  const parent = new Int32Array(n); // child row → parent row
  const pi = new Int32Array(n);
  const pj = new Int32Array(n);
  let slot = new Int32Array(0);
  let count = 0;
  let r = 0;
  while (r < n) {
    // Rows are sorted by j, so the children of one parent row are contiguous; numbering the parents
    // of a row in increasing I keeps the output sorted by (J, I).
    const J = Math.floor(grid.j[r] / factor);
    let end = r;
    let iLo = Infinity;
    let iHi = -Infinity;
    while (end < n && Math.floor(grid.j[end] / factor) === J) {
      const I = Math.floor(grid.i[end] / factor);
      if (I < iLo) iLo = I;
      if (I > iHi) iHi = I;
      end++;
    }
    const width = iHi - iLo + 1;
    if (slot.length < width) slot = new Int32Array(width);
    slot.fill(-1, 0, width);
    for (let k = r; k < end; k++) slot[Math.floor(grid.i[k] / factor) - iLo] = 0;
    for (let w = 0; w < width; w++) {
      if (slot[w] === 0) {
        slot[w] = count;
        pi[count] = iLo + w;
        pj[count] = J;
        count++;
      }
    }
    for (let k = r; k < end; k++) parent[k] = slot[Math.floor(grid.i[k] / factor) - iLo];
    r = end;
  }

  const values: CellGrid['values'] = {};
  for (const f of Object.keys(grid.values) as CellField[]) {
    const src = grid.values[f]!;
    const out = src instanceof Float64Array ? new Float64Array(count) : new Float32Array(count);
    sumInto(out, src, parent);
    values[f] = out;
  }
  const prior = grid as Partial<AggregatedGrid>;
  const imputed = new Uint8Array(count);
  const imputedInd = new Float32Array(count);
  const children = new Uint16Array(count);
  const ind = grid.values.ind;
  for (let k = 0; k < n; k++) {
    const p = parent[k];
    if (grid.imputed[k]) imputed[p] = 1;
    children[p] += prior.children ? prior.children[k] : 1;
    if (prior.imputedInd) imputedInd[p] += prior.imputedInd[k];
    else if (grid.imputed[k] && ind) imputedInd[p] += ind[k];
  }
  return {
    epsg: grid.epsg,
    size: grid.size * factor,
    count,
    i: pi.slice(0, count),
    j: pj.slice(0, count),
    imputed,
    values,
    factor: (prior.factor ?? 1) * factor,
    imputedInd,
    children,
  };
}

// Kept apart so each call site sees one array type per argument and stays fast.
function sumInto(out: Float32Array | Float64Array, src: Float32Array | Float64Array, parent: Int32Array): void {
  for (let k = 0; k < parent.length; k++) out[parent[k]] += src[k];
}

/** Metadata of an encoded grid: what is needed to rebuild the typed arrays from the column bytes. */
export interface EncodedCellGridMeta {
  format: 'qpv-atlas-cellgrid/1';
  epsg: number;
  size: number;
  count: number;
  littleEndian: true;
  fields: { name: CellField; type: 'f32' | 'f64' }[];
  communes: boolean;
}

/**
 * Returns the grid as metadata plus one byte column per array (views on the grid's own memory,
 * little-endian as on every platform we run on); `communes` is newline-joined UTF-8.
 */
export function encodeCellGrid(grid: CellGrid): { meta: EncodedCellGridMeta; columns: Record<string, Uint8Array> } {
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const fields = (Object.keys(grid.values) as CellField[]).map((name) => ({
    name,
    type: (grid.values[name] instanceof Float64Array ? 'f64' : 'f32') as 'f32' | 'f64',
  }));
  const columns: Record<string, Uint8Array> = { i: bytes(grid.i), j: bytes(grid.j), imputed: bytes(grid.imputed) };
  for (const f of fields) columns[f.name] = bytes(grid.values[f.name]!);
  if (grid.communes) columns.communes = new TextEncoder().encode(grid.communes.join('\n'));
  return {
    meta: {
      format: 'qpv-atlas-cellgrid/1', epsg: grid.epsg, size: grid.size, count: grid.count, littleEndian: true, fields,
      communes: !!grid.communes,
    },
    columns,
  };
}

/** Rebuilds a grid from `encodeCellGrid` output; views the bytes without copying when they are aligned. */
export function decodeCellGrid(meta: EncodedCellGridMeta, columns: Record<string, Uint8Array>): CellGrid {
  if (meta.format !== 'qpv-atlas-cellgrid/1') throw new Error(`decodeCellGrid: unknown format ${String(meta.format)}`);
  const n = meta.count;
  const col = (name: string, bytesPer: number): Uint8Array => {
    const c = columns[name];
    if (!c) throw new Error(`decodeCellGrid: column ${name} missing`);
    if (c.byteLength !== n * bytesPer) throw new Error(`decodeCellGrid: column ${name} has ${c.byteLength} bytes, expected ${n * bytesPer}`);
    // Typed array views need an aligned offset; Node Buffers from a pool may not have one.
    return c.byteOffset % bytesPer === 0 ? c : c.slice();
  };
  const view = <T>(name: string, Ctor: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number }): T => {
    const c = col(name, Ctor.BYTES_PER_ELEMENT);
    return new Ctor(c.buffer, c.byteOffset, n);
  };
  const values: CellGrid['values'] = {};
  for (const f of meta.fields) values[f.name] = f.type === 'f64' ? view(f.name, Float64Array) : view(f.name, Float32Array);
  const grid: CellGrid = {
    epsg: meta.epsg,
    size: meta.size,
    count: n,
    i: view('i', Int32Array),
    j: view('j', Int32Array),
    imputed: view('imputed', Uint8Array),
    values,
  };
  if (meta.communes) {
    const c = columns.communes;
    const list = c && c.byteLength > 0 ? new TextDecoder().decode(c).split('\n') : [];
    if (list.length !== n && !(n === 1 && list.length === 0)) throw new Error(`decodeCellGrid: ${list.length} communes for ${n} cells`);
    grid.communes = n === 1 && list.length === 0 ? [''] : list;
  }
  return grid;
}
