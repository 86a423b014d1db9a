// Well-Known Binary and GeoPackage geometry blobs → GeoJSON geometries (2D; Z and M are dropped).
import type { Geometry, Position } from 'geojson';

/** The GeoJSON geometry encoded in WKB (ISO, OGC or EWKB flavours), in the blob's own CRS; null for an empty geometry. */
export function readWkb(bytes: Uint8Array): Geometry | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new WkbReader(view);
  const g = r.geometry();
  return isEmpty(g) ? null : g;
}

/** The srs_id and GeoJSON geometry of a GeoPackage geometry blob ("GP" header + WKB); geometry null when empty. */
export function readGpkgGeometry(bytes: Uint8Array): { srsId: number; geometry: Geometry | null } {
  if (bytes.length < 8 || bytes[0] !== 0x47 || bytes[1] !== 0x50) throw new Error('blob GeoPackage sans en-tête « GP »');
  const flags = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = (flags & 1) === 1;
  const srsId = view.getInt32(4, le);
  const envelope = (flags >> 1) & 7;
  const envBytes = [0, 32, 48, 48, 64][envelope];
  if (envBytes === undefined) throw new Error(`indicateur d'enveloppe GeoPackage invalide (${envelope})`);
  if (flags & 0x10) return { srsId, geometry: null }; // empty-geometry flag
  return { srsId, geometry: readWkb(bytes.subarray(8 + envBytes)) };
}

function isEmpty(g: Geometry): boolean {
  if (g.type === 'GeometryCollection') return g.geometries.length === 0;
  if (g.type === 'Point') return g.coordinates.length === 0 || g.coordinates.some((c) => Number.isNaN(c));
  return g.coordinates.length === 0;
}

class WkbReader {
  private pos = 0;
  private le = true;
  constructor(private readonly view: DataView) {}

  private u32(): number {
    const v = this.view.getUint32(this.pos, this.le);
    this.pos += 4;
    return v;
  }

  private f64(): number {
    const v = this.view.getFloat64(this.pos, this.le);
    this.pos += 8;
    return v;
  }

  private point(dims: number): Position {
    const x = this.f64();
    const y = this.f64();
    this.pos += 8 * (dims - 2);
    return [x, y];
  }

  private points(dims: number): Position[] {
    const n = this.u32();
    const out: Position[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.point(dims);
    return out;
  }

  private rings(dims: number): Position[][] {
    const n = this.u32();
    const out: Position[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.points(dims);
    return out;
  }

  geometry(): Geometry {
    this.le = this.view.getUint8(this.pos) === 1;
    this.pos += 1;
    let type = this.u32();
    let dims = 2;
    // EWKB flags (PostGIS, some GDAL output)
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    if (type & 0x20000000) this.pos += 4; // SRID
    type &= 0x0fffffff;
    // ISO WKB: 1000 Z, 2000 M, 3000 ZM
    const iso = Math.floor(type / 1000);
    if (iso === 1 || iso === 2) dims++;
    if (iso === 3) dims += 2;
    type %= 1000;
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: this.point(dims) };
      case 2:
        return { type: 'LineString', coordinates: this.points(dims) };
      case 3:
        return { type: 'Polygon', coordinates: this.rings(dims) };
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = this.u32();
        const parts: Geometry[] = [];
        for (let i = 0; i < n; i++) parts.push(this.geometry());
        if (type === 4) return { type: 'MultiPoint', coordinates: parts.map((p) => (p as { coordinates: Position }).coordinates) };
        if (type === 5) return { type: 'MultiLineString', coordinates: parts.map((p) => (p as { coordinates: Position[] }).coordinates) };
        if (type === 6) return { type: 'MultiPolygon', coordinates: parts.map((p) => (p as { coordinates: Position[][] }).coordinates) };
        return { type: 'GeometryCollection', geometries: parts };
      }
      default:
        throw new Error(`type de géométrie WKB non pris en charge (${type}) : courbes et surfaces non linéaires non gérées`);
    }
  }
}

/** WKB (little-endian, 2D) of a GeoJSON geometry; the inverse of readWkb, for writing test fixtures and stores. */
export function writeWkb(g: Geometry): Uint8Array {
  const chunks: number[] = [];
  const buf: Uint8Array[] = [];
  const flush = () => {
    if (chunks.length) buf.push(Uint8Array.from(chunks)), (chunks.length = 0);
  };
  const u32 = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    flush();
    buf.push(b);
  };
  const f64s = (ps: Position[]) => {
    const b = new Uint8Array(16 * ps.length);
    const dv = new DataView(b.buffer);
    ps.forEach((p, i) => {
      dv.setFloat64(16 * i, p[0], true);
      dv.setFloat64(16 * i + 8, p[1], true);
    });
    flush();
    buf.push(b);
  };
  const write = (geom: Geometry) => {
    chunks.push(1);
    switch (geom.type) {
      case 'Point':
        u32(1), f64s([geom.coordinates]);
        break;
      case 'LineString':
        u32(2), u32(geom.coordinates.length), f64s(geom.coordinates);
        break;
      case 'Polygon':
        u32(3), u32(geom.coordinates.length);
        for (const r of geom.coordinates) u32(r.length), f64s(r);
        break;
      case 'MultiPoint':
        u32(4), u32(geom.coordinates.length);
        for (const c of geom.coordinates) write({ type: 'Point', coordinates: c });
        break;
      case 'MultiLineString':
        u32(5), u32(geom.coordinates.length);
        for (const c of geom.coordinates) write({ type: 'LineString', coordinates: c });
        break;
      case 'MultiPolygon':
        u32(6), u32(geom.coordinates.length);
        for (const c of geom.coordinates) write({ type: 'Polygon', coordinates: c });
        break;
      case 'GeometryCollection':
        u32(7), u32(geom.geometries.length);
        for (const c of geom.geometries) write(c);
        break;
    }
  };
  write(g);
  flush();
  const total = buf.reduce((a, b) => a + b.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of buf) out.set(b, o), (o += b.length);
  return out;
}
