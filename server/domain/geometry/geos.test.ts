import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import type { Polygonal } from '../model.ts';
import { converter } from '../crs.ts';
import { resolveSharedDataDir } from '../../config.ts';
import {
  initGeos, validityReason, makeValid, intersection, difference, union, unionAll, coverageUnion,
  buffer, area, distance, boundaryDistance, setPrecision, simplify,
} from './geos.ts';

/** Axis-aligned square [x, x+size] × [y, y+size], counter-clockwise. */
function square(x: number, y: number, size: number): Polygon {
  return { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] };
}

function toL93(g: Polygonal): Polygonal {
  const f = converter(4326, 2154);
  const ring = (r: number[][]) => r.map((p) => f(p[0], p[1]));
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

beforeAll(async () => {
  await initGeos();
});

describe('validity', () => {
  it('reports a bow-tie and makeValid repairs it into two triangles of the same area', () => {
    const bowTie: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]] };
    expect(validityReason(bowTie)).toMatch(/Self-intersection/);
    const fixed = makeValid(bowTie);
    expect(fixed).not.toBeNull();
    expect(validityReason(fixed!)).toBeNull();
    expect(fixed!.type).toBe('MultiPolygon');
    expect(area(fixed!)).toBeCloseTo(50, 9); // two triangles of 25
  });

  it('returns null for a valid square and flags unclosed or too short rings', () => {
    expect(validityReason(square(0, 0, 1))).toBeNull();
    expect(validityReason({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toMatch(/not closed/);
    expect(validityReason({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toMatch(/Too few points/);
  });

  it('makeValid returns null when nothing areal remains', () => {
    expect(makeValid({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })).toBeNull();
  });

  it('repairs the real QP075019 (invalid as published) in Lambert-93', () => {
    const file = join(resolveSharedDataDir(), 'qpv2015-les-emplois-testfixtures', 'qpv2015_les_emplois_3qpv.geojson');
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    const f = fc.features.find((x: any) => JSON.stringify(x.properties).includes('QP075019'));
    const l93 = toL93(f.geometry);
    expect(validityReason(l93)).toMatch(/Self-intersection|Ring Self-intersection/);
    const fixed = makeValid(l93)!;
    expect(validityReason(fixed)).toBeNull();
    expect(area(fixed)).toBeGreaterThan(10_000);
  });
});

describe('overlay of two squares', () => {
  const a = square(0, 0, 10);
  const b = square(5, 5, 10);

  it('computes exact areas for intersection, difference and union', () => {
    expect(area(intersection(a, b)!)).toBe(25);
    expect(area(difference(a, b)!)).toBe(75);
    expect(area(union(a, b)!)).toBe(175);
    expect(area(unionAll([a, b, square(100, 100, 1)])!)).toBe(176);
  });

  it('returns null for empty results, dropping the line where squares only touch', () => {
    expect(intersection(a, square(20, 20, 1))).toBeNull();
    expect(intersection(a, square(10, 0, 10))).toBeNull(); // shared edge: not polygonal
    expect(difference(a, square(-1, -1, 12))).toBeNull();
    expect(unionAll([])).toBeNull();
  });

  it('handles near-coincident squares sharing an edge up to 1e-9 (where polyclip fails)', () => {
    const x0 = 652_345.123456789;
    const y0 = 6_862_123.987654321;
    const left = square(x0, y0, 137.25);
    const right: Polygon = {
      type: 'Polygon',
      coordinates: [[
        [x0 + 137.25 - 1e-9, y0], [x0 + 300, y0], [x0 + 300, y0 + 137.25],
        [x0 + 137.25 + 1e-9, y0 + 137.25], [x0 + 137.25 - 1e-9, y0],
      ]],
    };
    const u = union(left, right)!;
    expect(validityReason(u)).toBeNull();
    expect(area(u)).toBeCloseTo(300 * 137.25, 3);
    expect(area(difference(left, right)!)).toBeCloseTo(137.25 * 137.25, 3);
    const i = intersection(left, right);
    expect(i === null ? 0 : area(i)).toBeLessThan(1e-3);
  });
});

describe('coverageUnion', () => {
  it('dissolves a 3×3 block of 200 m cells into one square', () => {
    const cells: Polygon[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cells.push(square(3_800_000 + i * 200, 2_900_000 + j * 200, 200));
    const u = coverageUnion(cells)!;
    expect(u.type).toBe('Polygon');
    expect(area(u)).toBe(600 * 600);
    expect((u as Polygon).coordinates.length).toBe(1); // no hole, no internal edge left
    expect((u as Polygon).coordinates[0].length).toBeLessThanOrEqual(13); // collinear cell corners may stay
  });
});

describe('buffer', () => {
  it('grows a 100 m square by 10 m to 100²+4·100·10+π·10²', () => {
    const b = buffer(square(650_000, 6_860_000, 100), 10, 64)!;
    expect(area(b)).toBeCloseTo(100 * 100 + 4 * 100 * 10 + Math.PI * 100, 0);
    const shrunk = buffer(square(0, 0, 100), -10)!;
    expect(area(shrunk)).toBeCloseTo(80 * 80, 6);
    expect(buffer(square(0, 0, 100), -60)).toBeNull();
  });
});

describe('distances', () => {
  it('measures planar distance between a point and a polygon', () => {
    expect(distance({ type: 'Point', coordinates: [13, 4] }, square(0, 0, 10))).toBe(3);
    expect(distance({ type: 'Point', coordinates: [5, 5] }, square(0, 0, 10))).toBe(0);
    expect(distance(square(0, 0, 1), square(4, 5, 1))).toBe(5);
  });

  it('boundaryDistance measures to the outline from inside and outside, including holes', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 100).coordinates[0], square(40, 40, 20).coordinates[0].slice().reverse()] };
    expect(boundaryDistance(withHole, 10, 50)).toBe(10);
    expect(boundaryDistance(withHole, 35, 50)).toBe(5);
    expect(boundaryDistance(withHole, 103, 104)).toBe(5);
  });
});

describe('setPrecision and simplify', () => {
  it('snaps to a grid keeping validity', () => {
    const p: Polygon = { type: 'Polygon', coordinates: [[[0.0004, 0.0004], [10.0006, 0], [10, 9.9996], [0, 10], [0.0004, 0.0004]]] };
    const s = setPrecision(p, 0.001)!;
    expect(validityReason(s)).toBeNull();
    expect(area(s)).toBeCloseTo(100, 2);
    const coords = (s as Polygon).coordinates[0].flat();
    for (const c of coords) expect(Math.abs(c * 1000 - Math.round(c * 1000))).toBeLessThan(1e-6);
  });

  it('simplifies away small wiggles without breaking topology', () => {
    const ring: number[][] = [];
    for (let i = 0; i <= 100; i++) ring.push([i, i % 2 === 0 ? 0 : 0.01]);
    ring.push([100, 50], [0, 50], [0, 0]);
    const s = simplify({ type: 'Polygon', coordinates: [ring] }, 0.1)! as Polygon;
    expect(s.coordinates[0].length).toBe(5);
    expect(area(s)).toBeCloseTo(5000, 0);
  });
});

describe('robustness', () => {
  it('throws a readable error instead of crashing on invalid overlay input, and keeps working after', () => {
    const spike: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [5, 10], [5, 20], [5, 10], [0, 10], [0, 0]]] };
    const bowTie: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]] };
    expect(() => union(bowTie, spike)).toThrow(/GEOS union a échoué : TopologyException/);
    expect(area(union(square(0, 0, 1), square(1, 0, 1))!)).toBe(2);
  });
});
