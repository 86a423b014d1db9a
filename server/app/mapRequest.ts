// Reads a static-map request from strings (HTTP query or CLI options), the same way for both:
// every bad value is refused with a French message naming the parameter (MapRequestError 400).
import { MAP_LAYERS, type MapLayerId } from '../domain/mapSvg.ts';
import { CELL_INDICATORS, CLASS_METHODS, type CellIndicator, type ClassMethod } from '../domain/mapChoropleth.ts';
import { ORIENTATIONS, PAPERS, type Orientation, type Paper } from '../domain/mapLayout.ts';
import { pocketParamsFromStrings, PocketsError, POCKET_PARAM_NAMES } from './findPockets.ts';
import type { VecuClip } from '../domain/quartierVecu.ts';
import { MapRequestError, type StaticMapRequest } from './staticMap.ts';

export const MAP_FORMATS = ['svg', 'png', 'pdf'] as const;
export type MapFormat = (typeof MAP_FORMATS)[number];

const MAX_TEXT = 200;
export const VECU_CLIPS: readonly VecuClip[] = ['none', 'communes', 'epci'];

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new MapRequestError(`Paramètre « ${name} » invalide : « ${value} » (valeurs possibles : ${allowed.join(', ')}).`, 400, { parameter: name, value, allowed });
  }
  return value as T;
}

function listOf(value: string | undefined): string[] {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Returns a lonLat bbox from "minLon,minLat,maxLon,maxLat"; MapRequestError 400 naming `bbox` otherwise. */
export function parseBbox(value: string, name = 'bbox'): [number, number, number, number] {
  const v = value.split(',').map((s) => Number(s.trim()));
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90) {
    throw new MapRequestError(`Paramètre « ${name} » invalide : « ${value} ». Attendu : minLon,minLat,maxLon,maxLat en degrés WGS84 (ex. 2.44,49.24,2.52,49.28).`, 400, { parameter: name, value });
  }
  return v as [number, number, number, number];
}

/** Returns the static-map request described by string values; `defaultLayers` applies when `layers` is absent. */
export function mapRequestFromStrings(values: Record<string, string | undefined>, defaultLayers: MapLayerId[]): StaticMapRequest {
  const get = (k: string) => {
    const s = values[k]?.trim();
    return s === '' ? undefined : s;
  };
  const layersRaw = get('layers');
  const layers = layersRaw === undefined ? defaultLayers : listOf(layersRaw);
  const unknown = layers.filter((l) => !(MAP_LAYERS as readonly string[]).includes(l));
  if (unknown.length || (layersRaw !== undefined && !layers.length)) {
    throw new MapRequestError(`Paramètre « layers » invalide : « ${unknown.join(', ') || layersRaw} » (couches possibles : ${MAP_LAYERS.join(', ')}).`, 400, { parameter: 'layers', unknown, allowed: MAP_LAYERS });
  }
  for (const k of ['title', 'subtitle']) {
    if ((get(k)?.length ?? 0) > MAX_TEXT) throw new MapRequestError(`Paramètre « ${k} » trop long : au plus ${MAX_TEXT} caractères.`, 400, { parameter: k });
  }
  let vecu: number | undefined;
  const vecuRaw = get('vecu');
  if (vecuRaw !== undefined) {
    vecu = Number(vecuRaw.replace(',', '.'));
    if (!Number.isFinite(vecu) || vecu <= 0 || vecu > 5000) {
      throw new MapRequestError(`Paramètre « vecu » invalide : « ${vecuRaw} » (attendu : une distance en mètres entre 1 et 5 000, ex. 300, 500 ou 1000).`, 400, { parameter: 'vecu', value: vecuRaw });
    }
  }
  let pocketParams;
  try {
    pocketParams = pocketParamsFromStrings(Object.fromEntries(POCKET_PARAM_NAMES.map((k) => [k, get(k)])));
  } catch (e) {
    if (e instanceof PocketsError) throw new MapRequestError(e.message, 400, e.details);
    throw e;
  }
  const bboxRaw = get('bbox');
  return {
    bbox: bboxRaw ? parseBbox(bboxRaw) : undefined,
    layers: [...new Set(layers)] as MapLayerId[],
    generation: get('generation'),
    indicator: oneOf<CellIndicator>('indicator', get('indicator'), CELL_INDICATORS),
    classes: oneOf<ClassMethod>('classes', get('classes'), CLASS_METHODS),
    title: get('title'),
    subtitle: get('subtitle'),
    paper: oneOf<Paper>('paper', get('paper'), PAPERS),
    orientation: oneOf<Orientation>('orientation', get('orientation'), ORIENTATIONS),
    vecu,
    vecuClip: oneOf<VecuClip>('vecuClip', get('vecuClip'), VECU_CLIPS),
    pocketCommunes: listOf(get('communes')),
    pocketParams,
    selected: get('selected'),
    vintage: get('vintage'),
  };
}
