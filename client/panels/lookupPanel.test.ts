// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { bandsText } from './lookupPanel.ts';

const norm = (s: string | null) => (s ?? '').replace(/[\u202f\u00a0]/g, ' ');

describe('lookup bands', () => {
  it('names each other QPV once, at the nearest band holding the point', () => {
    // as /api/lookup answers for a point inside Grand Mirail (Toulouse)
    const bands = [{ distance: 300, codes: [] }, { distance: 500, codes: ['QN03119N'] }, { distance: 1000, codes: ['QN03119N', 'QN03110M'] }];
    expect(norm(bandsText(bands))).toBe('Quartier vécu d’autres QPV : QN03119N (à moins de 500 m), QN03110M (à moins de 1 000 m)');
  });
  it('says nothing when no band holds the point (no dangling "à moins de 300 m de")', () => {
    expect(bandsText([{ distance: 300, codes: [] }, { distance: 1000, codes: [] }])).toBeNull();
    expect(bandsText(undefined)).toBeNull();
  });
});
