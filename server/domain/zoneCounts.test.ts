import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { addZoneCounts, emptyZoneCounts, zoneCounts } from './zoneCounts.ts';
import { gridFromCells } from './__fixtures__/indicators/fixtures.ts';
import { projectPolygonal } from './project.ts';

const id = (x: number, y: number) => `CRS3035RES200mN${y}E${x}`;
// Straight 3035 edges bend slightly through lonLat: figures agree to 1e-4, not exactly.
// Two 1 km squares of cells: E 3,700–3,702 km × N 2,900–2,901 km.
const grid = gridFromCells([
  { id: id(3_700_000, 2_900_000), ind: 100, men: 40, men_pauv: 10, men_fmp: 2, log_soc: 5 },
  { id: id(3_701_800, 2_900_800), ind: 50, men: 20, men_pauv: 4, men_fmp: 1, log_soc: 0, imputed: true },
]);
const rectLonLat = (x0: number, y0: number, x1: number, y1: number) =>
  projectPolygonal({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } as Polygon, 3035, 4326);

describe('zoneCounts: counts and coverage of a zone', () => {
  it('a zone inside the extent: areal-weighted counts, whole coverage', () => {
    const z = zoneCounts([grid], rectLonLat(3_700_000, 2_900_000, 3_700_100, 2_900_200));
    expect(z.counts.ind).toBeCloseTo(50, 2);
    expect(z.coverage).toBeCloseTo(1, 4);
    expect(z.areaM2).toBeCloseTo(20_000, -1);
  });

  it('a zone outside the extent has coverage 0 and zero counts (not a secret zone: the caller says "no data")', () => {
    const z = zoneCounts([grid], rectLonLat(3_750_000, 2_900_000, 3_750_500, 2_900_500));
    expect(z.coverage).toBe(0);
    expect(z.counts.men).toBe(0);
  });

  it('sums add areas and covered areas, so the coverage of a sum is area-weighted', () => {
    const inside = zoneCounts([grid], rectLonLat(3_700_000, 2_900_000, 3_700_500, 2_900_500));
    const outside = zoneCounts([grid], rectLonLat(3_750_000, 2_900_000, 3_750_500, 2_900_500));
    const sum = addZoneCounts(addZoneCounts(emptyZoneCounts(), inside), outside);
    expect(sum.coverage).toBeCloseTo(0.5, 4);
    expect(sum.counts.ind).toBeCloseTo(100, 2);
    expect(emptyZoneCounts().coverage).toBeNull();
  });
});
