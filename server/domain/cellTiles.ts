// Mapbox Vector Tiles of Filosofi cells, encoded straight from the grid (no GeoJSON in between):
// 200 m squares at z ≥ 12, pre-aggregated coarser squares below. Pure computation.
import { aggregateGrid, cellId, forEachCellInBox, type AggregatedGrid } from './cellGrid.ts';
import { converter, WGS84 } from './crs.ts';
import type { CellGrid } from './model.ts';

export const CELL_TILE_LAYER = 'cells';
export const TILE_EXTENT = 4096;
const TILE_BUFFER = 64; // tile units kept outside the tile so that neighbouring tiles join cleanly
/** Households below which INSEE withholds any figure (statistical secrecy). */
export const SECRET_HOUSEHOLDS = 11;

const LEVEL_FACTORS = [1, 5, 10, 20, 40, 80];

/** Aggregation factor of the grid drawn at zoom z: 200 m from z 12, 1 km at 9–11, 2/4/8 km at 8/7/6, 16 km below. */
export function cellFactorForZoom(z: number): number {
  if (z >= 12) return 1;
  if (z >= 9) return 5;
  if (z === 8) return 10;
  if (z === 7) return 20;
  if (z === 6) return 40;
  return 80;
}

/** Returns the lonLat bounds [west, south, east, north] of tile z/x/y (Web Mercator scheme). */
export function tileBoundsLonLat(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

/** One level of the pyramid: a grid plus its lonLat footprint, to skip tiles far away cheaply. */
interface Level {
  grid: CellGrid | AggregatedGrid;
  lonLatBox: [number, number, number, number];
}

/** Cell tiles of one grid; aggregated levels are built on first use and kept. */
export class CellTiler {
  private levels = new Map<number, Level>();
  private readonly toLonLat;
  private readonly fromLonLat;

  constructor(public readonly grid: CellGrid) {
    this.toLonLat = converter(grid.epsg, WGS84);
    this.fromLonLat = converter(WGS84, grid.epsg);
  }

  /** Builds every aggregated level now (else each is built by the first tile that needs it). */
  warm(): void {
    for (const f of LEVEL_FACTORS) this.level(f);
  }

  private level(factor: number): Level {
    let l = this.levels.get(factor);
    if (!l) {
      // Each level is built from the next finer one: 5 × fewer cells to read at every step.
      const finer = LEVEL_FACTORS[LEVEL_FACTORS.indexOf(factor) - 1];
      const grid = factor === 1 ? this.grid : aggregateGrid(this.level(finer).grid, factor / finer);
      l = { grid, lonLatBox: this.footprint(grid) };
      this.levels.set(factor, l);
    }
    return l;
  }

  private footprint(g: CellGrid): [number, number, number, number] {
    if (g.count === 0) return [0, 0, -1, -1];
    let i0 = Infinity, i1 = -Infinity;
    for (let k = 0; k < g.count; k++) {
      if (g.i[k] < i0) i0 = g.i[k];
      if (g.i[k] > i1) i1 = g.i[k];
    }
    const box = ringBox(this.toLonLat, i0 * g.size, g.j[0] * g.size, (i1 + 1) * g.size, (g.j[g.count - 1] + 1) * g.size);
    return [box[0] - 0.05, box[1] - 0.05, box[2] + 0.05, box[3] + 0.05];
  }

  /** Features of tile z/x/y written into `layer`; returns how many were added. */
  addToLayer(layer: MvtLayerWriter, z: number, x: number, y: number): number {
    const { grid, lonLatBox } = this.level(cellFactorForZoom(z));
    const [w, s, e, n] = tileBoundsLonLat(z, x, y);
    if (w > lonLatBox[2] || e < lonLatBox[0] || s > lonLatBox[3] || n < lonLatBox[1]) return 0;
    // Query the grid over the tile's footprint in the grid CRS, clamped to the grid's own extent.
    const gb = ringBox(this.fromLonLat, Math.max(w, lonLatBox[0]), Math.max(s, lonLatBox[1]), Math.min(e, lonLatBox[2]), Math.min(n, lonLatBox[3]));
    const pad = grid.size;
    const scale = 2 ** z;
    const toTile = (lon: number, lat: number, out: Int32Array, o: number) => {
      const mx = (lon + 180) / 360;
      const sin = Math.sin((lat * Math.PI) / 180);
      const my = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
      out[o] = Math.round((mx * scale - x) * TILE_EXTENT);
      out[o + 1] = Math.round((my * scale - y) * TILE_EXTENT);
    };
    const pts = new Int32Array(8);
    const lo = -TILE_BUFFER;
    const hi = TILE_EXTENT + TILE_BUFFER;
    const size = grid.size;
    const toLonLat = this.toLonLat;
    // Neighbouring squares share corners: project each lattice corner once per tile.
    const ci0 = Math.floor((gb[0] - pad) / size);
    const cj0 = Math.floor((gb[1] - pad) / size);
    const cw = Math.ceil((gb[2] + pad) / size) - ci0 + 2;
    const ch = Math.ceil((gb[3] + pad) / size) - cj0 + 2;
    const lattice = cw > 0 && ch > 0 && cw * ch <= 1 << 22 ? new Int32Array(cw * ch * 2) : null;
    const known = lattice ? new Uint8Array(cw * ch) : null;
    const corner = (ci: number, cj: number, o: number) => {
      if (lattice) {
        const c = (cj - cj0) * cw + (ci - ci0);
        if (!known![c]) {
          const ll = toLonLat(ci * size, cj * size);
          toTile(ll[0], ll[1], lattice, c * 2);
          known![c] = 1;
        }
        pts[o] = lattice[c * 2];
        pts[o + 1] = lattice[c * 2 + 1];
      } else {
        const ll = toLonLat(ci * size, cj * size);
        toTile(ll[0], ll[1], pts, o);
      }
    };
    const decimals = grid === this.grid ? 1 : 0; // aggregated figures are for drawing: whole numbers
    let added = 0;
    forEachCellInBox(grid, gb[0] - pad, gb[1] - pad, gb[2] + pad, gb[3] + pad, (k) => {
      const ci = grid.i[k];
      const cj = grid.j[k];
      // Exterior ring clockwise in tile coordinates (y down), as the MVT spec requires:
      // lower-left → upper-left → upper-right → lower-right.
      corner(ci, cj, 0);
      corner(ci, cj + 1, 2);
      corner(ci + 1, cj + 1, 4);
      corner(ci + 1, cj, 6);
      const minX = Math.min(pts[0], pts[2], pts[4], pts[6]);
      const maxX = Math.max(pts[0], pts[2], pts[4], pts[6]);
      const minY = Math.min(pts[1], pts[3], pts[5], pts[7]);
      const maxY = Math.max(pts[1], pts[3], pts[5], pts[7]);
      if (maxX < lo || minX > hi || maxY < lo || minY > hi) return;
      if (maxX === minX || maxY === minY) return; // collapsed to a line at this zoom
      layer.addPolygon(k + 1, pts, cellProperties(grid, k, decimals));
      added++;
    });
    return added;
  }

  /** Returns tile z/x/y of this grid alone as MVT bytes with its feature count, or null when empty. */
  tile(z: number, x: number, y: number): { bytes: Uint8Array; features: number } | null {
    const layer = new MvtLayerWriter(CELL_TILE_LAYER);
    const features = this.addToLayer(layer, z, x, y);
    return features > 0 ? { bytes: encodeTile([layer]), features } : null;
  }
}

/** Returns the MVT bytes of tile z/x/y over several grids (métropole, Martinique, Réunion), or null when empty. */
export function cellTile(tilers: CellTiler[], z: number, x: number, y: number): Uint8Array | null {
  const layer = new MvtLayerWriter(CELL_TILE_LAYER);
  let features = 0;
  for (const t of tilers) features += t.addToLayer(layer, z, x, y);
  return features > 0 ? encodeTile([layer]) : null;
}

/**
 * Returns the tile properties of cell k: the figures the map draws (rounded to `decimals`; ind_snv,
 * a sum of euros, to the euro), or only `secret: 1` (no figure) when the cell has fewer than
 * 11 households. Empty source values (NaN) are left out.
 */
export function cellProperties(grid: CellGrid, k: number, decimals = 1): Record<string, number | string> {
  const v = grid.values;
  const props: Record<string, number | string> = { id: cellId(grid, k), imputed: grid.imputed[k] };
  const men = at(v.men, k);
  if (!(men >= SECRET_HOUSEHOLDS)) {
    props.secret = 1;
    return props;
  }
  const scale = 10 ** decimals;
  const ind = at(v.ind, k);
  put(props, 'ind', ind, scale);
  put(props, 'men', men, scale);
  put(props, 'men_pauv', at(v.men_pauv, k), scale);
  put(props, 'ind_snv', at(v.ind_snv, k), 1);
  put(props, 'log_soc', at(v.log_soc, k), scale);
  put(props, 'men_fmp', at(v.men_fmp, k), scale);
  put(props, 'men_prop', at(v.men_prop, k), scale);
  put(props, 'under18', at(v.ind_0_3, k) + at(v.ind_4_5, k) + at(v.ind_6_10, k) + at(v.ind_11_17, k), scale);
  put(props, 'ind_65p', at(v.ind_65_79, k) + at(v.ind_80p, k), scale);
  const imputedInd = (grid as Partial<AggregatedGrid>).imputedInd;
  if (imputedInd && ind > 0) props.imputed_share = Math.round((imputedInd[k] / ind) * 1000) / 1000;
  return props;
}

// Plain functions, not closures per cell: tiles call these millions of times.
function at(column: Float32Array | Float64Array | undefined, k: number): number {
  return column ? column[k] : NaN;
}
function put(props: Record<string, number | string>, name: string, value: number, scale: number): void {
  if (!Number.isNaN(value)) props[name] = Math.round(value * scale) / scale;
}

/** A growable protobuf byte buffer: just what MVT needs (varints, length-delimited fields, doubles). */
class ProtoWriter {
  buf = new Uint8Array(1024);
  pos = 0;
  private view = new DataView(this.buf.buffer);

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let len = this.buf.length * 2;
    while (len < this.pos + n) len *= 2;
    const next = new Uint8Array(len);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  varint(v: number): void {
    this.ensure(10);
    while (v > 0x7f) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }
  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }
  double(field: number, v: number): void {
    this.tag(field, 1);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }
  result(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const textEncoder = new TextEncoder();

/** One MVT layer being written: keys and values deduplicated, features encoded as they come. */
export class MvtLayerWriter {
  private keys = new Map<string, number>();
  private valueList: (number | string)[] = []; // position = value index
  private numberIndex = new Map<number, number>();
  private stringIndex = new Map<string, number>();
  private features = new ProtoWriter();
  private geom = new ProtoWriter();
  private tags = new ProtoWriter();
  private body = new ProtoWriter();
  count = 0;

  constructor(public readonly name: string, public readonly extent = TILE_EXTENT) {}

  // Numbers and strings in separate maps: one key type per map keeps lookups fast.
  private valueIndex<T extends number | string>(map: Map<T, number>, v: T): number {
    let i = map.get(v);
    if (i === undefined) {
      i = this.valueList.length;
      map.set(v, i);
      this.valueList.push(v);
    }
    return i;
  }

  private index<T>(map: Map<T, number>, v: T): number {
    let i = map.get(v);
    if (i === undefined) map.set(v, (i = map.size));
    return i;
  }

  /** Adds a polygon feature with one ring of 4 corners (tile coordinates, exterior winding, not closed). */
  addPolygon(id: number, ring: Int32Array, props: Record<string, number | string>): void {
    const g = this.geom;
    g.pos = 0;
    g.varint((1 & 7) | (1 << 3)); // MoveTo ×1
    g.varint(zigzag(ring[0]));
    g.varint(zigzag(ring[1]));
    g.varint((2 & 7) | (3 << 3)); // LineTo ×3
    for (let p = 2; p < 8; p += 2) {
      g.varint(zigzag(ring[p] - ring[p - 2]));
      g.varint(zigzag(ring[p + 1] - ring[p - 1]));
    }
    g.varint((7 & 7) | (1 << 3)); // ClosePath
    const t = this.tags;
    t.pos = 0;
    for (const key in props) {
      t.varint(this.index(this.keys, key));
      const value = props[key];
      t.varint(typeof value === 'number' ? this.valueIndex(this.numberIndex, value) : this.valueIndex(this.stringIndex, value));
    }
    const body = this.body;
    body.pos = 0;
    body.tag(1, 0);
    body.varint(id);
    body.bytes(2, t.result());
    body.tag(3, 0);
    body.varint(3); // POLYGON
    body.bytes(4, g.result());
    this.features.bytes(2, body.result());
    this.count++;
  }

  /** Returns the encoded Layer message. */
  encode(): Uint8Array {
    const w = new ProtoWriter();
    w.tag(15, 0);
    w.varint(2);
    w.bytes(1, textEncoder.encode(this.name));
    const feats = this.features.result();
    w.raw(feats);
    for (const k of this.keys.keys()) w.bytes(3, textEncoder.encode(k));
    const val = new ProtoWriter();
    for (const v of this.valueList) {
      val.pos = 0;
      if (typeof v === 'string') val.bytes(1, textEncoder.encode(v));
      else if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
        val.tag(6, 0); // sint_value
        val.varint(v >= 0 ? v * 2 : -v * 2 - 1);
      } else val.double(3, v);
      w.bytes(4, val.result());
    }
    w.tag(5, 0);
    w.varint(this.extent);
    return w.result();
  }
}

/** Returns the MVT Tile message holding the given layers. */
export function encodeTile(layers: MvtLayerWriter[]): Uint8Array {
  const w = new ProtoWriter();
  for (const l of layers) if (l.count > 0) w.bytes(3, l.encode());
  return w.result();
}

/** Bounding box of the rectangle [x0, x1] × [y0, y1] after `project`, sampling its edges (projections curve them). */
function ringBox(project: (x: number, y: number) => [number, number], x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  const steps = 8;
  for (let s = 0; s <= steps; s++) {
    const tx = x0 + ((x1 - x0) * s) / steps;
    const ty = y0 + ((y1 - y0) * s) / steps;
    for (const [px, py] of [project(tx, y0), project(tx, y1), project(x0, ty), project(x1, ty)]) {
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      if (px < a) a = px;
      if (py < b) b = py;
      if (px > c) c = px;
      if (py > d) d = py;
    }
  }
  return [a, b, c, d];
}
