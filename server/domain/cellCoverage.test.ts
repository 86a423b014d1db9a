import { beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { COVERAGE_MIN, coverageBlocks, coverageOfArea, coverageVerdict, NO_DATA_REASON } from './cellCoverage.ts';
import { gridFromCells } from './__fixtures__/indicators/fixtures.ts';
import { indicatorsForArea } from './indicators.ts';
import type { CellGrid } from './model.ts';
import { readFilosofiCells } from '../adapters/formats/filosofi.ts';
import { realPerimeterSet, shared } from '../../test/support/h7RealData.ts';

const id = (x: number, y: number) => `CRS3035RES200mN${y}E${x}`;
const km = (bi: number, bj: number) => id(3_700_000 + bi * 1000 + 200, 2_900_000 + bj * 1000 + 400); // one cell inside 1 km square (bi, bj)
const blocksOf = (g: CellGrid) => [...g.i].map((i, k) => `${i - 3700},${g.j[k] - 2900}`).sort();
const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

describe('coverage of a grid: occupied 1 km squares filled to their row-and-column hull', () => {
  it('fills an interior hole (a park) but not the missing corner of an L-shaped extract', () => {
    //   row 3: X . .      (1,3), (2,3): nothing east in their row → not covered (no invented zero)
    //   row 2: X X X
    //   row 1: X . X      (1,1): a hole with occupied squares on every side → covered (a known zero)
    //   row 0: X X X
    const occupied = [[0, 0], [1, 0], [2, 0], [0, 1], [2, 1], [0, 2], [1, 2], [2, 2], [0, 3]];
    const g = gridFromCells(occupied.map(([i, j]) => ({ id: km(i, j), ind: 10, men: 5 })));
    const b = coverageBlocks(g);
    expect(b.size).toBe(1000);
    expect(blocksOf(b)).toEqual([...occupied.map(([i, j]) => `${i},${j}`), '1,1'].sort());
    expect(coverageBlocks(g)).toBe(b); // cached
  });

  it('measures the covered share of an area exactly (area in the grid CRS)', () => {
    const g = gridFromCells([km(0, 0), km(1, 0)].map((cid) => ({ id: cid, ind: 10, men: 5 })));
    expect(coverageOfArea([g], rect(3_700_000, 2_900_000, 3_702_000, 2_901_000), 3035)).toBe(1);
    expect(coverageOfArea([g], rect(3_701_500, 2_900_000, 3_702_500, 2_901_000), 3035)).toBeCloseTo(0.5, 12);
    expect(coverageOfArea([g], rect(3_750_000, 2_900_000, 3_751_000, 2_901_000), 3035)).toBe(0);
    expect(coverageOfArea([g], rect(3_700_000, 2_900_000, 3_701_000, 2_901_000), 2975)).toBe(0); // no grid in that CRS
  });

  it('says no data below 99 %, partial figures above 0, nothing at 0, and no cells at all', () => {
    expect(coverageVerdict(1)).toEqual({ noData: false, partial: false, reason: null });
    expect(coverageVerdict(COVERAGE_MIN)).toEqual({ noData: false, partial: false, reason: null });
    expect(coverageVerdict(0.989)).toMatchObject({ noData: true, partial: true });
    expect(coverageVerdict(0.989).reason).toMatch(/98,9 % couverts/);
    expect(coverageVerdict(0)).toEqual({ noData: true, partial: false, reason: NO_DATA_REASON });
    expect(coverageVerdict(null)).toEqual({ noData: true, partial: false, reason: 'Aucun carreau Filosofi chargé' });
  });
});

describe('coverage of the real Toulouse extract (Filosofi 2017)', () => {
  let grid: CellGrid;
  const qpv2024 = realPerimeterSet('qpv2024-anct/qpv2024_occitanie.geojson', '2024');
  const perimeter = (code: string) => qpv2024.items.find((p) => p.code === code)!;
  beforeAll(async () => {
    grid = (await readFilosofiCells(shared('filosofi2017-200m-toulouse', 'filosofi2017_200m_toulouse.csv'))).grids[0];
  });

  it('covers the 14 km × 16 km rectangle it was cut on, but for the 2 empty squares at the west end of one row', () => {
    const b = coverageBlocks(grid);
    expect(Math.min(...b.i) * 1000).toBe(3_622_000);
    expect((Math.max(...b.i) + 1) * 1000).toBe(3_636_000);
    expect(Math.min(...b.j) * 1000).toBe(2_309_000);
    expect((Math.max(...b.j) + 1) * 1000).toBe(2_325_000);
    // Row N 2,320 km has no cell west of E 3,624 km (fields by Colomiers): cautiously uncovered.
    expect(b.count).toBe(14 * 16 - 2);
  });

  it('Toulouse quartiers are wholly covered; Saint-Gaudens (80 km away) is "hors données", not secret', () => {
    const mirail = indicatorsForArea([grid], perimeter('QN03107M').geometry);
    expect(mirail.coverage).toBe(1);
    expect(mirail.noData).toBe(false);
    expect(mirail.counts.ind).toBeGreaterThan(10_000);
    const gaudens = indicatorsForArea([grid], perimeter('QN03103M').geometry);
    expect(gaudens.coverage).toBe(0);
    expect(gaudens.noData).toBe(true);
    expect(gaudens.noDataReason).toBe(NO_DATA_REASON);
    expect(gaudens.secret).toBe(false);
    expect(gaudens.secretReason).toBeNull();
    expect(gaudens.counts.ind).toBeNull();
  });
});
