import { describe, expect, it } from 'vitest';
import { banGeocoder, banGeocoderFromEnv, GeocodingError } from './banGeocoder.ts';

// Answers shaped like api-adresse.data.gouv.fr/search; no network is ever used.
const answer = (score: number) => async (url: string) => ({
  ok: true, status: 200,
  json: async () => ({ features: [{ geometry: { type: 'Point', coordinates: [2.4745, 49.2603] }, properties: { label: '1 Rue de la Paix 60100 Creil', score, type: 'housenumber', citycode: '60175', q: url } }] }),
});

describe('banGeocoder', () => {
  it('returns the point of a confident answer', async () => {
    const g = await banGeocoder({ fetchFn: answer(0.93) }).geocode('1 rue de la Paix, Creil');
    expect(g).toEqual({ lon: 2.4745, lat: 49.2603, label: '1 Rue de la Paix 60100 Creil', score: 0.93, type: 'housenumber', citycode: '60175', source: 'BAN' });
  });
  it('refuses a score under 0.8, and no result, in French', async () => {
    await expect(banGeocoder({ fetchFn: answer(0.62) }).geocode('rue de la Paix')).rejects.toThrow(/Géocodage trop incertain \(score 0,62 < 0,8\)/);
    const none = async () => ({ ok: true, status: 200, json: async () => ({ features: [] }) });
    await expect(banGeocoder({ fetchFn: none }).geocode('zzzz')).rejects.toBeInstanceOf(GeocodingError);
  });
  it('is off unless QPV_ATLAS_GEOCODER=ban', () => {
    expect(banGeocoderFromEnv({})).toBeNull();
    expect(banGeocoderFromEnv({ QPV_ATLAS_GEOCODER: 'ban' })).not.toBeNull();
  });
});
