// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { areaFigure, dataStatus, hasFigures } from './ficheView.ts';

const norm = (s: string | null) => (s ?? '').replace(/[\u202f\u00a0]/g, ' ');
const OUTSIDE = 'Zone hors de l’emprise des carreaux Filosofi chargés';

describe('fiche figures', () => {
  it('formats counts and rates of an area the French way', () => {
    const area = { secret: false, counts: { ind: 26567.4 }, rates: { povertyRate: 0.4072, meanLivingStandard: 14597.4 }, imputedShare: 0.0039 };
    expect(norm(areaFigure(area, 'counts', 'ind', 'count'))).toBe('26 567');
    expect(norm(areaFigure(area, 'rates', 'povertyRate', 'ratio'))).toBe('40,7 %');
    expect(norm(areaFigure(area, 'rates', 'meanLivingStandard', 'euro'))).toBe('14 597 €');
    expect(norm(areaFigure(area, 'top', 'imputedShare', 'ratio'))).toBe('0,4 %');
  });
  it('says "secret statistique" for a withheld area and "non disponible" for a missing field', () => {
    expect(areaFigure({ secret: true, counts: { ind: null } }, 'counts', 'ind', 'count')).toBe('secret statistique');
    expect(areaFigure({ secret: false, rates: { under18Share: null } }, 'rates', 'under18Share', 'ratio')).toBe('non disponible');
  });
  it('says "hors données" (not "secret") for an area outside the loaded cells, with the reason', () => {
    // as /fiche answers for Saint-Gaudens QP031003, 60 km from the Toulouse cells
    const outside = { secret: false, secretReason: null, noData: true, noDataReason: OUTSIDE, coverage: 0, counts: { ind: null }, rates: { povertyRate: null }, imputedShare: null, areaM2: 338562 };
    expect(areaFigure(outside, 'counts', 'ind', 'count')).toBe('hors données');
    expect(areaFigure(outside, 'rates', 'povertyRate', 'ratio')).toBe('hors données');
    expect(hasFigures(outside)).toBe(false);
    expect(dataStatus(outside)).toBe(`hors données : ${OUTSIDE}`);
  });
  it('keeps the figures of a partly covered area and states its coverage', () => {
    const partial = { secret: false, noData: true, noDataReason: 'chiffres partiels', coverage: 0.8595, counts: { ind: 895.46 }, rates: { povertyRate: 0.31 } };
    expect(norm(areaFigure(partial, 'counts', 'ind', 'count'))).toBe('895');
    expect(hasFigures(partial)).toBe(true);
    expect(norm(dataStatus(partial))).toBe('couverture partielle (86,0 %) : chiffres partiels');
  });
  it('a secret area gives its reason; a complete one none', () => {
    expect(dataStatus({ secret: true, secretReason: '7 ménages' })).toBe('secret statistique : 7 ménages');
    expect(dataStatus({ secret: false, noData: false, counts: { ind: 12 } })).toBeNull();
  });
});
