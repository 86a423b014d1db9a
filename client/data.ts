// Where the map's GeoJSON comes from: fetches what the visible layers need for the current view and
// hands it to every map (main and compare). A failure becomes a French message, never a silent gap.
import type { Feature, FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { fetchJson, query } from './api.ts';
import type { AtlasMap } from './map.ts';
import type { AtlasState, Store } from './state.ts';
import { announce } from './dom.ts';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Holds the current data of each source and pushes it to every registered map. */
export class DataHub {
  private maps = new Set<AtlasMap>();
  private data = new Map<string, unknown>();
  private listeners = new Map<string, Set<() => void>>();

  /** Calls `fn` each time the source's data is set. */
  onSet(source: string, fn: () => void): void {
    if (!this.listeners.has(source)) this.listeners.set(source, new Set());
    this.listeners.get(source)!.add(fn);
  }

  /** Registers a map (it receives the data already loaded); returns the unregister function. */
  register(m: AtlasMap): () => void {
    this.maps.add(m);
    for (const [s, d] of this.data) m.setData(s, d);
    return () => this.maps.delete(m);
  }

  /** Sets a source's data on every map. */
  set(source: string, data: unknown): void {
    this.data.set(source, data);
    for (const m of this.maps) m.setData(source, data);
    for (const fn of this.listeners.get(source) ?? []) fn();
  }

  /** Returns a source's current data. */
  get(source: string): FeatureCollection | undefined {
    return this.data.get(source) as FeatureCollection | undefined;
  }
}

/** Returns a FeatureCollection found in an API answer: the answer itself, or its first FeatureCollection-valued field among `keys`. */
export function featureCollectionIn(body: unknown, keys: string[] = []): FeatureCollection | null {
  const isFc = (x: unknown): x is FeatureCollection => !!x && typeof x === 'object' && (x as { type?: string }).type === 'FeatureCollection';
  if (isFc(body)) return body;
  if (body && typeof body === 'object') {
    for (const k of keys) {
      const v = (body as Record<string, unknown>)[k];
      if (isFc(v)) return v;
      if (Array.isArray(v) && v.every((f) => f && typeof f === 'object' && (f as Feature).type === 'Feature')) return { type: 'FeatureCollection', features: v as Feature[] };
    }
  }
  return null;
}

/** Shows a layer problem in the status bar and to screen readers. */
function report(status: HTMLElement | null, text: string | null): void {
  if (!status) return;
  status.textContent = text ?? '';
  status.hidden = !text;
  if (text) announce(text);
}

function viewBbox(map: maplibregl.Map, margin = 0.25): [number, number, number, number] {
  const b = map.getBounds();
  const dx = (b.getEast() - b.getWest()) * margin, dy = (b.getNorth() - b.getSouth()) * margin;
  return [b.getWest() - dx, b.getSouth() - dy, b.getEast() + dx, b.getNorth() + dy];
}

const bboxText = (b: number[]) => b.map((v) => v.toFixed(4)).join(',');

/**
 * Starts loading data for the state: perimeters once per generation, communes and facilities per view,
 * changes and quartier-vécu bands when their layer is on. Returns a function forcing a reload of the view data.
 */
export function startLoaders(store: Store, hub: DataHub, main: AtlasMap, generations: string[], status: HTMLElement | null): () => void {
  const errors = new Map<string, string>();
  const setError = (key: string, msg: string | null) => {
    if (msg) errors.set(key, msg); else errors.delete(key);
    report(status, errors.size ? [...errors.values()].join(' · ') : null);
  };
  const once = new Map<string, Promise<void>>(); // analyses that do not depend on the view: fetched once per key
  const latest = new Map<string, string>(); // per source, the key of the newest request (older answers are dropped)
  const load = (key: string, source: string, url: string, label: string, pick: (body: unknown) => FeatureCollection | null, cache = true) => {
    if (cache && once.has(key)) {
      if (latest.get(source) !== key) { latest.set(source, key); void once.get(key)!.then(() => { if (latest.get(source) === key && results.has(key)) hub.set(source, results.get(key)); }); }
      return once.get(key)!;
    }
    latest.set(source, key);
    const p = fetchJson<unknown>(url)
      .then((body) => {
        const fc = pick(body);
        if (!fc) throw new Error('réponse inattendue du serveur');
        if (cache) results.set(key, fc);
        if (latest.get(source) !== key) return;
        hub.set(source, fc);
        setError(source, null);
      })
      .catch((e: Error) => {
        once.delete(key);
        if (latest.get(source) !== key) return;
        hub.set(source, EMPTY);
        setError(source, `${label} : ${e.message}`);
      });
    if (cache) once.set(key, p);
    return p;
  };
  const results = new Map<string, FeatureCollection>();

  const perimetersDone = Promise.all(generations.map((g) =>
    load(`perim:${g}`, `perim-${g}`, `/api/perimeters?${query({ generation: g })}`, `Périmètres QPV ${g} indisponibles`, (b) => featureCollectionIn(b)),
  ));
  void perimetersDone;

  let viewKey = '';
  const loadView = (s: AtlasState, force = false) => {
    const map = main.map;
    const zoom = map.getZoom();
    const box = viewBbox(map);
    const key = `${bboxText(box.map((v) => Math.round(v * 50) / 50))}|${s.layers.includes('facilities')}|${s.facilityTypes.join(',')}`;
    if (!force && key === viewKey) return;
    viewKey = key;
    if (s.layers.includes('communes')) {
      if (zoom >= 7) load(`communes:${bboxText(box)}`, 'communes', `/api/communes?${query({ bbox: bboxText(box) })}`, 'Communes indisponibles', (b) => featureCollectionIn(b), false);
    }
    if (s.layers.includes('facilities') && zoom >= 11) {
      load(`fac:${bboxText(box)}:${s.facilityTypes.join(',')}`, 'facilities', `/api/facilities?${query({ bbox: bboxText(box), types: s.facilityTypes.join(',') })}`, 'Équipements indisponibles', (b) => featureCollectionIn(b), false);
    }
  };

  const loadAnalyses = (s: AtlasState) => {
    if (s.layers.includes('changes')) {
      load(`changes:${s.from}:${s.to}`, 'changes', `/api/changes?${query({ from: s.from, to: s.to })}`, 'Évolution des périmètres indisponible', (b) => featureCollectionIn(b, ['zones', 'features']));
    }
    if (s.layers.includes('vecu')) {
      load(`vecu:${s.to}:${s.vecu}`, 'vecu', `/api/quartier-vecu?${query({ generation: s.to, distance: s.vecu })}`, 'Quartier vécu indisponible', (b) => featureCollectionIn(b, ['bands', 'zones', 'features']));
    }
  };

  main.map.on('moveend', () => loadView(store.get()));
  store.subscribe((s, prev) => {
    if (s.layers !== prev.layers || s.facilityTypes !== prev.facilityTypes) loadView(s);
    if (s.layers !== prev.layers || s.vecu !== prev.vecu || s.from !== prev.from || s.to !== prev.to) loadAnalyses(s);
  });
  void main.ready.then(() => { loadView(store.get(), true); loadAnalyses(store.get()); });
  return () => loadView(store.get(), true);
}
