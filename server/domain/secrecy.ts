// INSEE's statistical-secrecy rule for figures computed on an area (DOMAIN.md §3). Pure.

/** INSEE publishes no figure computed on 1 to 10 fiscal households. */
export const SECRECY_MIN_HOUSEHOLDS = 11;

export const SECRECY_REASON = 'Secret statistique : moins de 11 ménages fiscaux';
export const SECRECY_REASON_UNKNOWN = 'Secret statistique : nombre de ménages fiscaux inconnu';

export interface SecrecyVerdict {
  secret: boolean;
  reason: string | null; // French, shown to users
}

/**
 * Returns whether figures about an area with this (estimated, possibly fractional) number of
 * households must be withheld. The estimate is compared as is: 10.6 households is secret, it is
 * never rounded up to 11. An unknown count (null, NaN) is withheld too: the rule cannot be checked.
 * Exactly zero households (an area where nobody lives, inside the cells' extent) is not secret.
 */
export function secrecyFor(households: number | null): SecrecyVerdict {
  if (households === null || !Number.isFinite(households)) return { secret: true, reason: SECRECY_REASON_UNKNOWN };
  // Zero is no figure "computed on 1 to 10 households": an area where nobody lives says so.
  if (households === 0) return { secret: false, reason: null };
  if (households < SECRECY_MIN_HOUSEHOLDS) return { secret: true, reason: SECRECY_REASON };
  return { secret: false, reason: null };
}
