// Talking to /api: one fetch helper that turns every failure into a French sentence, and the URL builders
// (export, pockets, lookup) derived from the map state.
import type { AtlasState, PocketParams } from './state.ts';

/** An API failure with a message fit for the user. */
export class ApiError extends Error {
  constructor(message: string, public readonly status: number, public readonly details: unknown = null) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Returns the parsed JSON of GET/POST `url`; throws ApiError with the server's French `error` text when there is one. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError('Le serveur ne répond pas. Vérifiez qu’il est démarré, puis réessayez.', 0);
  }
  const text = await res.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: handled below */ }
  if (!res.ok) {
    const msg = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : null;
    if (msg) throw new ApiError(msg, res.status, (body as { details?: unknown }).details ?? null);
    if (res.status === 404) throw new ApiError(`Service indisponible sur ce serveur (${new URL(url, 'http://x').pathname}).`, 404);
    throw new ApiError(`Erreur du serveur (${res.status}).`, res.status);
  }
  if (body === null && text) throw new ApiError('Réponse du serveur illisible (JSON attendu).', res.status);
  return body as T;
}

/** Returns a query string from defined, non-empty parameters (without '?'). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    q.set(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  return q.toString().replace(/%2C/g, ',');
}

/** Returns the detector parameters as /api/pockets query parameters (rates as shares 0–1, as the server takes them). */
export function pocketQuery(p: PocketParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (p.communes) out.communes = p.communes;
  // the server's default rate applies when the parameter is absent: 'off' says the test is off
  out.povertyRate = p.povertyRate === null ? 'off' : Math.round(p.povertyRate * 1000) / 100000;
  if (p.relativeRate !== null) out.relativeRate = p.relativeRate;
  if (p.maxLivingStandard !== null) out.maxLivingStandard = p.maxLivingStandard;
  out.minHouseholds = p.minHouseholds;
  out.minPopulation = p.minPopulation;
  out.neighbourhood = p.neighbourhood;
  out.rankBy = p.rankBy;
  return out;
}

/** Returns the /api/pockets URL for the parameters (format json by default, or geojson / csv for downloads). */
export function pocketsUrl(p: PocketParams, vintage: string, format?: 'geojson' | 'csv'): string {
  return `/api/pockets?${query({ ...pocketQuery(p), vintage: vintage || undefined, format })}`;
}

export type ExportFormat = 'png' | 'svg' | 'pdf';

export interface ExportOptions {
  format: ExportFormat;
  title: string;
  subtitle: string;
  paper: 'A4' | 'A3';
  orientation: 'portrait' | 'landscape';
}

/** Client layer ids → /api/maps layer ids (server/domain/mapSvg.ts MAP_LAYERS). */
const MAP_LAYER_IDS: Record<string, string> = { qpv2015: 'p2015', qpv2024: 'p2024' };
/** Client indicator ids → /api/maps indicators (server/domain/mapChoropleth.ts); others fall back to the server default. */
const MAP_INDICATORS: Record<string, string> = {
  population: 'population', households: 'households', poverty: 'povertyRate', income: 'livingStandard',
  social: 'socialHousing', singleParent: 'singleParent', under18: 'under18',
};
const MAP_METHODS: Record<string, string> = { quantiles: 'quantiles', equal: 'equal', jenks: 'jenks' };
const MAP_LAYER_SET = new Set(['p2015', 'p2024', 'changes', 'cells', 'facilities', 'pockets', 'vecu', 'communes']);

/**
 * Returns the server URL rendering the current view (GET /api/maps/view.{png|svg|pdf}): bbox in lonLat
 * (minLon,minLat,maxLon,maxLat), layers and parameters from the state, pocket parameters flat as /api/pockets takes them.
 */
export function exportUrl(state: AtlasState, bbox: [number, number, number, number], opts: ExportOptions): string {
  const layers = state.layers.map((l) => MAP_LAYER_IDS[l] ?? l).filter((l) => MAP_LAYER_SET.has(l));
  const cells = layers.includes('cells');
  const pockets = layers.includes('pockets') ? pocketQuery(state.pockets) : {};
  const params: Record<string, string | number | undefined> = {
    bbox: bbox.map((v) => v.toFixed(5)).join(','),
    layers: layers.join(','),
    generation: state.to,
    indicator: cells ? MAP_INDICATORS[state.indicator] : undefined,
    classes: cells ? MAP_METHODS[state.method] : undefined,
    vintage: state.vintage || undefined,
    title: opts.title,
    subtitle: opts.subtitle,
    paper: opts.paper,
    orientation: opts.orientation,
    vecu: layers.includes('vecu') ? state.vecu : undefined,
    selected: state.selected?.code,
    ...pockets,
  };
  return `/api/maps/view.${opts.format}?${query(params)}`;
}

/** Returns the `<iframe>` code embedding the view at `origin` + /embed?<state>. */
export function iframeCode(origin: string, stateQuery: string, width = 800, height = 600): string {
  const src = `${origin}/embed?${stateQuery}`.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe src="${src}" width="${width}" height="${height}" style="border:0" title="Carte QPV Atlas" loading="lazy" allowfullscreen></iframe>`;
}
