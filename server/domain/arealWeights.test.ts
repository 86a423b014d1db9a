import { beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { arealWeights, planarArea } from './arealWeights.ts';
import { cellSquare } from './cellGrid.ts';
import { area, initGeos, intersection } from './geometry/geos.ts';
import { fixtureAreas, fractionsById, fullGrid } from './__fixtures__/indicators/fixtures.ts';

// Every cell of the fixture strip is populated, so neighbours that only touch an outline are present.
const grid = fullGrid(3769600, 2939600, 3778000, 2941000);
const areas = fixtureAreas();

describe('arealWeights on hand-drawn areas (areas-3035.geojson)', () => {
  for (const [name, f] of areas) {
    it(`${name}: exact fractions, no touching neighbour`, () => {
      const got = fractionsById(grid, arealWeights(grid, f.area3035));
      expect(Object.keys(got).sort()).toEqual(Object.keys(f.expected).sort());
      for (const [id, fraction] of Object.entries(f.expected)) expect(got[id]).toBeCloseTo(fraction, 12);
    });
  }

  it('ignores cells absent from the grid (unpopulated)', () => {
    const sparse = fullGrid(3770200, 2940000, 3770400, 2940200); // only the middle cell of "two-and-a-half"
    const got = fractionsById(sparse, arealWeights(sparse, areas.get('two-and-a-half-cells')!.area3035));
    expect(got).toEqual({ CRS3035RES200mN2940000E3770200: 1 });
  });

  it('returns nothing for a degenerate polygon', () => {
    const flat: Polygon = { type: 'Polygon', coordinates: [[[3770000, 2940000], [3770400, 2940000], [3770000, 2940000]]] };
    expect(arealWeights(grid, flat).index.length).toBe(0);
  });
});

describe('arealWeights on an irregular polygon with a hole', () => {
  // A 23-point star with a triangular hole, vertices off the grid lines, over a fully populated grid.
  const cx = 3771130.7, cy = 2940523.3;
  const outer: number[][] = [];
  for (let k = 0; k < 23; k++) {
    const a = (2 * Math.PI * k) / 23, r = k % 2 ? 310 : 870;
    outer.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  outer.push(outer[0]);
  const hole = [[cx - 50, cy - 40], [cx - 20, cy + 130], [cx + 90, cy - 10], [cx - 50, cy - 40]];
  const star: Polygon = { type: 'Polygon', coordinates: [outer, hole] };
  const big = fullGrid(3770000, 2939400, 3772400, 2941800);

  beforeAll(() => initGeos());

  it('weights sum to the polygon area (every cell populated)', () => {
    const w = arealWeights(big, star);
    const covered = w.fraction.reduce((s, f) => s + f * 200 * 200, 0);
    expect(covered).toBeCloseTo(planarArea(star), 4);
  });

  it('each fraction matches GEOS area(cell ∩ polygon) / cell area to 1e-9', () => {
    const w = arealWeights(big, star);
    const got = new Map<number, number>();
    w.index.forEach((k, n) => got.set(k, w.fraction[n]));
    for (let k = 0; k < big.count; k++) {
      const inter = intersection(cellSquare(big, k), star);
      const expected = inter ? area(inter) / 40000 : 0;
      expect(Math.abs((got.get(k) ?? 0) - expected)).toBeLessThan(1e-9);
    }
  });
});
