// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { communeText, facilityLine } from './facilityText.ts';

describe('facility description', () => {
  it('names the facility, its type, its commune and its identifier', () => {
    const p = { id: '0310086A', name: 'Collège George Sand', type: 'college', typeLabel: 'Collège', commune: '31555' };
    expect(facilityLine(p, 'Toulouse')).toBe('Collège George Sand — Collège — Toulouse (31555) — identifiant 0310086A');
    expect(facilityLine(p)).toBe('Collège George Sand — Collège — 31555 — identifiant 0310086A');
  });
  it('says what is missing instead of printing "undefined"', () => {
    expect(facilityLine({ type: 'D502' })).toBe('sans nom — D502');
    expect(communeText(null, null)).toBe('—');
  });
});
