// Planar geometry operations backed by GEOS (geos-wasm). GeoJSON geometries in, GeoJSON out; every
// GEOS object created here is freed before returning. Coordinates are taken as planar: callers pass
// metric coordinates (Lambert-93, UTM, LAEA) whenever a distance or an area matters.
import initGeosJs from 'geos-wasm';
import type { Geometry, Position } from 'geojson';
import type { Polygonal } from '../model.ts';

/** The subset of the geos-wasm module this file uses (the _r functions take the context first). */
interface GeosModule {
  _ctx: number;
  Module: {
    _malloc(size: number): number;
    _free(ptr: number): void;
    HEAPF64: Float64Array;
    HEAP32: Int32Array;
    HEAPU32: Uint32Array;
    UTF8ToString(ptr: number): string;
  };
  [name: string]: any;
}

let G: GeosModule | null = null;
let ctx = 0;
let lastError: string | null = null;
let initPromise: Promise<void> | null = null;

// GEOS type ids (geos_c.h).
const POLYGON = 3;
const MULTIPOINT = 4;
const MULTILINESTRING = 5;
const MULTIPOLYGON = 6;
const COLLECTION = 7;

/** Loads the GEOS WebAssembly module once; resolves when every other function here may be called. */
export function initGeos(): Promise<void> {
  if (!initPromise) {
    initPromise = initGeosJs({
      // Recording instead of throwing: a JS throw inside a wasm callback would skip GEOS's C++ cleanup.
      errorHandler: (message: string) => {
        lastError = message;
      },
      noticeHandler: () => {},
    }).then((geos) => {
      G = geos as unknown as GeosModule;
      ctx = G._ctx;
    });
  }
  return initPromise;
}

function geos(): GeosModule {
  if (!G) throw new Error('GEOS non initialisé : appelez initGeos() avant toute opération géométrique');
  return G;
}

/** Throws the recorded GEOS error when a call returned NULL (ptr 0). */
function check(ptr: number, op: string): number {
  if (ptr === 0) {
    const msg = lastError ?? 'unknown error';
    lastError = null;
    throw new Error(`GEOS ${op} a échoué : ${msg}`);
  }
  lastError = null;
  return ptr;
}

// ---------- GeoJSON → GEOS ----------

// Scratch buffer in the wasm heap reused for coordinate copies (grown on demand).
let scratchPtr = 0;
let scratchLen = 0; // in doubles

function scratch(doubles: number): number {
  const g = geos();
  if (doubles > scratchLen) {
    if (scratchPtr) g.Module._free(scratchPtr);
    scratchLen = Math.max(doubles, scratchLen * 2, 1024);
    scratchPtr = g.Module._malloc(scratchLen * 8);
  }
  return scratchPtr;
}

function coordSeq(coords: Position[], close: boolean): number {
  const g = geos();
  const n0 = coords.length;
  const needsClose =
    close && n0 > 0 && (coords[0][0] !== coords[n0 - 1][0] || coords[0][1] !== coords[n0 - 1][1]);
  const n = needsClose ? n0 + 1 : n0;
  const ptr = scratch(n * 2);
  const heap = g.Module.HEAPF64; // read after malloc: the heap may have grown
  let k = ptr >> 3;
  for (let i = 0; i < n0; i++) {
    heap[k++] = coords[i][0];
    heap[k++] = coords[i][1];
  }
  if (needsClose) {
    heap[k++] = coords[0][0];
    heap[k++] = coords[0][1];
  }
  return check(g.GEOSCoordSeq_copyFromBuffer_r(ctx, ptr, n, 0, 0), 'copie de coordonnées');
}

function ptrArray(ptrs: number[]): number {
  const g = geos();
  const p = g.Module._malloc(Math.max(1, ptrs.length) * 4);
  g.Module.HEAPU32.set(ptrs, p >> 2);
  return p;
}

function destroyAll(ptrs: number[]): void {
  for (const p of ptrs) if (p) geos().GEOSGeom_destroy_r(ctx, p);
}

function polygonToGeos(rings: Position[][]): number {
  const g = geos();
  if (rings.length === 0 || rings[0].length === 0) return check(g.GEOSGeom_createEmptyPolygon_r(ctx), 'polygone vide');
  const made: number[] = [];
  try {
    for (const ring of rings) {
      const seq = coordSeq(ring, true);
      made.push(check(g.GEOSGeom_createLinearRing_r(ctx, seq), 'anneau'));
    }
  } catch (e) {
    destroyAll(made);
    throw e;
  }
  const holes = made.slice(1);
  const holesPtr = holes.length ? ptrArray(holes) : 0;
  const poly = g.GEOSGeom_createPolygon_r(ctx, made[0], holesPtr, holes.length);
  if (holesPtr) g.Module._free(holesPtr);
  if (!poly) destroyAll(made);
  return check(poly, 'polygone');
}

function collection(type: number, parts: number[]): number {
  const g = geos();
  if (parts.length === 0) return check(g.GEOSGeom_createEmptyCollection_r(ctx, type), 'collection vide');
  const arr = ptrArray(parts);
  const c = g.GEOSGeom_createCollection_r(ctx, type, arr, parts.length);
  g.Module._free(arr);
  if (!c) destroyAll(parts);
  return check(c, 'collection');
}

function partsToGeos<T>(items: T[], one: (item: T) => number): number[] {
  const parts: number[] = [];
  try {
    for (const it of items) parts.push(one(it));
  } catch (e) {
    destroyAll(parts);
    throw e;
  }
  return parts;
}

/** A new GEOS geometry (caller destroys it). Rings are closed on the fly. */
function toGeos(geom: Geometry): number {
  const g = geos();
  switch (geom.type) {
    case 'Point':
      return check(g.GEOSGeom_createPointFromXY_r(ctx, geom.coordinates[0], geom.coordinates[1]), 'point');
    case 'MultiPoint':
      return collection(
        MULTIPOINT,
        partsToGeos(geom.coordinates, (c) => check(g.GEOSGeom_createPointFromXY_r(ctx, c[0], c[1]), 'point')),
      );
    case 'LineString':
      return check(g.GEOSGeom_createLineString_r(ctx, coordSeq(geom.coordinates, false)), 'ligne');
    case 'MultiLineString':
      return collection(
        MULTILINESTRING,
        partsToGeos(geom.coordinates, (l) => check(g.GEOSGeom_createLineString_r(ctx, coordSeq(l, false)), 'ligne')),
      );
    case 'Polygon':
      return polygonToGeos(geom.coordinates);
    case 'MultiPolygon':
      return collection(MULTIPOLYGON, partsToGeos(geom.coordinates, polygonToGeos));
    case 'GeometryCollection':
      return collection(COLLECTION, partsToGeos(geom.geometries, toGeos));
  }
}

// ---------- GEOS → GeoJSON ----------

function ringToCoords(ring: number): Position[] {
  const g = geos();
  const seq = g.GEOSGeom_getCoordSeq_r(ctx, ring);
  const n = g.GEOSGetNumCoordinates_r(ctx, ring);
  if (n <= 0) return [];
  const ptr = scratch(n * 2);
  g.GEOSCoordSeq_copyToBuffer_r(ctx, seq, ptr, 0, 0);
  const heap = g.Module.HEAPF64;
  const out: Position[] = new Array(n);
  let k = ptr >> 3;
  for (let i = 0; i < n; i++, k += 2) out[i] = [heap[k], heap[k + 1]];
  return out;
}

function polygonCoords(poly: number): Position[][] | null {
  const g = geos();
  if (g.GEOSisEmpty_r(ctx, poly) === 1) return null;
  const rings = [ringToCoords(g.GEOSGetExteriorRing_r(ctx, poly))];
  const nh = g.GEOSGetNumInteriorRings_r(ctx, poly);
  for (let i = 0; i < nh; i++) rings.push(ringToCoords(g.GEOSGetInteriorRingN_r(ctx, poly, i)));
  return rings;
}

function collectPolygons(ptr: number, out: Position[][][]): void {
  const g = geos();
  const type = g.GEOSGeomTypeId_r(ctx, ptr);
  if (type === POLYGON) {
    const p = polygonCoords(ptr);
    if (p) out.push(p);
  } else if (type === MULTIPOLYGON || type === COLLECTION) {
    const n = g.GEOSGetNumGeometries_r(ctx, ptr);
    for (let i = 0; i < n; i++) collectPolygons(g.GEOSGetGeometryN_r(ctx, ptr, i), out);
  }
  // points and lines (e.g. the shared edge of two touching squares) are not polygonal: dropped
}

/** The polygonal part of a GEOS geometry as GeoJSON, or null when empty; does not destroy ptr. */
function fromGeosPolygonal(ptr: number): Polygonal | null {
  const polys: Position[][][] = [];
  collectPolygons(ptr, polys);
  if (polys.length === 0) return null;
  if (polys.length === 1 && geos().GEOSGeomTypeId_r(ctx, ptr) !== MULTIPOLYGON) {
    return { type: 'Polygon', coordinates: polys[0] };
  }
  return { type: 'MultiPolygon', coordinates: polys };
}

/** Runs fn on GEOS copies of the inputs, converts its polygonal result, and frees everything. */
function withGeos(inputs: Geometry[], op: string, fn: (...ptrs: number[]) => number): Polygonal | null {
  const g = geos();
  const ptrs = partsToGeos(inputs, toGeos);
  let result = 0;
  try {
    result = check(fn(...ptrs), op);
    return fromGeosPolygonal(result);
  } finally {
    if (result) g.GEOSGeom_destroy_r(ctx, result);
    destroyAll(ptrs);
  }
}

function readDouble(call: (outPtr: number) => number, op: string): number {
  const g = geos();
  const p = g.Module._malloc(8);
  try {
    const ok = call(p);
    if (!ok) check(0, op);
    lastError = null;
    return g.Module.HEAPF64[p >> 3];
  } finally {
    g.Module._free(p);
  }
}

// ---------- Public API ----------

function ringProblem(geom: Polygonal): string | null {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  for (const rings of polys) {
    for (const ring of rings) {
      if (ring.length === 0) continue;
      const a = ring[0];
      const b = ring[ring.length - 1];
      if (a[0] !== b[0] || a[1] !== b[1]) return `Ring not closed[${a[0]} ${a[1]}]`;
      if (ring.length < 4) return `Too few points in ring[${a[0]} ${a[1]}]`;
      for (const p of ring) if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return 'Invalid Coordinate';
    }
  }
  return null;
}

/** GEOS's reason why g is invalid (e.g. "Self-intersection[2.41 48.86]"), or null when valid. Planar. */
export function validityReason(g: Polygonal): string | null {
  const pre = ringProblem(g);
  if (pre) return pre;
  const m = geos();
  const ptr = toGeos(g);
  try {
    if (m.GEOSisValid_r(ctx, ptr) === 1) return null;
    const s = check(m.GEOSisValidReason_r(ctx, ptr), 'validation');
    const reason = m.Module.UTF8ToString(s);
    m.GEOSFree_r(ctx, s);
    return reason;
  } finally {
    m.GEOSGeom_destroy_r(ctx, ptr);
  }
}

/** The repaired polygonal part of g (GEOS MakeValid, structure method), or null when nothing areal remains. Same CRS as g. */
export function makeValid(g: Polygonal): Polygonal | null {
  const m = geos();
  // Rings of fewer than 3 distinct points cannot even be built by GEOS and have no area: drop them.
  const clean = dropDegenerateRings(g);
  if (!clean) return null;
  return withGeos([clean], 'MakeValid', (p) => {
    const params = m.GEOSMakeValidParams_create_r(ctx);
    m.GEOSMakeValidParams_setMethod_r(ctx, params, 1);
    m.GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0);
    const r = m.GEOSMakeValidWithParams_r(ctx, p, params);
    m.GEOSMakeValidParams_destroy_r(ctx, params);
    return r;
  });
}

function dropDegenerateRings(g: Polygonal): Polygonal | null {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .map((rings) => rings.filter((r) => distinctCount(r) >= 3))
    .filter((rings) => rings.length > 0);
  // A polygon whose shell was dropped loses its holes too: they were holes of nothing.
  if (polys.length === 0) return null;
  return polys.length === 1 && g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polys[0] }
    : { type: 'MultiPolygon', coordinates: polys };
}

function distinctCount(ring: Position[]): number {
  const seen = new Set<string>();
  for (const p of ring) {
    seen.add(`${p[0]},${p[1]}`);
    if (seen.size >= 3) return 3;
  }
  return seen.size;
}

/** a ∩ b (polygonal part), or null when empty. Same CRS as the inputs. */
export function intersection(a: Polygonal, b: Polygonal): Polygonal | null {
  return withGeos([a, b], 'intersection', (pa, pb) => geos().GEOSIntersection_r(ctx, pa, pb));
}

/** a − b (polygonal part), or null when empty. Same CRS as the inputs. */
export function difference(a: Polygonal, b: Polygonal): Polygonal | null {
  return withGeos([a, b], 'difference', (pa, pb) => geos().GEOSDifference_r(ctx, pa, pb));
}

/** a ∪ b, or null when empty. Same CRS as the inputs. */
export function union(a: Polygonal, b: Polygonal): Polygonal | null {
  return withGeos([a, b], 'union', (pa, pb) => geos().GEOSUnion_r(ctx, pa, pb));
}

/** The union of all gs (GEOS cascaded unary union), or null when empty. Same CRS as the inputs. */
export function unionAll(gs: Polygonal[]): Polygonal | null {
  if (gs.length === 0) return null;
  return withGeos([{ type: 'GeometryCollection', geometries: gs }], 'union', (p) => geos().GEOSUnaryUnion_r(ctx, p));
}

/** The dissolve of non-overlapping polygons (e.g. grid squares) by GEOS CoverageUnion, or null when empty. Same CRS. */
export function coverageUnion(gs: Polygonal[]): Polygonal | null {
  if (gs.length === 0) return null;
  const polys: Position[][][] = [];
  for (const g of gs) {
    if (g.type === 'Polygon') polys.push(g.coordinates);
    else polys.push(...g.coordinates);
  }
  return withGeos([{ type: 'MultiPolygon', coordinates: polys }], 'CoverageUnion', (p) =>
    geos().GEOSCoverageUnion_r(ctx, p),
  );
}

/** g grown (or shrunk, distance < 0) by distance in g's CRS units — metres for metric CRS; null when empty. */
export function buffer(g: Polygonal, distance: number, quadSegs = 8): Polygonal | null {
  return withGeos([g], 'buffer', (p) => geos().GEOSBuffer_r(ctx, p, distance, quadSegs));
}

/** Planar area of g in squared CRS units (m² for a metric CRS). */
export function area(g: Polygonal): number {
  const m = geos();
  const ptr = toGeos(g);
  try {
    return readDouble((out) => m.GEOSArea_r(ctx, ptr, out), 'area');
  } finally {
    m.GEOSGeom_destroy_r(ctx, ptr);
  }
}

/** Planar distance between two GeoJSON geometries (points included), in CRS units; 0 when they touch. */
export function distance(a: Geometry, b: Geometry): number {
  const m = geos();
  const ptrs = partsToGeos([a, b], toGeos);
  try {
    return readDouble((out) => m.GEOSDistance_r(ctx, ptrs[0], ptrs[1], out), 'distance');
  } finally {
    destroyAll(ptrs);
  }
}

/** Planar distance from point (x, y) to the outline (all rings) of g, in CRS units, inside or outside. */
export function boundaryDistance(g: Polygonal, x: number, y: number): number {
  // Plain segment scan: exact, and avoids building a GEOS boundary for a single point.
  let best = Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const d2 = segmentDist2(x, y, ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]);
        if (d2 < best) best = d2;
      }
    }
  }
  return Math.sqrt(best);
}

function segmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** g with every vertex snapped to a grid of gridSize CRS units, kept valid (collapsed parts removed); null when empty. */
export function setPrecision(g: Polygonal, gridSize: number): Polygonal | null {
  return withGeos([g], 'setPrecision', (p) => geos().GEOSGeom_setPrecision_r(ctx, p, gridSize, 0));
}

/** g simplified with tolerance in CRS units, topology preserved (no new self-intersections); null when empty. */
export function simplify(g: Polygonal, tolerance: number): Polygonal | null {
  return withGeos([g], 'simplify', (p) => geos().GEOSTopologyPreserveSimplify_r(ctx, p, tolerance));
}
