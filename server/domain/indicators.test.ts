import { beforeAll, describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { indicatorsForArea, indicatorsForAreaInCrs, indicatorsFromWeights } from './indicators.ts';
import { arealWeights } from './arealWeights.ts';
import { SECRECY_REASON } from './secrecy.ts';
import { initGeos } from './geometry/geos.ts';
import { projectPolygonal } from './project.ts';
import type { Building, Polygonal } from './model.ts';
import { fixtureAreas, gridFromCells, type CellRow } from './__fixtures__/indicators/fixtures.ts';

const areas = fixtureAreas();
const area = (name: string) => areas.get(name)!.area3035;
const lonLat = (g: Polygonal) => projectPolygonal(g, 3035, 4326);
const id = (x: number, y = 2940000) => `CRS3035RES200mN${y}E${x}`;
const zeroAges = { ind_0_3: 0, ind_4_5: 0, ind_6_10: 0, ind_11_17: 0, ind_65_79: 0, ind_80p: 0 };

// "two-and-a-half-cells" covers A and B wholly and the west half of C; D only touches it.
const rows: CellRow[] = [
  { id: id(3770000), ind: 250, men: 100, men_pauv: 50, men_fmp: 10, men_prop: 20, log_soc: 60, ind_snv: 3_750_000, men_surf: 6000, ind_0_3: 10, ind_4_5: 5, ind_6_10: 15, ind_11_17: 20, ind_65_79: 20, ind_80p: 5 },
  { id: id(3770200), imputed: true, ind: 40, men: 20, men_pauv: 0, men_fmp: 0, men_prop: 16, log_soc: 0, ind_snv: 1_200_000, men_surf: 2000, ind_0_3: 0, ind_4_5: 0, ind_6_10: 2, ind_11_17: 2, ind_65_79: 10, ind_80p: 6 },
  { id: id(3770400), ind: 80, men: 40, men_pauv: 10, men_fmp: 4, men_prop: 8, log_soc: 20, ind_snv: 1_600_000, men_surf: 2800, ind_0_3: 4, ind_4_5: 2, ind_6_10: 6, ind_11_17: 8, ind_65_79: 6, ind_80p: 2 },
  { id: id(3770600), ind: 1000, men: 400, men_pauv: 400, men_fmp: 0, men_prop: 0, log_soc: 0, ind_snv: 0, men_surf: 0, ...zeroAges },
  // "with-hole": 3 × 3 cells of 100 inhabitants, 40 households; the centre is half covered.
  ...[0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => ({ id: id(3771000 + 200 * a, 2940000 + 200 * b), ind: 100, men: 40, men_pauv: 4, men_fmp: 0, men_prop: 0, log_soc: 0, ind_snv: 2_000_000, men_surf: 3000, ...zeroAges }))),
  // "multipolygon-two-communes": one whole cell in 60175, a quarter of one in 60414.
  { id: id(3772000), ind: 100, men: 40, men_pauv: 8, men_fmp: 0, men_prop: 0, log_soc: 0, ind_snv: 2_000_000, men_surf: 3000, ...zeroAges },
  { id: id(3773000), ind: 200, men: 80, men_pauv: 40, men_fmp: 0, men_prop: 0, log_soc: 0, ind_snv: 2_000_000, men_surf: 3000, ...zeroAges },
  // "quarter-cell": a quarter of these values.
  { id: id(3774000), ind: 120, men: 48, men_pauv: 12, men_fmp: 4, men_prop: 24, log_soc: 8, ind_snv: 2_400_000, men_surf: 4000, ind_0_3: 8, ind_4_5: 4, ind_6_10: 8, ind_11_17: 12, ind_65_79: 16, ind_80p: 4 },
  // "secret-pocket": 10 households.
  { id: id(3775000), ind: 25, men: 10, men_pauv: 6, men_fmp: 2, men_prop: 1, log_soc: 8, ind_snv: 300_000, men_surf: 700, ...zeroAges },
];
const grid = gridFromCells(rows);

describe('indicatorsForArea on exact fixtures', () => {
  it('2.5 cells (1, 1, 0.5): counts, ratio-of-sums rates, imputed share, bounds', () => {
    const r = indicatorsForAreaInCrs([grid], area('two-and-a-half-cells'), 3035);
    expect(r.secret).toBe(false);
    expect(r.secretReason).toBeNull();
    expect(r.counts.ind).toBeCloseTo(330, 9);
    expect(r.counts.men).toBeCloseTo(140, 9);
    expect(r.counts.men_pauv).toBeCloseTo(55, 9);
    expect(r.counts.log_soc).toBeCloseTo(70, 9);
    expect(r.rates.povertyRate).toBeCloseTo(55 / 140, 12);
    expect(r.rates.meanLivingStandard).toBeCloseTo(5_750_000 / 330, 6);
    expect(r.rates.socialHousingShare).toBeCloseTo(0.5, 12);
    expect(r.rates.singleParentShare).toBeCloseTo(12 / 140, 12);
    expect(r.rates.ownersShare).toBeCloseTo(40 / 140, 12);
    expect(r.rates.under18Share).toBeCloseTo(64 / 330, 12);
    expect(r.rates.over65Share).toBeCloseTo(45 / 330, 12);
    expect(r.rates.surfacePerPerson).toBeCloseTo(9400 / 330, 9);
    expect(r.imputedShare).toBeCloseTo(40 / 330, 12);
    expect(r.bounds).toEqual({ inhabitantsInside: 290, inhabitantsTouching: 370, borderShare: expect.closeTo(40 / 330, 12) });
    expect(r.cells).toEqual({ inside: 2, border: 1 });
    expect(r.areaM2).toBeCloseTo(100_000, 6);
    expect(r.mode).toBe('areal');
    expect(r.fallbackShare).toBeNull();
  });

  it('poverty rate is the ratio of sums (55/140), not the mean of cell ratios (0.25)', () => {
    const r = indicatorsForAreaInCrs([grid], area('two-and-a-half-cells'), 3035);
    const meanOfRatios = (50 / 100 + 0 / 20 + 10 / 40) / 3;
    expect(meanOfRatios).toBeCloseTo(0.25, 12);
    expect(r.rates.povertyRate).not.toBeCloseTo(meanOfRatios, 3);
  });

  it('gives the same figures for the area given in lon/lat (projected to EPSG:3035 and back)', () => {
    // proj4's LAEA round trip moves points by ~0.3 mm: outlines on exact cell lines gain slivers
    // (D gets ~1e-6 of its square), so compare figures, not the inside/border split.
    const a = indicatorsForAreaInCrs([grid], area('two-and-a-half-cells'), 3035);
    const b = indicatorsForArea([grid], lonLat(area('two-and-a-half-cells')));
    expect(Math.abs(b.counts.ind! - a.counts.ind!) / a.counts.ind!).toBeLessThan(1e-5);
    expect(b.rates.povertyRate).toBeCloseTo(a.rates.povertyRate!, 5);
    expect(b.areaM2).toBeCloseTo(100_000, 0);
  });

  it('a hole takes its share out: 8 whole cells + half the centre', () => {
    const r = indicatorsForAreaInCrs([grid], area('with-hole'), 3035);
    expect(r.counts.ind).toBeCloseTo(850, 9);
    expect(r.counts.men).toBeCloseTo(340, 9);
    expect(r.cells).toEqual({ inside: 8, border: 1 });
    expect(r.bounds.inhabitantsInside).toBe(800);
    expect(r.bounds.inhabitantsTouching).toBe(900);
    expect(r.areaM2).toBeCloseTo(360_000 - 20_000, 6);
  });

  it('a multipolygon across two communes adds its parts', () => {
    const r = indicatorsForAreaInCrs([grid], area('multipolygon-two-communes'), 3035);
    const mp = area('multipolygon-two-communes') as { type: 'MultiPolygon'; coordinates: Polygon['coordinates'][] };
    const parts = mp.coordinates.map((c) => indicatorsForAreaInCrs([grid], { type: 'Polygon', coordinates: c }, 3035));
    expect(r.counts.ind).toBeCloseTo(150, 9);
    expect(r.counts.men_pauv).toBeCloseTo(18, 9);
    expect(r.counts.ind).toBeCloseTo(parts[0].counts.ind! + parts[1].counts.ind!, 9);
    expect(r.rates.povertyRate).toBeCloseTo(18 / 60, 12);
    expect(r.cells).toEqual({ inside: 1, border: 1 });
  });

  it('a cell covered at 0.25 contributes a quarter of every count', () => {
    const r = indicatorsForAreaInCrs([grid], area('quarter-cell'), 3035);
    expect(r.counts.ind).toBeCloseTo(30, 9);
    expect(r.counts.men).toBeCloseTo(12, 9);
    expect(r.counts.men_pauv).toBeCloseTo(3, 9);
    expect(r.counts.ind_snv).toBeCloseTo(600_000, 6);
    expect(r.counts.ind_65_79).toBeCloseTo(4, 9);
    expect(r.rates.povertyRate).toBeCloseTo(0.25, 12);
    expect(r.rates.meanLivingStandard).toBeCloseTo(20_000, 6);
    expect(r.bounds).toEqual({ inhabitantsInside: 0, inhabitantsTouching: 120, borderShare: 1 });
  });

  it('withholds every figure (null, never 0) for a pocket of 10 households', () => {
    const r = indicatorsForAreaInCrs([grid], area('secret-pocket'), 3035);
    expect(r.secret).toBe(true);
    expect(r.secretReason).toBe(SECRECY_REASON);
    expect(Object.values(r.counts).every((v) => v === null)).toBe(true);
    expect(Object.values(r.rates).every((v) => v === null)).toBe(true);
    expect(r.imputedShare).toBeNull();
    expect(r.bounds).toEqual({ inhabitantsInside: null, inhabitantsTouching: null, borderShare: null });
    expect(r.cells).toEqual({ inside: 1, border: 0 }); // geometry is not secret
    expect(r.areaM2).toBeCloseTo(40_000, 6);
  });

  it('withholds 10.99 estimated households (no rounding up), publishes 11', () => {
    const g = gridFromCells([{ id: id(3774000), ind: 100, men: 43.96 }]);
    expect(indicatorsForAreaInCrs([g], area('quarter-cell'), 3035).secret).toBe(true); // 10.99
    const g11 = gridFromCells([{ id: id(3774000), ind: 100, men: 44 }]);
    const r = indicatorsForAreaInCrs([g11], area('quarter-cell'), 3035);
    expect(r.secret).toBe(false);
    expect(r.counts.men).toBeCloseTo(11, 9);
  });

  it('an area inside the cells\' extent over no populated cell is a known zero: not secret, not "no data"', () => {
    // The 1 km square E 3774000 holds a populated cell: its empty north-east corner is a known zero.
    const empty: Polygon = { type: 'Polygon', coordinates: [[[3774500, 2940500], [3774600, 2940500], [3774600, 2940600], [3774500, 2940600], [3774500, 2940500]]] };
    const r = indicatorsForAreaInCrs([grid], empty, 3035);
    expect(r.secret).toBe(false);
    expect(r.counts.ind).toBe(0);
    expect(r.rates.povertyRate).toBeNull(); // no household: no rate
    expect(r.coverage).toBe(1);
    expect(r.noData).toBe(false);
    expect(r.noDataReason).toBeNull();
    expect(r.cells).toEqual({ inside: 0, border: 0 });
  });

  it('an area outside the cells\' extent has no data: noData with its reason, not secret, every figure null', () => {
    const far: Polygon = { type: 'Polygon', coordinates: [[[3700000, 2900000], [3700100, 2900000], [3700100, 2900100], [3700000, 2900000]]] };
    const r = indicatorsForAreaInCrs([grid], far, 3035);
    expect(r.secret).toBe(false);
    expect(r.secretReason).toBeNull();
    expect(r.noData).toBe(true);
    expect(r.coverage).toBe(0);
    expect(r.noDataReason).toBe('Zone hors de l’emprise des carreaux Filosofi chargés');
    expect(r.counts.ind).toBeNull();
    expect(r.rates.povertyRate).toBeNull();
    expect(r.cells).toEqual({ inside: 0, border: 0 });
  });

  it('an area half outside the extent keeps the figures of its covered half, flagged noData with the covered share', () => {
    // Cell E 3770000 (250 inhabitants) is at the west edge of the extent; the rectangle reaches 1 km further west.
    const half: Polygon = { type: 'Polygon', coordinates: [[[3769000, 2940000], [3770200, 2940000], [3770200, 2940200], [3769000, 2940200], [3769000, 2940000]]] };
    const r = indicatorsForAreaInCrs([grid], half, 3035);
    expect(r.coverage).toBeCloseTo(200 / 1200, 12);
    expect(r.noData).toBe(true);
    expect(r.secret).toBe(false);
    expect(r.counts.ind).toBeCloseTo(250, 9);
    expect(r.noDataReason).toBe('Zone hors de l’emprise des carreaux Filosofi chargés pour une partie de la zone (16,6 % couverts) : chiffres partiels, portant sur la seule partie couverte');
  });

  it('an area of a CRS without loaded grid (Réunion with métropole cells) has no data', () => {
    const r = indicatorsForArea([grid], { type: 'Polygon', coordinates: [[[55.45, -20.9], [55.46, -20.9], [55.46, -20.89], [55.45, -20.9]]] });
    expect(r.noData).toBe(true);
    expect(r.secret).toBe(false);
  });

  it('a field missing from the vintage is null, not 0; a 0 denominator gives a null rate', () => {
    const g = gridFromCells([{ id: id(3770000), ind: 0, men: 20, men_pauv: 5, ind_snv: 0 }]);
    const r = indicatorsForAreaInCrs([g], area('edge-touching').type === 'Polygon' ? shift(area('edge-touching'), -7000) : area('edge-touching'), 3035);
    expect(r.secret).toBe(false);
    expect(r.counts.men_pauv).toBe(5);
    expect(r.counts.log_soc).toBeNull();
    expect(r.rates.socialHousingShare).toBeNull();
    expect(r.rates.under18Share).toBeNull();
    expect(r.rates.meanLivingStandard).toBeNull(); // ind = 0
    expect(r.rates.povertyRate).toBe(0.25);
    expect(r.imputedShare).toBeNull();
  });

  it('an empty value (NaN) in a contributing cell makes that count unknown (null)', () => {
    const g = gridFromCells([
      { id: id(3770000), ind: 100, men: 40, log_soc: 10 },
      { id: id(3770200), ind: 100, men: 40, log_soc: NaN },
    ]);
    const r = indicatorsForAreaInCrs([g], area('two-and-a-half-cells'), 3035);
    expect(r.counts.men).toBeCloseTo(80, 9);
    expect(r.counts.log_soc).toBeNull();
  });

  it('indicatorsFromWeights gives the same as indicatorsForArea for the same weights', () => {
    const w = arealWeights(grid, area('two-and-a-half-cells'));
    const a = indicatorsFromWeights(grid, w, { areaM2: 100_000, coverage: 1 });
    expect(a).toEqual(indicatorsForAreaInCrs([grid], area('two-and-a-half-cells'), 3035));
    expect(indicatorsFromWeights(grid, w).areaM2).toBeCloseTo(100_000, 6); // Σ fraction × 200²
  });
});

describe('dasymetric mode', () => {
  beforeAll(() => initGeos());
  const box = (bid: string, x0: number, y0: number, x1: number, y1: number, floors: number | null, residential: boolean | null = true): Building => ({
    id: bid, residential, floors,
    geometry: lonLat({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }),
  });
  // In cell C (x 3770400–3770600; the outline runs at x = 3770500):
  const buildings: Building[] = [
    box('P', 3770420, 2940050, 3770440, 2940070, null), // inside, 400 m²
    box('Q', 3770540, 2940050, 3770560, 2940070, 3), // outside, 400 m² × 3 floors
    box('R', 3770490, 2940100, 3770510, 2940110, 1), // straddles the outline: 100 of 200 m² inside
    box('S', 3770410, 2940120, 3770480, 2940190, 5, false), // not residential: ignored
  ];

  it('weights cell C by residential floor area inside (500 / 1,800), whole cells keep 1', () => {
    const r = indicatorsForAreaInCrs([grid], area('two-and-a-half-cells'), 3035, { mode: 'dasymetric', buildings });
    expect(r.mode).toBe('dasymetric');
    // Buildings went through lon/lat (±0.3 mm): 1e-5 of the cell's weight at most.
    expect(r.counts.ind).toBeCloseTo(250 + 40 + (80 * 500) / 1800, 2);
    expect(r.counts.men_pauv).toBeCloseTo(50 + (10 * 500) / 1800, 3);
    expect(r.fallbackShare).toBe(0);
    expect(r.cells).toEqual({ inside: 2, border: 1 });
    expect(r.bounds.inhabitantsInside! <= r.counts.ind! && r.counts.ind! <= r.bounds.inhabitantsTouching!).toBe(true);
  });

  it('falls back to areal weighting in a border cell without residential building, and says so', () => {
    const r = indicatorsForArea([grid], lonLat(area('quarter-cell')), { mode: 'dasymetric', buildings });
    expect(r.counts.ind).toBeCloseTo(30, 6);
    expect(r.fallbackShare).toBe(1);
  });

  it('refuses dasymetric mode without buildings', () => {
    expect(() => indicatorsForArea([grid], lonLat(area('quarter-cell')), { mode: 'dasymetric' })).toThrow(/bâtiments/);
  });
});

function shift(g: Polygonal, dx: number): Polygonal {
  const p = g as Polygon;
  return { type: 'Polygon', coordinates: p.coordinates.map((r) => r.map(([x, y]) => [x + dx, y])) };
}
