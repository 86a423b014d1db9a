// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { areaFigure } from './ficheView.ts';

const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

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
});
