// The map state: ONE object that the URL mirrors, so a link (or an /embed iframe) reopens the same view.
// Pure: parse/serialize work on query strings; the store only notifies subscribers.

export type { ClassMethod } from '../server/domain/classBreaks.ts';
import type { ClassMethod } from '../server/domain/classBreaks.ts';
export type CompareMode = 'none' | 'swipe' | 'side';

/** Parameters of the poverty-pocket detector (server/domain/povertyPockets.ts), as the panel edits them. */
export interface PocketParams {
  communes: string; // INSEE codes of the study area, comma-separated
  povertyRate: number | null; // flag cells with a poverty rate ≥ this, in % (sent as a share 0–1); null = test off
  relativeRate: number | null; // flag cells with a rate ≥ this multiple of the study area's; null = off
  maxLivingStandard: number | null; // flag cells with a mean standard of living ≤ this (€/year); null = off
  minHouseholds: number; // never below 11 (statistical secrecy)
  minPopulation: number;
  neighbourhood: 4 | 8;
  rankBy: 'poorHouseholds' | 'population' | 'povertyRate';
}

export interface AtlasState {
  center: [number, number]; // lonLat
  zoom: number;
  layers: string[]; // visible layer ids (see layers.ts)
  vintage: string; // Filosofi vintage for cells ('' = newest on the server)
  indicator: string; // see indicators.ts
  method: ClassMethod;
  classes: number;
  palette: string; // see palettes.ts
  breaks: number[]; // manual class breaks (method 'manual')
  vecu: number; // quartier vécu distance, metres
  facilityTypes: string[]; // empty = all types
  pockets: PocketParams;
  selected: { code: string; generation: string } | null; // quartier whose fiche is open
  compare: CompareMode;
  swipe: number; // swipe position, 0..1 from the left
  from: string; // compare: left / before generation
  to: string; // compare: right / after generation
}

export const DEFAULT_POCKETS: PocketParams = {
  communes: '31555',
  povertyRate: 30,
  relativeRate: null,
  maxLivingStandard: null,
  minHouseholds: 11,
  minPopulation: 200,
  neighbourhood: 8,
  rankBy: 'poorHouseholds',
};

/** The state a bare URL opens: Toulouse, where both generations are loaded in the demo. */
export const DEFAULT_STATE: AtlasState = {
  center: [1.4442, 43.6047],
  zoom: 11.5,
  layers: ['communes', 'qpv2015', 'qpv2024'],
  vintage: '',
  indicator: 'poverty',
  method: 'quantiles',
  classes: 5,
  palette: 'orrd',
  breaks: [],
  vecu: 300,
  facilityTypes: [],
  pockets: DEFAULT_POCKETS,
  selected: null,
  compare: 'none',
  swipe: 0.5,
  from: '2015',
  to: '2024',
};

const METHODS: ClassMethod[] = ['quantiles', 'equal', 'jenks', 'manual'];
const COMPARE: CompareMode[] = ['none', 'swipe', 'side'];

function num(v: string | null, fallback: number, min = -Infinity, max = Infinity): number {
  if (v === null || v.trim() === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function list(v: string | null): string[] {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Returns the state encoded in a query string (unknown or malformed values fall back to defaults). */
export function parseState(search: string, defaults: AtlasState = DEFAULT_STATE): AtlasState {
  const q = new URLSearchParams(search);
  const s: AtlasState = structuredClone(defaults);
  const c = list(q.get('c')).map(Number);
  if (c.length >= 2 && c.every(Number.isFinite) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90) {
    s.center = [c[0], c[1]];
    if (c.length >= 3) s.zoom = Math.min(22, Math.max(0, c[2]));
  }
  if (q.has('l')) s.layers = list(q.get('l'));
  if (q.has('v')) s.vintage = q.get('v') ?? '';
  if (q.get('ind')) s.indicator = q.get('ind')!;
  const m = q.get('m') as ClassMethod | null;
  if (m && METHODS.includes(m)) s.method = m;
  s.classes = Math.round(num(q.get('k'), s.classes, 2, 9));
  if (q.get('pal')) s.palette = q.get('pal')!;
  if (q.has('br')) s.breaks = list(q.get('br')).map(Number).filter(Number.isFinite).sort((a, b) => a - b);
  s.vecu = num(q.get('vecu'), s.vecu, 0, 5000);
  if (q.has('ft')) s.facilityTypes = list(q.get('ft'));
  const sel = q.get('sel');
  if (sel) {
    const [code, generation] = sel.split('@');
    if (code) s.selected = { code, generation: generation || s.to };
  }
  const cmp = q.get('cmp') as CompareMode | null;
  if (cmp && COMPARE.includes(cmp)) s.compare = cmp;
  s.swipe = num(q.get('sw'), s.swipe, 0, 1);
  if (q.get('from')) s.from = q.get('from')!;
  if (q.get('to')) s.to = q.get('to')!;
  const p = s.pockets;
  if (q.has('pc')) p.communes = q.get('pc') ?? '';
  const optional = (key: string, current: number | null) => (q.has(key) ? (q.get(key) === '' ? null : num(q.get(key), current ?? 0, 0)) : current);
  p.povertyRate = optional('ppr', p.povertyRate);
  p.relativeRate = optional('prr', p.relativeRate);
  p.maxLivingStandard = optional('pls', p.maxLivingStandard);
  p.minHouseholds = num(q.get('pmh'), p.minHouseholds, 11);
  p.minPopulation = num(q.get('pmp'), p.minPopulation, 0);
  if (q.get('pn') === '4' || q.get('pn') === '8') p.neighbourhood = Number(q.get('pn')) as 4 | 8;
  const rk = q.get('prk');
  if (rk === 'poorHouseholds' || rk === 'population' || rk === 'povertyRate') p.rankBy = rk;
  return s;
}

/** Returns the query string (without '?') for a state; values equal to the defaults are left out. */
export function serializeState(s: AtlasState, defaults: AtlasState = DEFAULT_STATE): string {
  const q = new URLSearchParams();
  q.set('c', `${s.center[0].toFixed(5)},${s.center[1].toFixed(5)},${s.zoom.toFixed(2)}`);
  q.set('l', s.layers.join(','));
  if (s.vintage !== defaults.vintage) q.set('v', s.vintage);
  if (s.indicator !== defaults.indicator) q.set('ind', s.indicator);
  if (s.method !== defaults.method) q.set('m', s.method);
  if (s.classes !== defaults.classes) q.set('k', String(s.classes));
  if (s.palette !== defaults.palette) q.set('pal', s.palette);
  if (s.breaks.length) q.set('br', s.breaks.join(','));
  if (s.vecu !== defaults.vecu) q.set('vecu', String(s.vecu));
  if (s.facilityTypes.length) q.set('ft', s.facilityTypes.join(','));
  if (s.selected) q.set('sel', `${s.selected.code}@${s.selected.generation}`);
  if (s.compare !== defaults.compare) q.set('cmp', s.compare);
  if (s.compare === 'swipe' && s.swipe !== defaults.swipe) q.set('sw', s.swipe.toFixed(3));
  if (s.from !== defaults.from) q.set('from', s.from);
  if (s.to !== defaults.to) q.set('to', s.to);
  const p = s.pockets, dp = defaults.pockets;
  if (p.communes !== dp.communes) q.set('pc', p.communes);
  if (p.povertyRate !== dp.povertyRate) q.set('ppr', p.povertyRate === null ? '' : String(p.povertyRate));
  if (p.relativeRate !== dp.relativeRate) q.set('prr', p.relativeRate === null ? '' : String(p.relativeRate));
  if (p.maxLivingStandard !== dp.maxLivingStandard) q.set('pls', p.maxLivingStandard === null ? '' : String(p.maxLivingStandard));
  if (p.minHouseholds !== dp.minHouseholds) q.set('pmh', String(p.minHouseholds));
  if (p.minPopulation !== dp.minPopulation) q.set('pmp', String(p.minPopulation));
  if (p.neighbourhood !== dp.neighbourhood) q.set('pn', String(p.neighbourhood));
  if (p.rankBy !== dp.rankBy) q.set('prk', p.rankBy);
  return q.toString().replace(/%2C/g, ',').replace(/%40/g, '@');
}

/** Returns the Filosofi vintages of the loaded cell datasets (`vintage` or `vintages` of /api/datasets kind=cells), newest first. */
export function cellVintagesOf(datasets: { kind: string; vintage?: string | null; vintages?: string[] | null }[]): string[] {
  const out = new Set<string>();
  for (const d of datasets) {
    if (d.kind !== 'cells') continue;
    if (d.vintage) out.add(String(d.vintage));
    for (const v of d.vintages ?? []) if (v) out.add(String(v));
  }
  return [...out].sort((a, b) => b.localeCompare(a));
}

export type Listener = (state: AtlasState, previous: AtlasState) => void;

/** The one state store: `update` merges a patch and notifies every subscriber with old and new states. */
export interface Store {
  get(): AtlasState;
  update(patch: Partial<AtlasState>): void;
  subscribe(listener: Listener): () => void;
}

/** Returns a store holding `initial`. */
export function createStore(initial: AtlasState): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    update(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const l of listeners) l(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Returns true when `id` is among the visible layers. */
export function isVisible(s: AtlasState, id: string): boolean {
  return s.layers.includes(id);
}

/** Returns the layer list with `id` shown or hidden (order kept stable). */
export function withLayer(layers: string[], id: string, visible: boolean): string[] {
  const rest = layers.filter((l) => l !== id);
  return visible ? [...rest, id] : rest;
}
