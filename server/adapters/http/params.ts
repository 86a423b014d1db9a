// Parsing of query parameters shared by routes; bad values become 400 errors that name the parameter.
import { HttpError } from './errors.ts';

type Query = Record<string, unknown>;

/** Returns a string parameter or undefined (first value when repeated). */
export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
}

/** Returns a comma-separated list parameter ([] when absent). */
export function list(q: Query, name: string): string[] {
  const s = str(q, name);
  return s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [];
}

/** Returns a finite number parameter within [min, max], or the default; 400 otherwise. */
export function num(q: Query, name: string, def: number | undefined, min = -Infinity, max = Infinity): number | undefined {
  const s = str(q, name);
  if (s === undefined) return def;
  const v = Number(s.replace(',', '.'));
  if (!Number.isFinite(v) || v < min || v > max) {
    throw new HttpError(400, `Paramètre « ${name} » invalide : « ${s} » (attendu : un nombre entre ${min} et ${max}).`, { parameter: name, value: s });
  }
  return v;
}

/** Returns a lonLat bbox [minLon, minLat, maxLon, maxLat] from "a,b,c,d", or undefined; 400 when malformed. */
export function bbox(q: Query, name = 'bbox'): [number, number, number, number] | undefined {
  const s = str(q, name);
  if (s === undefined) return undefined;
  const v = s.split(',').map(Number);
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[0] > v[2] || v[1] > v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
    throw new HttpError(400, `Paramètre « ${name} » invalide : « ${s} ». Attendu : minLon,minLat,maxLon,maxLat en degrés WGS84 (ex. 2.44,49.24,2.52,49.28).`, { parameter: name, value: s });
  }
  return v as [number, number, number, number];
}

/** Returns one of the allowed values, or the default; 400 otherwise. */
export function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[], def: T): T {
  const s = str(q, name);
  if (s === undefined) return def;
  if (!(allowed as readonly string[]).includes(s)) {
    throw new HttpError(400, `Paramètre « ${name} » invalide : « ${s} » (valeurs possibles : ${allowed.join(', ')}).`, { parameter: name, value: s, allowed });
  }
  return s as T;
}
