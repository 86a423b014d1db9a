// Real data: INSEE Filosofi 2017 cells of the Oise × ANCT 2024 perimeters of Creil and Compiègne.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellGrid } from './model.ts';
import { indicatorsForArea } from './indicators.ts';
import { indicatorsForCommuneRest } from './communeIndicators.ts';
import { arealWeights } from './arealWeights.ts';
import { cellSquare } from './cellGrid.ts';
import { area, initGeos, intersection } from './geometry/geos.ts';
import { projectPolygonal } from './project.ts';
import { oiseCommune, oiseGrid, oiseQpvs } from './__fixtures__/indicators/oise.ts';

let grid: CellGrid;
const qpvs = oiseQpvs();

beforeAll(async () => {
  await initGeos();
  grid = await oiseGrid();
});

describe('indicators of the 2024 Oise QPVs from Filosofi 2017 cells', () => {
  it('finds the ten Oise QPVs in the seed file', () => {
    expect(qpvs.map((q) => q.code).sort()).toEqual([
      'QN06001M', 'QN06002M', 'QN06003I', 'QN06004M', 'QN06005M', 'QN06006I', 'QN06007M', 'QN06008I', 'QN06018N', 'QN06019N',
    ]);
  });

  // Inhabitants by areal weighting, confirmed independently by geopandas/shapely + PROJ
  // (scripts/crosscheck-areal.ts: largest relative difference 4e-10).
  const GEOPANDAS_IND: Record<string, number> = {
    QN06001M: 16294.8962, QN06002M: 3318.9632, QN06003I: 1387.3495, QN06004M: 1906.8964, QN06005M: 1567.8643,
    QN06006I: 1216.7308, QN06007M: 2827.4355, QN06008I: 2649.3696, QN06018N: 417.2334, QN06019N: 1640.6804,
  };

  it('each QPV: the cross-checked estimate, not secret, poor, bounds bracket the estimate', () => {
    for (const q of qpvs) {
      const r = indicatorsForArea([grid], q.geometry);
      const ind = r.counts.ind!;
      expect(r.secret, q.code).toBe(false);
      expect(Math.abs(ind - GEOPANDAS_IND[q.code]) / ind, q.code).toBeLessThan(1e-7);
      expect(r.bounds.inhabitantsInside!, q.code).toBeLessThanOrEqual(ind);
      expect(r.bounds.inhabitantsTouching!, q.code).toBeGreaterThanOrEqual(ind);
      // A QPV has ≥ 1,000 inhabitants: the cells it touches must hold that many. (Montupet, new in
      // 2024, is estimated at 417 from 2017 cells: its 1,102 are in cells it only partly covers.)
      expect(r.bounds.inhabitantsTouching!, q.code).toBeGreaterThan(1000);
      expect(ind, q.code).toBeLessThan(20000);
      // QPVs are selected for low income: poorer than the extract as a whole (12.0 %).
      expect(r.rates.povertyRate!, q.code).toBeGreaterThan(0.12);
      expect(r.imputedShare!, q.code).toBeGreaterThanOrEqual(0);
      expect(r.imputedShare!, q.code).toBeLessThan(1);
      expect(r.cells.border, q.code).toBeGreaterThan(0);
    }
  });

  it('areal weights of every real QPV match GEOS intersection areas to 1e-9', () => {
    let pairs = 0;
    for (const q of qpvs) {
      const laea = projectPolygonal(q.geometry, 4326, 3035);
      const w = arealWeights(grid, laea);
      for (let n = 0; n < w.index.length; n++) {
        const inter = intersection(cellSquare(grid, w.index[n]), laea);
        expect(Math.abs(w.fraction[n] - (inter ? area(inter) : 0) / 40000)).toBeLessThan(1e-9);
        pairs++;
      }
    }
    expect(pairs).toBe(176); // the pairs geopandas's overlay finds too
  });
});

describe('Creil (60175): commune, its QPVs, and the rest', () => {
  it('QPV part + rest = commune, and the QPV part is poorer than the rest', () => {
    const creil = oiseCommune('60175');
    const inCreil = qpvs.filter((q) => q.communes.includes('60175'));
    expect(inCreil.length).toBeGreaterThanOrEqual(2);
    const r = indicatorsForCommuneRest([grid], creil.geometry, inCreil.map((q) => q.geometry));
    const c = r.commune.counts, p = r.qpvs!.counts, s = r.rest!.counts;
    expect(p.ind! + s.ind!).toBeCloseTo(c.ind!, 4);
    expect(p.men_pauv! + s.men_pauv!).toBeCloseTo(c.men_pauv!, 4);
    expect(r.qpvs!.areaM2 + r.rest!.areaM2).toBeCloseTo(r.commune.areaM2, -1);
    expect(c.ind!).toBeGreaterThan(25_000); // Creil: ~35,000 inhabitants
    expect(c.ind!).toBeLessThan(45_000);
    expect(r.qpvs!.rates.povertyRate!).toBeGreaterThan(r.rest!.rates.povertyRate!);
    expect(r.restLonLat).not.toBeNull();
  });
});
