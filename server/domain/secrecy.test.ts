import { describe, expect, it } from 'vitest';
import { SECRECY_MIN_HOUSEHOLDS, SECRECY_REASON, secrecyFor } from './secrecy.ts';

describe('secrecyFor', () => {
  it('withholds fewer than 11 households, without rounding the estimate', () => {
    expect(SECRECY_MIN_HOUSEHOLDS).toBe(11);
    expect(secrecyFor(0)).toEqual({ secret: false, reason: null }); // nobody lives there: no figure on 1–10 households
    expect(secrecyFor(0.2)).toEqual({ secret: true, reason: SECRECY_REASON });
    expect(secrecyFor(10)).toEqual({ secret: true, reason: 'Secret statistique : moins de 11 ménages fiscaux' });
    expect(secrecyFor(10.999).secret).toBe(true);
    expect(secrecyFor(11)).toEqual({ secret: false, reason: null });
    expect(secrecyFor(11.2).secret).toBe(false);
  });

  it('withholds an unknown count, since the rule cannot be checked', () => {
    expect(secrecyFor(null).secret).toBe(true);
    expect(secrecyFor(NaN).secret).toBe(true);
    expect(secrecyFor(null).reason).toMatch(/inconnu/);
  });
});
