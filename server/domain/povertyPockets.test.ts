import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSharedDataDir } from '../config.ts';
import { readFilosofiCells } from '../adapters/formats/filosofi.ts';
import { distance, initGeos } from './geometry/geos.ts';
import type { LoadedPerimeter } from './model.ts';
import { loadPerimeter } from '../app/memoryWorkspace.ts';
import { studyAreaFromCommunes } from './studyArea.ts';
import { OISE_DEMO_COMMUNES, loadOise, rawCellSums } from '../../test/fixtures/pocketsOise.ts';
import { formatCellId } from './cellGrid.ts';
import { planarArea } from './arealWeights.ts';
import { projectPolygonal } from './project.ts';
import {
  DEFAULT_POCKET_PARAMS, PocketParamsError, describePocketParams, povertyPockets, resolvePocketParams, type PocketsInput,
} from './povertyPockets.ts';
import { FIXTURE_CELLS_REF, STUDY_AREA, X0, Y0, fixtureCommunes, fixtureQpv, pocketGrid, rectLonLat } from './__fixtures__/pockets/grid.ts';

const id = (i: number, j: number) => formatCellId(3035, 200, X0 + i * 200, Y0 + j * 200);
const L = [id(1, 1), id(1, 2), id(2, 2)];
const DIAGONAL = id(3, 3);

function input(extra: Partial<PocketsInput> = {}): PocketsInput {
  return { grids: [pocketGrid()], studyArea: STUDY_AREA, qpvs: [fixtureQpv()], communes: fixtureCommunes(), datasets: [FIXTURE_CELLS_REF], ...extra };
}

beforeAll(() => initGeos());

describe('povertyPockets on the hand-built grid, default parameters', () => {
  it('finds one pocket: the L and its diagonal cell, with their summed figures', () => {
    const r = povertyPockets(input());
    expect(r.pockets).toHaveLength(1);
    const p = r.pockets[0];
    expect(p.rank).toBe(1);
    expect(p.cellIds).toEqual([L[0], L[1], L[2], DIAGONAL]);
    expect(p.population).toBe(400);
    expect(p.households).toBe(160);
    expect(p.poorHouseholds).toBe(64);
    expect(p.povertyRate).toBeCloseTo(0.4, 12);
    expect(p.meanLivingStandard).toBeCloseTo(12000, 6);
    expect(p.socialHousingShare).toBeCloseTo(120 / 160, 12);
    expect(p.imputedCells).toBe(1);
    expect(p.imputedShare).toBeCloseTo(0.25, 12);
    expect(p.communes).toEqual([{ code: '60175', name: 'Creil', cells: 4 }]);
    expect(p.inQpvShare).toBe(0);
    expect(p.secret).toBe(false);
  });

  it('measures the distance to the nearest QPV from the outline, in metres (corner to corner: √(800² + 400²))', () => {
    const p = povertyPockets(input()).pockets[0];
    expect(p.nearestQpv?.code).toBe('QN06099Z');
    // Measured in Lambert-93 after projection from LAEA: the two scales differ by about 1e-3 here.
    expect(p.nearestQpv!.distance).toBeGreaterThan(Math.hypot(800, 400) - 2);
    expect(p.nearestQpv!.distance).toBeLessThan(Math.hypot(800, 400) + 2);
  });

  it('returns the outline as the dissolved cells in lonLat, and the centroid of the cells', () => {
    const p = povertyPockets(input()).pockets[0];
    const laea = projectPolygonal(p.outline, 4326, 3035);
    expect(planarArea(laea)).toBeCloseTo(4 * 200 * 200, 0);
    // An L and a cell touching it by a corner: GEOS keeps them as one or two polygons, never overlapping.
    expect(p.outline.type === 'Polygon' || p.outline.coordinates.length === 2).toBe(true);
    expect(p.centroid[0]).toBeGreaterThan(2.0);
    expect(p.centroid[0]).toBeLessThan(3.0);
    const [cx, cy] = projectPolygonal({ type: 'Polygon', coordinates: [[p.centroid, p.centroid, p.centroid, p.centroid]] }, 4326, 3035).coordinates[0][0] as number[];
    expect(cx - X0).toBeCloseTo(((1.5 + 1.5 + 2.5 + 3.5) / 4) * 200, 3);
    expect(cy - Y0).toBeCloseTo(((1.5 + 2.5 + 2.5 + 3.5) / 4) * 200, 3);
  });

  it('reports the study area over the cells mostly inside it, QPV cells included', () => {
    const { studyArea } = povertyPockets(input());
    expect(studyArea.cells).toBe(120); // 12 × 10; the poor cell 40 % inside column 12 is left out
    expect(studyArea.inhabitants).toBe(12330);
    expect(studyArea.households).toBe(4933);
    expect(studyArea.poorHouseholds).toBe(628);
    expect(studyArea.rate).toBeCloseTo(628 / 4933, 12);
    expect(studyArea.qpvCells).toBe(4);
    expect(studyArea.flaggedCells).toBe(7); // 4 P, 2 s, 1 w — not Q (in the QPV), not r (27 %)
    expect(studyArea.thresholds).toEqual({ povertyRate: 0.3, relativePovertyRate: null, maxLivingStandard: null, relativeLivingStandard: null });
  });

  it('excludes the poor cell inside the QPV', () => {
    const r = povertyPockets(input());
    const all = [...r.pockets.flatMap((p) => p.cellIds), ...r.rejected.flatMap((x) => x.cellIds)];
    expect(all).not.toContain(id(8, 6));
    // Without the QPV it is a pocket of its own (300 inhabitants, 50 % poor).
    const noQpv = povertyPockets(input({ qpvs: [] }));
    expect(noQpv.pockets.map((p) => p.cellIds)).toContainEqual([id(8, 6)]);
    expect(noQpv.pockets.every((p) => p.nearestQpv === null)).toBe(true);
  });

  it('lists the 10-household cluster as rejected for secrecy, figures withheld, and the weak cell', () => {
    const r = povertyPockets(input());
    expect(r.rejected).toEqual([
      expect.objectContaining({
        reason: 'secret', reasonLabel: 'Secret statistique : moins de 11 ménages fiscaux', cellIds: [id(9, 1), id(10, 1)], cells: 2,
        secret: true, population: null, households: null, poorHouseholds: null, povertyRate: null,
        communes: [{ code: '60463', name: 'Nogent-sur-Oise', cells: 2 }],
      }),
      expect.objectContaining({ reason: 'weakCell', cellIds: [id(11, 9)], secret: true, households: null }),
    ]);
  });

  it('echoes every effective parameter and the datasets in the provenance', () => {
    const r = povertyPockets(input());
    expect(r.parameters).toEqual(DEFAULT_POCKET_PARAMS);
    expect(r.provenance.parameters).toEqual({ ...DEFAULT_POCKET_PARAMS });
    expect(r.provenance.datasets).toEqual([FIXTURE_CELLS_REF]);
  });
});

describe('povertyPockets parameters', () => {
  it('with 4 neighbours, keeps the L and rejects the diagonal cell for too few inhabitants', () => {
    const r = povertyPockets(input(), { neighbourhood: 4 });
    expect(r.pockets.map((p) => p.cellIds)).toEqual([L]);
    expect(r.pockets[0].population).toBe(300);
    expect(Math.abs(r.pockets[0].nearestQpv!.distance - Math.hypot(1000, 600))).toBeLessThan(2);
    const diagonal = r.rejected.find((x) => x.cellIds.includes(DIAGONAL));
    expect(diagonal).toMatchObject({ reason: 'population', cells: 1, secret: false, population: 100, households: 40, poorHouseholds: 16 });
  });

  it('flags the 27 % cell by the relative rate (2 × 12.7 %) but not by the absolute 30 %', () => {
    const relative = povertyPockets(input(), { povertyRate: null, relativeRate: 2 });
    expect(relative.studyArea.thresholds.relativePovertyRate).toBeCloseTo((2 * 628) / 4933, 12);
    expect(relative.pockets.map((p) => p.cellIds)).toEqual([[L[0], L[1], L[2], DIAGONAL], [id(5, 8)]]);
    // Ranked by poor households: 64 before 54; by population: 500 before 400.
    expect(relative.pockets.map((p) => p.poorHouseholds)).toEqual([64, 54]);
    const byPopulation = povertyPockets(input(), { povertyRate: null, relativeRate: 2, rankBy: 'population' });
    expect(byPopulation.pockets.map((p) => [p.rank, p.population])).toEqual([[1, 500], [2, 400]]);

    const either = povertyPockets(input(), { relativeRate: 2, combine: 'any' });
    expect(either.pockets).toHaveLength(2);
    const both = povertyPockets(input(), { relativeRate: 2, combine: 'all' });
    expect(both.pockets.map((p) => p.cellIds[0])).toEqual([L[0]]);
  });

  it('flags by the mean standard of living, absolute or relative to the study area', () => {
    const absolute = povertyPockets(input(), { povertyRate: null, maxLivingStandard: 13000 });
    expect(absolute.pockets.map((p) => p.cellIds[0])).toEqual([L[0]]); // r is at 15 000 €
    const relative = povertyPockets(input(), { povertyRate: null, relativeLivingStandard: 0.75 });
    const areaMean = relative.studyArea.meanLivingStandard!;
    expect(relative.studyArea.thresholds.relativeLivingStandard).toBeCloseTo(0.75 * areaMean, 6);
    expect(0.75 * areaMean).toBeGreaterThan(15000); // so r (15 000 €) is flagged too
    expect(relative.pockets).toHaveLength(2);
  });

  it('lets a single cell below minCellHouseholds join when the minimum is lowered, still withheld by secrecy', () => {
    const r = povertyPockets(input(), { minCellHouseholds: 0 });
    expect(r.rejected.map((x) => x.reason)).toEqual(['secret', 'secret']);
  });

  it('rejects clusters below minCells as isolated and below minHouseholds as too few households', () => {
    const isolated = povertyPockets(input(), { neighbourhood: 4, minPopulation: 50, minCells: 2 });
    expect(isolated.pockets.map((p) => p.cellIds)).toEqual([L]);
    expect(isolated.rejected.find((x) => x.cellIds[0] === DIAGONAL)?.reason).toBe('isolated');
    const households = povertyPockets(input(), { minHouseholds: 200 });
    expect(households.pockets).toHaveLength(0);
    expect(households.rejected[0]).toMatchObject({ reason: 'households', households: 160 });
  });

  it('takes communes from lcog_geo when the grid has it', () => {
    const grid = pocketGrid((i) => (i < 2 ? '60175' : '6017560414'));
    const r = povertyPockets(input({ grids: [grid], communes: [] }));
    expect(r.pockets[0].communes).toEqual([
      { code: '60175', name: null, cells: 4 },
      { code: '60414', name: null, cells: 2 },
    ]);
  });

  it('keeps a poor cell 40 % inside a QPV with qpvShare 0.5 (its pocket touches the QPV), leaves it out by default and with 0.3', () => {
    const shifted = { ...fixtureQpv(), geometry: rectLonLat(8.6, 6, 10.6, 8) };
    shifted.metric = projectPolygonal(shifted.geometry, 4326, 2154);
    expect(povertyPockets(input({ qpvs: [shifted] })).pockets.some((p) => p.cellIds.includes(id(8, 6)))).toBe(false);
    const byDefault = povertyPockets(input({ qpvs: [shifted] }), { qpvShare: 0.5 });
    const q = byDefault.pockets.find((p) => p.cellIds.includes(id(8, 6)));
    expect(q).toBeDefined();
    expect(q!.nearestQpv).toEqual({ code: 'QN06099Z', name: 'Quartier du fixture', distance: 0 });
    expect(q!.cellIds).toEqual([id(8, 6)]);
    expect(q!.inQpvShare).toBeCloseTo(0.4, 5);
    expect(byDefault.studyArea.qpvCells).toBe(4); // (9,6) (9,7) wholly inside, (10,6) (10,7) 60 % inside
    const strict = povertyPockets(input({ qpvs: [shifted] }), { qpvShare: 0.3 });
    expect(strict.pockets.some((p) => p.cellIds.includes(id(8, 6)))).toBe(false);
    expect(strict.studyArea.qpvCells).toBe(6); // + (8,6) and (8,7)
  });

  it('finds nothing when the study area holds no cells', () => {
    const r = povertyPockets(input({ studyArea: { type: 'Polygon', coordinates: [[[5, 45], [5.01, 45], [5.01, 45.01], [5, 45.01], [5, 45]]] } }));
    expect(r.studyArea.cells).toBe(0);
    expect(r.studyArea.rate).toBeNull();
    expect(r.pockets).toEqual([]);
  });
});

describe('resolvePocketParams', () => {
  it('fills defaults and ignores undefined values', () => {
    expect(resolvePocketParams({ minPopulation: undefined, neighbourhood: 4 })).toEqual({ ...DEFAULT_POCKET_PARAMS, neighbourhood: 4 });
  });

  it.each([
    [{ minHouseholds: 10 }, 'minHouseholds', /secret statistique/],
    [{ povertyRate: 30 }, 'povertyRate', /entre 0/],
    [{ povertyRate: null }, 'povertyRate', /Aucun critère/],
    [{ neighbourhood: 6 as 4 }, 'neighbourhood', /4 ou 8/],
    [{ qpvShare: 0 }, 'qpvShare', /entre 0/],
    [{ minCells: 1.5 }, 'minCells', /entier/],
    [{ rankBy: 'rate' as 'povertyRate' }, 'rankBy', /rankBy/],
    [{ combine: 'some' as 'any' }, 'combine', /any/],
    [{ relativeRate: -1 }, 'relativeRate', /positif/],
  ])('refuses %j', (partial, parameter, message) => {
    try {
      resolvePocketParams(partial);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PocketParamsError);
      expect((e as PocketParamsError).parameter).toBe(parameter);
      expect((e as Error).message).toMatch(message);
    }
  });
});

describe('describePocketParams', () => {
  const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
  it('states the default rule as the legend sentence', () => {
    expect(plain(describePocketParams(DEFAULT_POCKET_PARAMS, { vintage: '2017' }))).toBe(
      'Poches de pauvreté : carreaux hors QPV (moins de 10 % de leur surface en QPV) dont le taux de pauvreté ≥ 30 %, regroupés (8 voisins), ≥ 200 habitants et ≥ 11 ménages — Filosofi 2017',
    );
  });

  it('states combined and relative tests with their resolved values, and non-default choices', () => {
    const params = resolvePocketParams({ relativeRate: 2, maxLivingStandard: 13000, combine: 'all', neighbourhood: 4, minCells: 2 });
    const r = povertyPockets(input(), params);
    expect(plain(describePocketParams(params, { studyArea: r.studyArea }))).toBe(
      "Poches de pauvreté : carreaux hors QPV (moins de 10 % de leur surface en QPV) dont le taux de pauvreté ≥ 30 %, le taux de pauvreté ≥ 2 × celui de la zone d'étude (25,5 %) et le niveau de vie moyen ≤ 13 000 € (≥ 2 carreaux), regroupés (4 voisins), ≥ 200 habitants et ≥ 11 ménages",
    );
  });
});

describe('povertyPockets on the real Oise extract (Filosofi 2017, QPV 2024), default parameters', () => {
  let result: ReturnType<typeof povertyPockets>;
  let strict: ReturnType<typeof povertyPockets>;
  let qpvs: LoadedPerimeter[];
  beforeAll(async () => {
    const oise = await loadOise();
    const communes = oise.communes.items;
    qpvs = oise.perimeters.perimeters.map((p) => loadPerimeter(p, oise.perimeters.ref.id));
    const area = studyAreaFromCommunes(communes, { communes: OISE_DEMO_COMMUNES });
    result = povertyPockets({ grids: oise.cells.grids, studyArea: area.area!, qpvs, communes, datasets: [oise.cells.ref, oise.perimeters.ref] }, { qpvShare: 0.5 });
    strict = povertyPockets({ grids: oise.cells.grids, studyArea: area.area!, qpvs, communes, datasets: [oise.cells.ref, oise.perimeters.ref] });
  });

  it('by default (qpvShare 0.1) keeps only the 7 pockets clearly outside the QPVs, the QPV fringes left out', () => {
    expect(strict.parameters.qpvShare).toBe(0.1);
    expect(strict.pockets).toHaveLength(7);
    for (const p of strict.pockets) {
      expect(p.inQpvShare).toBeLessThan(0.1);
      expect(p.nearestQpv!.distance).toBeGreaterThan(0);
    }
    // the pocket far from any QPV is among them
    expect(strict.pockets.some((p) => p.cellIds.includes('CRS3035RES200mN2948600E3802600'))).toBe(true);
  });

  it('with qpvShare 0.5 finds 18 pockets, QPV fringes included, the first in Compiègne next to QN06008I', () => {
    expect(result.studyArea.cells).toBe(614);
    expect(result.studyArea.rate).toBeCloseTo(0.2281, 4);
    expect(result.pockets).toHaveLength(18);
    const first = result.pockets[0];
    expect(first.cellIds).toEqual(['CRS3035RES200mN2946800E3800400', 'CRS3035RES200mN2947000E3800200']);
    expect(first.population).toBeCloseTo(885.5, 3);
    expect(first.poorHouseholds).toBeCloseTo(125, 3);
    expect(first.communes.map((c) => c.name)).toEqual(['Compiègne']);
    expect(first.nearestQpv?.code).toBe('QN06008I');
    // The one pocket far from any QPV: two cells in Compiègne, 55 % poor, about 2.6 km away.
    const far = result.pockets.find((p) => p.nearestQpv!.distance > 2000)!;
    expect(far.cellIds).toEqual(['CRS3035RES200mN2948600E3802600', 'CRS3035RES200mN2948800E3802600']);
    expect(far.nearestQpv!.distance).toBeGreaterThan(2500);
    expect(far.nearestQpv!.distance).toBeLessThan(2700);
  });

  it('gives each pocket the sums of its cells as the CSV has them, and keeps every rule', () => {
    const codes = new Set(OISE_DEMO_COMMUNES);
    for (const p of result.pockets) {
      const raw = rawCellSums(p.cellIds);
      expect(p.population).toBeCloseTo(raw.ind, 2);
      expect(p.households).toBeCloseTo(raw.men, 2);
      expect(p.poorHouseholds).toBeCloseTo(raw.menPauv, 2);
      expect(p.povertyRate).toBeGreaterThanOrEqual(0.3);
      expect(p.population).toBeGreaterThanOrEqual(200);
      expect(p.households).toBeGreaterThanOrEqual(11);
      expect(p.inQpvShare).toBeLessThan(0.5);
      expect(p.communes.every((c) => codes.has(c.code))).toBe(true);
    }
    const poor = result.pockets.map((p) => p.poorHouseholds);
    expect(poor).toEqual([...poor].sort((a, b) => b - a));
    expect(result.pockets.map((p) => p.rank)).toEqual(result.pockets.map((_, n) => n + 1));
  });

  it('measures the QPV distance as GEOS does between the outline and the perimeter in Lambert-93', () => {
    const far = result.pockets.find((p) => p.nearestQpv!.distance > 2000)!;
    const outline93 = projectPolygonal(far.outline, 4326, 2154);
    const direct = Math.min(...qpvs.map((q) => distance(outline93, q.metric)));
    expect(far.nearestQpv!.distance).toBeCloseTo(direct, 3);
  });
});

describe('povertyPockets on the real Toulouse extract (Filosofi 2017 with empty age columns, QPV 2024 Occitanie)', () => {
  it('finds pockets in Toulouse (31555) that keep every rule and lie outside the QPVs', async () => {
    const dir = resolveSharedDataDir();
    const cells = await readFilosofiCells(join(dir, 'filosofi2017-200m-toulouse/filosofi2017_200m_toulouse.csv'));
    const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).features as any[];
    const qpvs = read('qpv2024-anct/qpv2024_occitanie.geojson').map((f) => loadPerimeter({
      code: f.properties.code_qp, name: f.properties.lib_qp, communes: [], departement: null, epci: null,
      generation: '2024', version: null, geometry: f.geometry, properties: {},
    }, 'qpv'));
    const communes = read('communes-france-geojson/communes-31-haute-garonne.geojson').map((f) => ({ code: f.properties.code, name: f.properties.nom, departement: '31', epci: null, geometry: f.geometry }));
    const r = povertyPockets({ grids: cells.grids, studyArea: studyAreaFromCommunes(communes, { communes: ['31555'] }).area!, qpvs, communes }, { qpvShare: 0.5 });
    expect(r.studyArea.rate).toBeCloseTo(0.1906, 4);
    expect(r.pockets).toHaveLength(37);
    for (const p of r.pockets) {
      expect(p.povertyRate).toBeGreaterThanOrEqual(0.3);
      expect(p.population).toBeGreaterThanOrEqual(200);
      expect(p.inQpvShare).toBeLessThan(0.5);
      expect(p.communes[0].code).toBe('31555');
      expect(p.nearestQpv?.code).toMatch(/^QN031/);
    }
  });
});
