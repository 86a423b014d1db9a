import { describe, expect, it } from 'vitest';
import { HttpError, httpErrorFrom } from './errors.ts';
import { RequestError } from '../../domain/requestError.ts';
import { CompareError } from '../../app/compareGenerations.ts';
import { IndicatorsError } from '../../app/areaIndicators.ts';
import { VecuInputError } from '../../domain/quartierVecu.ts';
import { GeocodingError } from '../geocoding/banGeocoder.ts';
import { IngestError } from '../../domain/model.ts';

const converted = (e: unknown, kind?: abstract new (...args: never[]) => RequestError) => {
  try {
    (kind ? httpErrorFrom(kind) : httpErrorFrom())(e);
  } catch (x) {
    return x;
  }
};

describe('httpErrorFrom: every app-level error carries its status', () => {
  it('turns each RequestError into an HttpError with its status, message and details', () => {
    const cases: [RequestError, number][] = [
      [new CompareError('Tolérance invalide', 400), 400],
      [new CompareError('Génération non chargée', 404, { missing: ['2030'] }), 404],
      [new IndicatorsError('Géométrie invalide', 422), 422],
      [new VecuInputError('Pas de contours de communes', { clip: 'communes' }), 422],
      [new GeocodingError('Adresse introuvable'), 422],
      [new IngestError('Fichier illisible'), 422],
    ];
    for (const [e, status] of cases) {
      const h = converted(e) as HttpError;
      expect(h).toBeInstanceOf(HttpError);
      expect([h.status, h.message, h.details]).toEqual([status, e.message, e.details]);
    }
  });

  it('rethrows anything else as is, and only the given kind when one is given', () => {
    const bug = new TypeError('x is undefined');
    expect(converted(bug)).toBe(bug);
    const other = new CompareError('Tolérance invalide', 400);
    expect(converted(other, IndicatorsError)).toBe(other);
  });
});
