import { describe, expect, it } from 'vitest';
import { buildLookupIndex, lookupIndexFor, nearestPerimeter, perimetersContaining, perimetersNear, ringsContain, ringsDistance } from './perimeterIndex.ts';
import { fixtureSet, lonLatOf, perimeterL93, squareL93, X0, Y0 } from './testFixtures/squares.ts';

const ring = (pts: number[][]) => Float64Array.from(pts.flat());

describe('ring primitives (metric)', () => {
  const square = [ring([[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]])];
  it('tests containment by the even-odd rule, holes excluded', () => {
    expect(ringsContain(square, 50, 50)).toBe(true);
    expect(ringsContain(square, 150, 50)).toBe(false);
    const holed = [...square, ring([[40, 40], [40, 60], [60, 60], [60, 40], [40, 40]])];
    expect(ringsContain(holed, 50, 50)).toBe(false);
    expect(ringsContain(holed, 20, 50)).toBe(true);
  });
  it('measures the distance to the outline from inside and outside, to a corner too', () => {
    expect(ringsDistance(square, 50, 30)).toBe(30);
    expect(ringsDistance(square, 220, 50)).toBe(120);
    expect(ringsDistance(square, 103, 104)).toBe(5);
  });
});

describe('perimeter index', () => {
  const a = perimeterL93('A', squareL93(X0, Y0, 1000));
  const b = perimeterL93('B', squareL93(X0 + 1500, Y0, 1000));
  const set = fixtureSet('2024', [a, b]);
  const idx = buildLookupIndex(set);

  it('finds the containing perimeter and the nearest one', () => {
    const p = lonLatOf(X0 + 1200, Y0 + 500);
    expect(perimetersContaining(idx, p.lon, p.lat)).toEqual([]);
    const n = nearestPerimeter(idx, p.lon, p.lat)!;
    expect(n.perimeter.code).toBe('A');
    expect(n.distance).toBeCloseTo(200, 3);
    const q = lonLatOf(X0 + 1600, Y0 + 500);
    expect(perimetersContaining(idx, q.lon, q.lat).map((x) => x.code)).toEqual(['B']);
    expect(nearestPerimeter(idx, q.lon, q.lat)!.distance).toBe(0);
  });

  it('nearest is exact, not by bounding box: an L-shape whose box contains the point loses to a closer square', () => {
    // L-shape: its box spans [0, 2000]², but near (1500, 1500) its outline is 500 m away.
    const L = perimeterL93('L', { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + 2000, Y0], [X0 + 2000, Y0 + 1000], [X0 + 1000, Y0 + 1000], [X0 + 1000, Y0 + 2000], [X0, Y0 + 2000], [X0, Y0]]] });
    const s = perimeterL93('S', squareL93(X0 + 1700, Y0 + 1450, 100));
    const ix = buildLookupIndex(fixtureSet('2024', [L, s]));
    const p = lonLatOf(X0 + 1500, Y0 + 1500);
    const n = nearestPerimeter(ix, p.lon, p.lat)!;
    expect(n.perimeter.code).toBe('S');
    expect(n.distance).toBeCloseTo(200, 3);
    expect(perimetersNear(ix, p.lon, p.lat, 600).map((h) => [h.perimeter.code, Math.round(h.distance)])).toEqual([['S', 200], ['L', 500]]);
  });

  it('caches one index per set', () => {
    expect(lookupIndexFor(set)).toBe(lookupIndexFor(set));
  });
});
