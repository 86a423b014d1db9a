import { describe, expect, it } from 'vitest';
import { readGpkgGeometry, readWkb, writeWkb } from './wkb.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('readWkb', () => {
  it('reads big-endian OGC WKB (POINT(1 2) as PostGIS writes with ST_AsBinary(…, "XDR"))', () => {
    expect(readWkb(hex('00 00000001 3FF0000000000000 4000000000000000'))).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('drops Z from ISO WKB (type 1003) and EWKB with SRID (PostGIS), keeping x, y', () => {
    const isoZ = hex(`01 EB030000 01000000 04000000
      0000000000000000 0000000000000000 0000000000002440
      000000000000F03F 0000000000000000 0000000000002440
      0000000000000000 000000000000F03F 0000000000002440
      0000000000000000 0000000000000000 0000000000002440`);
    expect(readWkb(isoZ)).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] });
    // EWKB point with SRID=2154 and Z flag
    const ewkb = Buffer.alloc(1 + 4 + 4 + 24);
    ewkb.writeUInt8(1, 0);
    ewkb.writeUInt32LE(0xa0000001, 1); // Point | Z flag | SRID flag
    ewkb.writeUInt32LE(2154, 5);
    ewkb.writeDoubleLE(650000, 9);
    ewkb.writeDoubleLE(6860000, 17);
    ewkb.writeDoubleLE(42, 25);
    expect(readWkb(ewkb)).toEqual({ type: 'Point', coordinates: [650000, 6860000] });
  });

  it('round-trips every GeoJSON type through writeWkb', () => {
    const geoms = [
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.2, 0.1], [0.8, 0.1], [0.8, 0.7], [0.2, 0.1]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] },
      { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[2, 2], [3, 3]]] },
      { type: 'MultiPoint', coordinates: [[0, 0], [1, 1]] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 2]] }] },
    ] as const;
    for (const g of geoms) expect(readWkb(writeWkb(g as any))).toEqual(g);
  });

  it('returns null for empty geometries and refuses curves', () => {
    expect(readWkb(hex('01 06000000 00000000'))).toBeNull(); // MULTIPOLYGON EMPTY
    expect(() => readWkb(hex('01 0A000000 00000000'))).toThrow(/non pris en charge \(10\)/); // CURVEPOLYGON
  });
});

describe('readGpkgGeometry', () => {
  it('skips the header and envelope, and honours the empty flag', () => {
    const wkb = writeWkb({ type: 'Point', coordinates: [2.47, 49.26] });
    const head = Buffer.from([0x47, 0x50, 0, 0b011, 0xe6, 0x10, 0, 0]); // LE, 32-byte envelope, srs 4326
    expect(readGpkgGeometry(Buffer.concat([head, Buffer.alloc(32), wkb]))).toEqual({ srsId: 4326, geometry: { type: 'Point', coordinates: [2.47, 49.26] } });
    const empty = Buffer.from([0x47, 0x50, 0, 0b10001, 0xe6, 0x10, 0, 0]);
    expect(readGpkgGeometry(Buffer.concat([empty, writeWkb({ type: 'Polygon', coordinates: [] })])).geometry).toBeNull();
    expect(() => readGpkgGeometry(wkb)).toThrow(/GP/);
  });
});
