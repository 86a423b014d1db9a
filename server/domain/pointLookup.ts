// "Is this point in a QPV?": for each perimeter set (generation + version), the containing QPV or the
// nearest one with its distance, a near-boundary answer within a tolerance, and the distance bands
// (quartier vécu presets) the point falls in. Indicative only, never a regulatory certificate.
import { converter, isKnownCrs, WGS84 } from './crs.ts';
import type { PerimeterSet } from './model.ts';
import { lookupIndexFor, nearestPerimeter, perimetersNear, type PerimeterIndex } from './perimeterIndex.ts';

export { buildLookupIndex, lookupIndexFor } from './perimeterIndex.ts';
export type { PerimeterIndex } from './perimeterIndex.ts';

export const LOOKUP_DISCLAIMER =
  "Résultat indicatif, qui ne constitue pas un certificat réglementaire : seul l'arrêté ou le décret fixant les périmètres fait foi, et la position d'une adresse géocodée peut être imprécise.";

export const DEFAULT_VECU_DISTANCES = [300, 500, 1000];
/** Beyond this distance (m) the nearest QPV is no useful landmark: the message says "none within" instead. */
export const DEFAULT_FAR_DISTANCE = 10_000;

// Lon/lat round trips move a metric point by ~1e-7 m: a point drawn exactly on a band edge stays in it.
const EPSILON_M = 1e-3;

export type LookupStatus = 'inside' | 'outside' | 'near-boundary';

export interface LookupOptions {
  tolerance?: number; // m; a point closer than this to an outline gets 'near-boundary'
  vecuDistances?: number[]; // m; default 300, 500, 1000
  farDistance?: number; // m; default 10 km: a nearest QPV further away is kept in the data, not named in the message
}

/** The answer for one perimeter set. Distances in metres, computed in the set's metric CRS. */
export interface SetAnswer {
  generation: string;
  version: string | null;
  datasetId: string;
  status: LookupStatus;
  qpv: { code: string; name: string } | null; // containing QPV (or, for near-boundary, the QPV whose line is near)
  insideByGeometry: boolean | null; // the raw in/out test, kept for near-boundary answers
  nearest: { code: string; name: string; distance: number } | null; // for outside / near-boundary answers
  boundaryDistance: number | null; // m from the point to the outline of `qpv` or `nearest`
  bands: { distance: number; codes: string[] }[]; // QPVs whose band of `distance` m contains the point (point outside them)
  message: string; // French sentence
}

export interface LookupAnswer {
  lon: number;
  lat: number;
  tolerance: number;
  answers: SetAnswer[];
  disclaimer: string;
}

// French digit grouping by hand: Intl formatting was the largest cost of a 100k-point batch.
const m = (d: number) => `${String(Math.round(d)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} m`;
/** "10 km", "2,5 km", "800 m": a threshold as a reader says it. */
const km = (d: number) => (d >= 1000 ? `${String(Math.round(d / 100) / 10).replace('.', ',')} km` : m(d));

function answerFor(index: PerimeterIndex, lon: number, lat: number, tolerance: number, distances: number[], far: number): SetAnswer {
  const { set } = index;
  const base = { generation: set.generation, version: set.version, datasetId: set.ref.id };
  const gen = `${set.generation}${set.version ? ` (version ${set.version})` : ''}`;
  const radius = Math.max(tolerance, ...distances, 0) + EPSILON_M;
  const near = radius > 0 ? perimetersNear(index, lon, lat, radius) : [];
  const bands = distances.map((d) => ({
    distance: d,
    codes: near.filter((h) => !h.inside && h.distance <= d + EPSILON_M).map((h) => h.perimeter.code),
  }));
  // The near list is sorted by distance: its head is the nearest perimeter, no second search needed.
  const nearest = near.length ? near[0] : nearestPerimeter(index, lon, lat);
  if (!nearest) {
    return { ...base, status: 'outside', qpv: null, insideByGeometry: false, nearest: null, boundaryDistance: null, bands,
      message: `Aucun QPV dans le jeu de périmètres ${gen} pour ce territoire.` };
  }
  // Closest outline among all perimeters, inside or not: the one a positional error would cross.
  const closeLine = [...near, nearest].reduce((a, b) => (b.boundaryDistance < a.boundaryDistance ? b : a));
  if (tolerance > 0 && closeLine.boundaryDistance <= tolerance + EPSILON_M) {
    const p = closeLine.perimeter;
    return {
      ...base, status: 'near-boundary', qpv: { code: p.code, name: p.name }, insideByGeometry: closeLine.inside,
      nearest: { code: p.code, name: p.name, distance: closeLine.distance }, boundaryDistance: closeLine.boundaryDistance, bands,
      message: `À moins de ${m(tolerance)} de la limite du QPV ${p.code} « ${p.name} » (périmètres ${gen}) : ni dedans ni dehors à cette précision.`,
    };
  }
  const p = nearest.perimeter;
  if (nearest.inside) {
    return {
      ...base, status: 'inside', qpv: { code: p.code, name: p.name }, insideByGeometry: true, nearest: null,
      boundaryDistance: nearest.boundaryDistance, bands,
      message: `Dans le QPV ${p.code} « ${p.name} » (périmètres ${gen}), à ${m(nearest.boundaryDistance)} de sa limite.`,
    };
  }
  return {
    ...base, status: 'outside', qpv: null, insideByGeometry: false,
    nearest: { code: p.code, name: p.name, distance: nearest.distance }, boundaryDistance: nearest.boundaryDistance, bands,
    message: nearest.distance > far
      ? `Hors QPV : aucun QPV (périmètres ${gen}) à moins de ${km(far)}.`
      : `Hors QPV (périmètres ${gen}) ; le plus proche est ${p.code} « ${p.name} », à ${m(nearest.distance)}.`,
  };
}

/** Looks a lonLat point up in each set (index built once per set and cached); distances in metres. */
export function lookupPoint(pt: { lon: number; lat: number }, sets: (PerimeterSet | PerimeterIndex)[], opts: LookupOptions = {}): LookupAnswer {
  const tolerance = opts.tolerance ?? 0;
  if (!(tolerance >= 0)) throw new RangeError(`tolérance invalide : ${tolerance}`);
  const distances = opts.vecuDistances ?? DEFAULT_VECU_DISTANCES;
  const far = opts.farDistance ?? DEFAULT_FAR_DISTANCE;
  if (!(far > 0)) throw new RangeError(`distance « éloignée » invalide : ${far}`);
  const indexes = sets.map((s) => ('groups' in s ? s : lookupIndexFor(s)));
  return {
    lon: pt.lon,
    lat: pt.lat,
    tolerance,
    answers: indexes.map((ix) => answerFor(ix, pt.lon, pt.lat, tolerance, distances, far)),
    disclaimer: LOOKUP_DISCLAIMER,
  };
}

/** Converts x/y in EPSG:crs to lonLat (WGS84); throws RangeError for an unknown CRS. */
export function toLonLat(x: number, y: number, crs: number): { lon: number; lat: number } {
  if (!isKnownCrs(crs)) throw new RangeError(`système de coordonnées inconnu : EPSG:${crs}`);
  const [lon, lat] = converter(crs, WGS84)(x, y);
  return { lon, lat };
}

/** Looks up a point given as x/y in EPSG:crs (converted to lonLat first); distances in metres. */
export function lookupXY(pt: { x: number; y: number; crs: number }, sets: (PerimeterSet | PerimeterIndex)[], opts: LookupOptions = {}): LookupAnswer {
  return lookupPoint(toLonLat(pt.x, pt.y, pt.crs), sets, opts);
}

/** Looks up many lonLat points, building each set's index once; one answer per point, same order. */
export function lookupPoints(pts: { lon: number; lat: number }[], sets: (PerimeterSet | PerimeterIndex)[], opts: LookupOptions = {}): LookupAnswer[] {
  const indexes = sets.map((s) => ('groups' in s ? s : lookupIndexFor(s)));
  return pts.map((pt) => lookupPoint(pt, indexes, opts));
}
