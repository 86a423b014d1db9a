import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, Polygon } from 'geojson';
import { initGeos } from './geometry/geos.ts';
import { perimeterL93 } from './testFixtures/squares.ts';
import { readSharedPerimeters, OCCITANIE_2015, OCCITANIE_2024, IDF_2015, IDF_2024 } from './__fixtures__/changes/realPerimeters.ts';
import {
  anctLetter, changesToGeoJSON, DEFAULT_TOLERANCE_M, openSlivers, perimeterChanges, type ChangesResult,
} from './perimeterChanges.ts';
import type { LoadedPerimeter, Polygonal } from './model.ts';

type CaseProps = { case: string; generation: string; code: string; expectedClass: string };
const cases = JSON.parse(readFileSync(new URL('./__fixtures__/changes/cases.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon, CaseProps>;

function caseSets(name: string): { from: LoadedPerimeter[]; to: LoadedPerimeter[]; expected: string } {
  const fs = cases.features.filter((f) => f.properties.case === name);
  const mk = (gen: string) => fs.filter((f) => f.properties.generation === gen).map((f) => perimeterL93(f.properties.code, f.geometry, { generation: gen }));
  return { from: mk('2015'), to: mk('2024'), expected: fs[0].properties.expectedClass };
}

const only = (r: ChangesResult) => {
  expect(r.quartiers).toHaveLength(1);
  return r.quartiers[0];
};

beforeAll(async () => {
  await initGeos();
});

describe('perimeterChanges on hand-built cases (Lambert-93 metres)', () => {
  const names = [...new Set(cases.features.map((f) => f.properties.case))];

  it.each(names)('%s gets its expected class at the default tolerance', (name) => {
    const { from, to, expected } = caseSets(name);
    const r = perimeterChanges(from, to, { tolerance: DEFAULT_TOLERANCE_M });
    expect(only(r).class).toBe(expected);
    expect(r.counts[only(r).class]).toBe(1);
  });

  it('a 3 m redraw is identical within tolerance but reshaped without it', () => {
    const { from, to } = caseSets('identical-shift-3m');
    const strict = perimeterChanges(from, to, { tolerance: 0 });
    expect(only(strict).class).toBe('reshaped');
    expect(only(strict).gained.areaM2).toBe(400 * 300 - 397 * 297);
    const r = perimeterChanges(from, to, { tolerance: 5 });
    expect(only(r).class).toBe('identical');
    expect(r.zones.filter((z) => z.zone !== 'kept')).toEqual([]);
    expect(only(r).overlaps[0].shareOfFrom).toBeCloseTo(1, 6);
  });

  it('a 200 m extension gains exactly 200 m × 300 m: the tolerance strip is given back along the old line', () => {
    const { from, to } = caseSets('extension-200m');
    const q = only(perimeterChanges(from, to, { tolerance: 20 }));
    expect(q.gained.areaM2).toBe(60_000);
    expect(q.gained.areaHa).toBe(6);
    expect(q.kept.areaM2).toBe(120_000);
    expect(q.lost.areaM2).toBe(0);
  });

  it('reduction and reshaping report the exact lost and gained areas', () => {
    const red = only(perimeterChanges(caseSets('reduction-150m').from, caseSets('reduction-150m').to, { tolerance: 20 }));
    expect(red.lost.areaM2).toBe(45_000);
    expect(red.gained.areaM2).toBe(0);
    const re = only(perimeterChanges(caseSets('reshaped').from, caseSets('reshaped').to, { tolerance: 20 }));
    expect([re.gained.areaM2, re.lost.areaM2, re.kept.areaM2]).toEqual([30_000, 30_000, 90_000]);
  });

  it('a merge lists both old codes as successors and neither gains nor loses area', () => {
    const { from, to } = caseSets('merged');
    const q = only(perimeterChanges(from, to, { tolerance: 20 }));
    expect(q.from.map((f) => f.code)).toEqual(['QP060105', 'QP060106']);
    expect(q.overlaps.map((o) => [o.codeFrom, o.codeTo, o.successor])).toEqual([
      ['QP060105', 'QN06005M', true],
      ['QP060106', 'QN06005M', true],
    ]);
    expect(q.overlaps[0].shareOfFrom).toBeCloseTo(1, 6);
    expect(q.overlaps[0].shareOfTo).toBeGreaterThan(0.5); // 0.5 + the 20 m tolerance strip
    expect([q.gained.areaM2, q.lost.areaM2, q.kept.areaM2]).toEqual([0, 0, 120_000]);
  });

  it('a split lists both new codes; the sliver along their common line is not a successor link', () => {
    const q = only(perimeterChanges(caseSets('split').from, caseSets('split').to, { tolerance: 20 }));
    expect(q.to.map((t) => t.code)).toEqual(['QN06006M', 'QN06007M']);
    expect(q.overlaps.every((o) => o.successor)).toBe(true);
  });

  it('neighbours sharing a street line are not each other\'s successors', () => {
    // Old A and new B are side by side, redrawn 5 m apart: their overlap is a sliver.
    const a = perimeterL93('QP060201', sq(0, 0, 300), { generation: '2015' });
    const b = perimeterL93('QN06021N', sq(295, 0, 300), { generation: '2024' });
    const r = perimeterChanges([a], [b], { tolerance: 20 });
    expect(r.quartiers.map((q) => q.class).sort()).toEqual(['new', 'removed']);
  });

  it('a block moved from a neighbour is kept, not gained, and makes the receiver extended', () => {
    // Old A 300 × 300, old B east of it; new A' = A plus a 40 m band taken from B (5 % of B < minShare... of A' 12 %)
    const A = perimeterL93('QP060301', sq(0, 0, 300), { generation: '2015' });
    const B = perimeterL93('QP060302', rect(300, 0, 1100, 300), { generation: '2015' });
    const A2 = perimeterL93('QN06031M', rect(0, 0, 340, 300), { generation: '2024' });
    const B2 = perimeterL93('QN06032M', rect(340, 0, 1100, 300), { generation: '2024' });
    const r = perimeterChanges([A, B], [A2, B2], { tolerance: 20, minSuccessorShare: 0.2 });
    const byTo = (c: string) => r.quartiers.find((q) => q.to.some((t) => t.code === c))!;
    expect(byTo('QN06031M').class).toBe('extended');
    expect(byTo('QN06032M').class).toBe('reduced');
    expect(r.totals.all.gained.areaM2).toBe(0);
    expect(r.totals.all.lost.areaM2).toBe(0);
    const moved = r.zones.find((z) => z.zone === 'kept' && z.codeFrom === 'QP060302' && z.codeTo === 'QN06031M')!;
    expect(moved.figures.areaM2).toBe(40 * 300);
  });

  it('reports the ANCT letter beside the computed class and lists disagreements', () => {
    expect(anctLetter('QN06007M')).toBe('M');
    expect(anctLetter('QP060004')).toBeNull();
    const all = cases.features.map((f) => perimeterL93(f.properties.code, f.geometry, { generation: f.properties.generation }));
    const r = perimeterChanges(all.filter((p) => p.generation === '2015'), all.filter((p) => p.generation === '2024'), { tolerance: DEFAULT_TOLERANCE_M });
    expect(r.letterDisagreements).toEqual([
      { codeTo: 'QN06002I', letter: 'I', expectedLetter: 'M', class: 'extended' },
      { codeTo: 'QN06009M', letter: 'M', expectedLetter: 'I', class: 'identical' },
    ]);
    expect(r.counts).toEqual({ identical: 2, extended: 1, reduced: 1, reshaped: 1, merged: 1, split: 1, recomposed: 0, new: 1, removed: 1 });
  });

  it('writes lonLat GeoJSON zones with the documented properties; without cells every figure is null as "no data", not secret', () => {
    const { from, to } = caseSets('extension-200m');
    const fc = changesToGeoJSON(perimeterChanges(from, to, { tolerance: 20 }));
    const gained = fc.features.find((f) => f.properties!.zone === 'gained')!;
    expect(gained.properties).toEqual({
      zone: 'gained', codeFrom: 'QP060102', codeTo: 'QN06002I', class: 'extended', areaHa: 6,
      ind: null, men: null, men_pauv: null, men_fmp: null, log_soc: null, secret: false, noData: true,
    });
    const [lon, lat] = (gained.geometry as Polygon).coordinates[0][0];
    expect(lon).toBeGreaterThan(2); expect(lon).toBeLessThan(3);
    expect(lat).toBeGreaterThan(49); expect(lat).toBeLessThan(50);
  });
});

describe('perimeterChanges on real pairs', () => {
  let from: LoadedPerimeter[];
  let to: LoadedPerimeter[];
  let r: ChangesResult;
  beforeAll(() => {
    from = readSharedPerimeters(OCCITANIE_2015, '2015');
    to = readSharedPerimeters(OCCITANIE_2024, '2024');
    r = perimeterChanges(from, to, { tolerance: DEFAULT_TOLERANCE_M });
  });

  it('Occitanie 2015 → 2024: stable, plausible class counts', () => {
    expect(r.counts).toEqual({ identical: 35, extended: 40, reduced: 7, reshaped: 13, merged: 3, split: 0, recomposed: 0, new: 10, removed: 4 });
    // every quartier of both generations is in exactly one group
    expect(r.quartiers.flatMap((q) => q.to).length).toBe(108);
    expect(r.quartiers.flatMap((q) => q.from).length).toBe(105);
    // the ten codes ANCT letters N are exactly the computed new quartiers
    const computedNew = r.quartiers.filter((q) => q.class === 'new').flatMap((q) => q.to.map((t) => t.code)).sort();
    expect(computedNew).toEqual(to.filter((t) => anctLetter(t.code) === 'N').map((t) => t.code).sort());
    expect(r.repaired.length).toBeGreaterThan(0); // 1e-4° rounding makes self-intersections in the 2015 file
  });

  it('named cases checked on the map: QP031009 removed, QP030016 + QP030017 merged into QN03016M', () => {
    const removed = r.quartiers.filter((q) => q.class === 'removed').map((q) => q.from[0].code).sort();
    expect(removed).toEqual(['QP031009', 'QP031015', 'QP031018', 'QP034015']);
    const merged = r.quartiers.find((q) => q.to.some((t) => t.code === 'QN03016M'))!;
    expect(merged.class).toBe('merged');
    expect(merged.from.map((f) => f.code)).toEqual(['QP030016', 'QP030017']);
    // Quartiers ANCT letters I but redrawn (a few tenths of a hectare) or letters M with an unchanged outline
    expect(r.letterDisagreements.map((d) => `${d.codeTo}:${d.class}`).sort()).toEqual([
      'QN03407I:reduced', 'QN03408I:extended', 'QN03419M:identical', 'QN08105M:identical', 'QN08110M:identical', 'QN08111M:identical',
    ]);
  });

  it('no gained or lost zone is a sliver: every part survives an opening just under the tolerance', () => {
    const parts = r.zones.filter((z) => z.zone !== 'kept').flatMap((z) => polygons(z.metric));
    expect(parts.length).toBeGreaterThan(50);
    const slivers = parts.filter((p) => !openSlivers(p, DEFAULT_TOLERANCE_M * 0.9));
    expect(slivers).toEqual([]);
  });

  it('zones add up: gained + kept covers each new quartier except the sub-tolerance slivers', () => {
    for (const q of r.quartiers.filter((x) => x.to.length === 1)) {
      const newArea = q.to[0].areaHa * 1e4;
      const covered = q.gained.areaM2 + q.kept.areaM2;
      expect(covered).toBeLessThanOrEqual(newArea + 1);
      expect(covered / newArea).toBeGreaterThan(0.9);
    }
  });

  it('Île-de-France: the invalid QP075019 is repaired and matched to its 2024 successor', () => {
    const r2 = perimeterChanges(readSharedPerimeters(IDF_2015, '2015'), readSharedPerimeters(IDF_2024, '2024'), { tolerance: DEFAULT_TOLERANCE_M });
    expect(r2.repaired).toContain('QP075019');
    for (const code of ['QP093028', 'QP075019', 'QP094025']) {
      const q = r2.quartiers.find((x) => x.from.some((f) => f.code === code))!;
      expect(q.class, code).not.toBe('removed');
    }
  });
});

function sq(x: number, y: number, s: number): Polygonal {
  return rect(x, y, x + s, y + s);
}
function rect(x0: number, y0: number, x1: number, y1: number): Polygonal {
  const X = 650000, Y = 6900000;
  return { type: 'Polygon', coordinates: [[[X + x0, Y + y0], [X + x1, Y + y0], [X + x1, Y + y1], [X + x0, Y + y1], [X + x0, Y + y0]]] };
}
function polygons(g: Polygonal): Polygonal[] {
  return g.type === 'Polygon' ? [g] : g.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }));
}

