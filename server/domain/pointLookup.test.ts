import { describe, expect, it } from 'vitest';
import { lookupPoint, lookupPoints, lookupXY, LOOKUP_DISCLAIMER } from './pointLookup.ts';
import { fixtureSet, lonLatOf, perimeterL93, squareL93, X0, Y0 } from './testFixtures/squares.ts';
import { oraclePoints, realPerimeterSet } from '../../test/support/h7RealData.ts';

// A 1 km square quartier, with a 200 m hole (a park excluded from the perimeter) at its centre.
const withHole = perimeterL93('QA', {
  type: 'Polygon',
  coordinates: [squareL93(X0, Y0, 1000).coordinates[0] as number[][], [[X0 + 400, Y0 + 400], [X0 + 400, Y0 + 600], [X0 + 600, Y0 + 600], [X0 + 600, Y0 + 400], [X0 + 400, Y0 + 400]]] as any,
});
const far = perimeterL93('QB', squareL93(X0 + 5000, Y0, 500));
const set2024 = fixtureSet('2024', [withHole, far], '2024-08-20');

describe('lookupPoint on metric squares', () => {
  it('answers inside with the code, the generation and version, and the disclaimer', () => {
    const a = lookupPoint(lonLatOf(X0 + 100, Y0 + 200), [set2024]);
    expect(a.disclaimer).toBe(LOOKUP_DISCLAIMER);
    expect(a.disclaimer.startsWith('Résultat indicatif, qui ne constitue pas un certificat réglementaire')).toBe(true);
    const s = a.answers[0];
    expect(s.status).toBe('inside');
    expect(s.qpv?.code).toBe('QA');
    expect(s.generation).toBe('2024');
    expect(s.version).toBe('2024-08-20');
    expect(s.boundaryDistance).toBeCloseTo(100, 3);
    expect(s.bands.every((b) => b.codes.length === 0)).toBe(true);
  });

  it('answers outside at 120 m with the nearest QPV and its distance', () => {
    const s = lookupPoint(lonLatOf(X0 + 1120, Y0 + 500), [set2024]).answers[0];
    expect(s.status).toBe('outside');
    expect(s.qpv).toBeNull();
    expect(s.nearest?.code).toBe('QA');
    expect(s.nearest?.distance).toBeCloseTo(120, 3);
    expect(s.message).toContain('120 m');
    expect(s.bands.map((b) => [b.distance, b.codes])).toEqual([[300, ['QA']], [500, ['QA']], [1000, ['QA']]]);
  });

  it('beyond the far distance (10 km by default) names no QPV in the message but keeps the nearest in the data', () => {
    const s = lookupPoint(lonLatOf(X0 - 12_000, Y0 + 500), [set2024]).answers[0];
    expect(s.status).toBe('outside');
    expect(s.nearest?.code).toBe('QA');
    expect(s.nearest?.distance).toBeCloseTo(12_000, 3);
    expect(s.message).toBe('Hors QPV : aucun QPV (périmètres 2024 (version 2024-08-20)) à moins de 10 km.');
    const wide = lookupPoint(lonLatOf(X0 - 12_000, Y0 + 500), [set2024], { farDistance: 15_000 }).answers[0];
    expect(wide.message).toBe('Hors QPV (périmètres 2024 (version 2024-08-20)) ; le plus proche est QA « Quartier QA », à 12 000 m.');
    const narrow = lookupPoint(lonLatOf(X0 - 3000, Y0 + 500), [set2024], { farDistance: 2500 }).answers[0];
    expect(narrow.message).toBe('Hors QPV : aucun QPV (périmètres 2024 (version 2024-08-20)) à moins de 2,5 km.');
    expect(() => lookupPoint(lonLatOf(X0, Y0), [set2024], { farDistance: 0 })).toThrow(RangeError);
  });

  it('says near-boundary within the tolerance instead of a false in/out, on both sides of the line', () => {
    for (const dx of [-5, 5]) {
      const s = lookupPoint(lonLatOf(X0 + 1000 + dx, Y0 + 500), [set2024], { tolerance: 10 }).answers[0];
      expect(s.status).toBe('near-boundary');
      expect(s.qpv?.code).toBe('QA');
      expect(s.insideByGeometry).toBe(dx < 0);
      expect(s.boundaryDistance).toBeCloseTo(5, 3);
      expect(s.message).toContain('À moins de 10 m de la limite');
    }
    // Without tolerance the raw test decides.
    expect(lookupPoint(lonLatOf(X0 + 995, Y0 + 500), [set2024]).answers[0].status).toBe('inside');
  });

  it('treats a hole as outside, at its distance from the hole edge', () => {
    const s = lookupPoint(lonLatOf(X0 + 500, Y0 + 500), [set2024]).answers[0];
    expect(s.status).toBe('outside');
    expect(s.nearest?.distance).toBeCloseTo(100, 3);
    expect(s.bands[0].codes).toEqual(['QA']);
  });

  it('picks the truly nearest of several perimeters and lists every band reached', () => {
    // 2,800 m east of QA's edge, 1,200 m west of QB.
    const s = lookupPoint(lonLatOf(X0 + 3800, Y0 + 250), [set2024], { vecuDistances: [1200, 3000] }).answers[0];
    expect(s.nearest?.code).toBe('QB');
    expect(s.nearest?.distance).toBeCloseTo(1200, 3);
    expect(s.message).toContain('à 1 200 m');
    expect(s.bands).toEqual([{ distance: 1200, codes: ['QB'] }, { distance: 3000, codes: ['QB', 'QA'] }]);
  });

  it('answers for every set given, each with its generation', () => {
    const set2015 = fixtureSet('2015', [perimeterL93('QP1', squareL93(X0 + 2000, Y0, 1000))]);
    const a = lookupPoint(lonLatOf(X0 + 100, Y0 + 200), [set2015, set2024]);
    expect(a.answers.map((s) => [s.generation, s.status, s.qpv?.code ?? s.nearest?.code])).toEqual([
      ['2015', 'outside', 'QP1'],
      ['2024', 'inside', 'QA'],
    ]);
    expect(a.answers[0].nearest?.distance).toBeCloseTo(1900, 3);
  });

  it('accepts x/y in Lambert-93 and refuses an unknown CRS', () => {
    const s = lookupXY({ x: X0 + 1120, y: Y0 + 500, crs: 2154 }, [set2024]).answers[0];
    expect(s.nearest?.distance).toBeCloseTo(120, 2);
    expect(() => lookupXY({ x: 1, y: 2, crs: 9999 }, [set2024])).toThrow(/EPSG:9999/);
  });

  it('answers "no QPV" for an empty set', () => {
    const s = lookupPoint(lonLatOf(X0, Y0), [fixtureSet('2024', [])]).answers[0];
    expect(s.status).toBe('outside');
    expect(s.nearest).toBeNull();
  });

  it('batches points with one index per set', () => {
    const pts = [lonLatOf(X0 + 100, Y0 + 100), lonLatOf(X0 + 1120, Y0 + 500)];
    expect(lookupPoints(pts, [set2024]).map((a) => a.answers[0].status)).toEqual(['inside', 'outside']);
  });
});

describe('lookupPoint on real perimeters', () => {
  it('agrees with the les-emplois oracle points (2 inside, 1 outside)', () => {
    const set2015 = realPerimeterSet('qpv2015-les-emplois-testfixtures/qpv2015_les_emplois_3qpv.geojson', '2015');
    const answers = oraclePoints().map((p) => ({ p, s: lookupPoint(p, [set2015]).answers[0] }));
    expect(answers).toHaveLength(3);
    for (const { p, s } of answers) {
      expect(s.status).toBe(p.inside ? 'inside' : 'outside');
      if (p.inside) expect(s.qpv?.code).toBe(p.code);
      else expect(s.nearest!.distance).toBeGreaterThan(0);
    }
  });

  it('finds a Creil point in QN06001M (2024) and nothing nearby in the 2015 Occitanie set', () => {
    const seed = realPerimeterSet('qpv2024-anct/qpv2024_seed_territories.geojson', '2024');
    const creil = seed.items.find((p) => p.code === 'QN06001M')!;
    const ring = creil.geometry.type === 'MultiPolygon' ? creil.geometry.coordinates[0][0] : creil.geometry.coordinates[0];
    const [lon, lat] = ring[0];
    const s = lookupPoint({ lon, lat }, [seed], { tolerance: 1 }).answers[0];
    expect(s.status).toBe('near-boundary'); // a vertex is on the line
    expect(s.qpv?.code).toBe('QN06001M');
  });
});
