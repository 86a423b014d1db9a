// Optional geocoder over the national address API (api-adresse.data.gouv.fr). Off unless
// QPV_ATLAS_GEOCODER=ban; never called by tests (they inject `fetchFn`). Refuses low scores: a
// wrong street number can put an address on the wrong side of a QPV line.
import { RequestError } from '../../domain/requestError.ts';

export const BAN_SEARCH_URL = 'https://api-adresse.data.gouv.fr/search/';
export const DEFAULT_MIN_SCORE = 0.8;

export interface GeocodedAddress {
  lon: number;
  lat: number; // WGS84
  label: string; // the address as the API understood it
  score: number; // 0–1
  type: string; // housenumber, street, locality, municipality
  citycode: string | null;
  source: 'BAN';
}

/** A refusal in French (no result, score too low, API unreachable), with specifics. */
export class GeocodingError extends RequestError {
  constructor(message: string, details: unknown = null) {
    super(message, 422, details);
    this.name = 'GeocodingError';
  }
}

export interface BanGeocoder {
  geocode(address: string): Promise<GeocodedAddress>;
}

type FetchFn = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Returns a geocoder over the BAN search API; minScore default 0.8. */
export function banGeocoder(opts: { fetchFn?: FetchFn; minScore?: number; baseUrl?: string } = {}): BanGeocoder {
  const fetchFn: FetchFn = opts.fetchFn ?? ((url) => fetch(url));
  const minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
  return {
    async geocode(address: string): Promise<GeocodedAddress> {
      const q = address.trim();
      if (q.length < 3) throw new GeocodingError('Adresse trop courte pour être géocodée.');
      const url = `${opts.baseUrl ?? BAN_SEARCH_URL}?q=${encodeURIComponent(q)}&limit=1`;
      let body: any;
      try {
        const res = await fetchFn(url);
        if (!res.ok) throw new GeocodingError(`Le service d’adresses a répondu ${res.status}.`);
        body = await res.json();
      } catch (e) {
        if (e instanceof GeocodingError) throw e;
        throw new GeocodingError('Service d’adresses injoignable : donnez des coordonnées.', String((e as Error).message));
      }
      const f = body?.features?.[0];
      if (!f) throw new GeocodingError(`Adresse introuvable : « ${q} ».`);
      const score = Number(f.properties?.score ?? 0);
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const found = { lon, lat, label: String(f.properties?.label ?? ''), score, type: String(f.properties?.type ?? ''), citycode: f.properties?.citycode ?? null, source: 'BAN' as const };
      if (score < minScore) {
        throw new GeocodingError(`Géocodage trop incertain (score ${score.toFixed(2).replace('.', ',')} < ${String(minScore).replace('.', ',')}) pour « ${q} » : vérifiez l’adresse ou donnez des coordonnées.`, found);
      }
      return found;
    },
  };
}

/** The geocoder when QPV_ATLAS_GEOCODER=ban, else null (geocoding off by default). */
export function banGeocoderFromEnv(env: NodeJS.ProcessEnv = process.env): BanGeocoder | null {
  return env.QPV_ATLAS_GEOCODER === 'ban' ? banGeocoder({ minScore: env.QPV_ATLAS_GEOCODER_MIN_SCORE ? Number(env.QPV_ATLAS_GEOCODER_MIN_SCORE) : undefined }) : null;
}
