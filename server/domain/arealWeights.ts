// Exact areal weights of grid cells against a polygon: the share of each square inside it. Pure.
//
// Cells are axis-aligned squares in their own CRS, so clipping each ring of the polygon against a
// square (Sutherland–Hodgman) is exact. Ring areas are signed, and clipping keeps the orientation,
// so Σ (clipped signed area × orientation sign × (outer ? 1 : -1)) over every ring is the area of
// polygon ∩ square, holes and multipolygons included. Cells no edge crosses are wholly inside or
// wholly outside: a point-in-polygon test of their centre decides, no clipping needed.
import type { CellGrid, Polygonal } from './model.ts';
import { cellsInBox } from './cellGrid.ts';

export interface ArealWeights {
  index: Int32Array; // cell indices into the grid, ascending
  fraction: Float64Array; // share of the cell's square inside the polygon, in (0, 1]
}

/** One ring flattened for the hot loops: coordinates without the closing point, its bbox, its sign. */
interface FlatRing {
  xy: Float64Array; // x0, y0, x1, y1, ... in the grid CRS
  n: number; // vertex count
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  sign: number; // +1 / -1: multiplies the clipped signed area so outers add and holes subtract
  area: number; // |area| of the whole ring × (outer ? 1 : -1), used when the square contains it
}

// Fractions closer than this to 0 or 1 are noise (a 200 m edge off by 0.2 µm after a lon/lat round
// trip), not geography: a cell sharing an edge with the outline must not count as a border cell.
export const FRACTION_EPSILON = 1e-9;
const EPS = FRACTION_EPSILON;

/**
 * Returns, for every populated cell of `grid` whose square overlaps `areaInGridCrs` (coordinates in
 * EPSG:grid.epsg, metres), the exact share of the square inside the polygon (0 < fraction ≤ 1).
 * Cells that only touch the outline get no entry.
 */
export function arealWeights(grid: CellGrid, areaInGridCrs: Polygonal): ArealWeights {
  const { rings, bbox: [minX, minY, maxX, maxY] } = prepareClip(areaInGridCrs);
  if (rings.length === 0) return { index: new Int32Array(0), fraction: new Float64Array(0) };
  const s = grid.size;
  const candidates = cellsInBox(grid, minX, minY, maxX, maxY);
  if (candidates.length === 0) return { index: new Int32Array(0), fraction: new Float64Array(0) };

  // Mark the cells that some edge may cross (the edge's bbox, in cell units, over the polygon's bbox).
  const i0 = Math.floor(minX / s), j0 = Math.floor(minY / s);
  const w = Math.floor(maxX / s) - i0 + 1, h = Math.floor(maxY / s) - j0 + 1;
  const crossed = new Uint8Array(w * h);
  for (const r of rings) {
    const xy = r.xy;
    for (let a = 0, b = r.n - 1; a < r.n; b = a++) {
      const ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
      const ia = Math.floor(Math.min(ax, bx) / s) - i0, ib = Math.floor(Math.max(ax, bx) / s) - i0;
      const ja = Math.floor(Math.min(ay, by) / s) - j0, jb = Math.floor(Math.max(ay, by) / s) - j0;
      for (let jj = ja; jj <= jb; jj++) for (let ii = ia; ii <= ib; ii++) crossed[jj * w + ii] = 1;
    }
  }

  const cellArea = s * s;
  const bufA = new Float64Array(64), bufB = new Float64Array(64);
  const buffers = { a: bufA, b: bufB };
  const outIndex: number[] = [];
  const outFraction: number[] = [];
  for (const k of candidates) {
    const ci = grid.i[k], cj = grid.j[k];
    const x0 = ci * s, y0 = cj * s;
    const ii = ci - i0, jj = cj - j0;
    let fraction: number;
    if (ii < 0 || jj < 0 || ii >= w || jj >= h) continue; // outside the bbox: cellsInBox may include touching cells
    if (!crossed[jj * w + ii]) {
      fraction = pointInRings(rings, x0 + s / 2, y0 + s / 2) ? 1 : 0;
    } else {
      fraction = ringsSquareArea(rings, x0, y0, s, buffers) / cellArea;
    }
    if (fraction <= EPS) continue;
    outIndex.push(k);
    outFraction.push(fraction >= 1 - EPS ? 1 : fraction);
  }
  return { index: Int32Array.from(outIndex), fraction: Float64Array.from(outFraction) };
}

/** Returns the planar area of a polygonal geometry, in its CRS's squared units (holes subtracted). */
export function planarArea(g: Polygonal): number {
  let total = 0;
  for (const r of flattenRings(g)) total += r.area;
  return total;
}

/** A polygon prepared for repeated `squareOverlapArea` calls (rings flattened once). */
export interface ClipPrepared {
  rings: FlatRing[];
  bbox: [number, number, number, number];
}

/** Returns `g` prepared for clipping against many squares (same CRS as the squares). */
export function prepareClip(g: Polygonal): ClipPrepared {
  const rings = flattenRings(g);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rings) {
    if (r.minX < minX) minX = r.minX;
    if (r.minY < minY) minY = r.minY;
    if (r.maxX > maxX) maxX = r.maxX;
    if (r.maxY > maxY) maxY = r.maxY;
  }
  return { rings, bbox: [minX, minY, maxX, maxY] };
}

const sharedBuffers = { a: new Float64Array(64), b: new Float64Array(64) };

/** Returns the area of (prepared polygon ∩ square [x0, x0+s] × [y0, y0+s]), in the CRS's squared units. */
export function squareOverlapArea(p: ClipPrepared, x0: number, y0: number, s: number): number {
  const area = ringsSquareArea(p.rings, x0, y0, s, sharedBuffers);
  return area > 0 ? area : 0;
}

/** Returns the area of (rings ∩ square [x0, x0+s] × [y0, y0+s]) as the sum of each ring's signed overlap, not clamped at 0. */
function ringsSquareArea(rings: FlatRing[], x0: number, y0: number, s: number, buffers: { a: Float64Array; b: Float64Array }): number {
  let area = 0;
  const x1 = x0 + s, y1 = y0 + s;
  for (const r of rings) {
    if (r.maxX <= x0 || r.minX >= x1 || r.maxY <= y0 || r.minY >= y1) continue;
    if (r.minX >= x0 && r.maxX <= x1 && r.minY >= y0 && r.maxY <= y1) area += r.area;
    else area += r.sign * clippedSignedArea(r, x0, y0, s, buffers);
  }
  return area;
}

function flattenRings(g: Polygonal): FlatRing[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: FlatRing[] = [];
  for (const poly of polys) {
    poly.forEach((ring, ri) => {
      let n = ring.length;
      if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
      if (n < 3) return;
      const xy = new Float64Array(2 * n);
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let v = 0; v < n; v++) {
        const x = ring[v][0], y = ring[v][1];
        xy[2 * v] = x;
        xy[2 * v + 1] = y;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
      // Signed area relative to the bbox corner keeps precision with coordinates in the millions.
      let twice = 0;
      for (let a = 0, b = n - 1; a < n; b = a++) {
        twice += (xy[2 * b] - minX) * (xy[2 * a + 1] - minY) - (xy[2 * a] - minX) * (xy[2 * b + 1] - minY);
      }
      const signed = twice / 2;
      if (signed === 0) return;
      const role = ri === 0 ? 1 : -1;
      const sign = (signed > 0 ? 1 : -1) * role;
      out.push({ xy, n, minX, minY, maxX, maxY, sign, area: Math.abs(signed) * role });
    });
  }
  return out;
}

/** True when (x, y) is inside the prepared polygon (even-odd rule; a point on the outline is undefined). */
export function containsPoint(p: ClipPrepared, x: number, y: number): boolean {
  return pointInRings(p.rings, x, y);
}

// Even-odd rule over every ring: right for holes and for the disjoint parts of a valid MultiPolygon.
function pointInRings(rings: FlatRing[], px: number, py: number): boolean {
  let inside = false;
  for (const r of rings) {
    if (px < r.minX || px > r.maxX || py < r.minY || py > r.maxY) continue;
    const xy = r.xy;
    for (let a = 0, b = r.n - 1; a < r.n; b = a++) {
      const ay = xy[2 * a + 1], by = xy[2 * b + 1];
      if (ay > py !== by > py) {
        const ax = xy[2 * a], bx = xy[2 * b];
        if (px < ((bx - ax) * (py - ay)) / (by - ay) + ax) inside = !inside;
      }
    }
  }
  return inside;
}

/**
 * Clips one ring against the square [x0, x0+s] × [y0, y0+s] and returns the signed area of the result
 * (same orientation as the ring). Works in coordinates local to the square for precision.
 */
function clippedSignedArea(r: FlatRing, x0: number, y0: number, s: number, bufs: { a: Float64Array; b: Float64Array }): number {
  let n = r.n;
  if (bufs.a.length < 2 * n) bufs.a = new Float64Array(4 * n);
  let src = bufs.a, dst = bufs.b;
  for (let v = 0; v < 2 * n; v += 2) {
    src[v] = r.xy[v] - x0;
    src[v + 1] = r.xy[v + 1] - y0;
  }
  // Four half-planes: x ≥ 0, x ≤ s, y ≥ 0, y ≤ s. axis 0 = x, 1 = y; keepBelow: keep coord ≤ bound.
  for (let pass = 0; pass < 4 && n > 0; pass++) {
    const axis = pass & 1 ? 1 : 0;
    const bound = pass < 2 ? 0 : s;
    const keepBelow = pass >= 2;
    // pass order: x ≥ 0, y ≥ 0, x ≤ s, y ≤ s. A pass emits at most 2 points per input vertex.
    if (dst.length < 4 * n) dst = new Float64Array(8 * n);
    let m = 0;
    for (let a = 0; a < n; a++) {
      const b = a === 0 ? n - 1 : a - 1; // previous vertex
      const ca = src[2 * a + axis], cb = src[2 * b + axis];
      const inA = keepBelow ? ca <= bound : ca >= bound;
      const inB = keepBelow ? cb <= bound : cb >= bound;
      if (inA !== inB) {
        const t = (bound - cb) / (ca - cb);
        const ox = src[2 * b] + t * (src[2 * a] - src[2 * b]);
        const oy = src[2 * b + 1] + t * (src[2 * a + 1] - src[2 * b + 1]);
        dst[2 * m] = axis === 0 ? bound : ox;
        dst[2 * m + 1] = axis === 1 ? bound : oy;
        m++;
      }
      if (inA) {
        dst[2 * m] = src[2 * a];
        dst[2 * m + 1] = src[2 * a + 1];
        m++;
      }
    }
    const tmp = src;
    src = dst;
    dst = tmp;
    n = m;
  }
  bufs.a = src;
  bufs.b = dst;
  if (n < 3) return 0;
  let twice = 0;
  for (let a = 0, b = n - 1; a < n; b = a++) twice += src[2 * b] * src[2 * a + 1] - src[2 * a] * src[2 * b + 1];
  return twice / 2;
}
