/// <reference types="vite/client" />
// QPV Atlas map client: boots the store from the URL, the map(s), the panels, and keeps the URL in step.
//
// No UI framework, on purpose: the app is one map plus a handful of small, mostly static forms whose
// state lives in ONE store (state.ts) that the URL mirrors. A 20-line DOM helper (dom.ts) and
// subscribe-and-redraw panels cover that; a framework would add a build plugin, a runtime and a second
// state model competing with the URL, for no gain. MapLibre owns the canvas either way.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { fetchJson } from './api.ts';
import { computeChoropleth, type ChoroplethLegend } from './choropleth.ts';
import { setupCompare } from './compare.ts';
import { chooseBasemap } from './config.ts';
import type { AppContext, ClickMode, FacilityTypeInfo, GenerationInfo } from './context.ts';
import { DataHub, startLoaders } from './data.ts';
import { showFacilityPopup } from './facilityPopup.ts';
import { announce, h } from './dom.ts';
import { AtlasMap, type MapRole } from './map.ts';
import { cellsPanel } from './panels/cellsPanel.ts';
import { comparePanel } from './panels/comparePanel.ts';
import { embedDialog, exportDialog } from './panels/exportDialog.ts';
import { fichePanel } from './panels/fichePanel.ts';
import { layersPanel } from './panels/layersPanel.ts';
import { legendPanel } from './panels/legendPanel.ts';
import { lookupPanel } from './panels/lookupPanel.ts';
import { pocketsPanel } from './panels/pocketsPanel.ts';
import { searchBox } from './panels/searchBox.ts';
import { cellVintagesOf, createStore, parseState, serializeState } from './state.ts';

maplibregl.setWorkerUrl(workerUrl);

/** What the browser tests read: the store, the maps, and the measured first render. */
export interface AtlasDebug {
  ctx: AppContext;
  firstRenderMs: number | null; // navigation start → first map idle with perimeters drawn
  choropleth: ChoroplethLegend | null;
}
declare global { interface Window { atlas?: AtlasDebug } }

async function optional<T>(url: string, fallback: T): Promise<{ value: T; error: string | null }> {
  try { return { value: await fetchJson<T>(url), error: null }; } catch (e) { return { value: fallback, error: (e as Error).message }; }
}

async function boot(): Promise<void> {
  const embed = location.pathname.replace(/\/+$/, '').endsWith('/embed') || new URLSearchParams(location.search).has('embed');
  document.body.classList.toggle('embed', embed);
  const store = createStore(parseState(location.search));
  const status = document.getElementById('status');
  const problems: string[] = [];

  const [gens, types, datasets] = await Promise.all([
    optional<GenerationInfo[]>('/api/generations', []),
    optional<{ present: FacilityTypeInfo[] }>('/api/facility-types', { present: [] }),
    optional<{ label: string; kind: string; generation: string | null; vintage?: string | null; vintages?: string[] | null }[]>('/api/datasets', []),
  ]);
  if (gens.error) problems.push(`Liste des générations indisponible : ${gens.error}`);
  // one entry per generation (the server's default version when it flags one), in ascending order
  const generations: GenerationInfo[] = [];
  for (const g of gens.value) {
    const i = generations.findIndex((x) => x.generation === g.generation);
    if (i < 0) generations.push(g);
    else if (g.default && !generations[i].default) generations[i] = g;
  }
  generations.sort((a, b) => a.generation.localeCompare(b.generation));
  // without the list, assume the two national generations (each layer then reports its own error)
  if (!generations.length) generations.push(...['2015', '2024'].map((g) => ({ generation: g, version: null, label: `QPV ${g}`, count: null, decree: null })));
  const genIds = generations.map((g) => g.generation);
  const cellVintages = cellVintagesOf(datasets.value);
  const sources = datasets.value.filter((d, i, all) => d.label && all.findIndex((x) => x.label === d.label) === i);
  const basemap = chooseBasemap(location.search, null);

  const hub = new DataHub();
  const mapArea = document.getElementById('map-area')!;
  const cellTilesUrl = () => `${location.origin}/api/tiles/cells/{z}/{x}/{y}.pbf${store.get().vintage ? `?vintage=${encodeURIComponent(store.get().vintage)}` : ''}`;
  const attribution = 'QPV Atlas — données ANCT, INSEE, IGN';
  const makeMap = (container: HTMLElement, role: MapRole) => {
    const m = new AtlasMap({ container, state: store.get(), generations: genIds, basemap, role, cellTilesUrl: cellTilesUrl(), attribution, controls: role === 'main' });
    hub.register(m);
    wireMap(m);
    return m;
  };

  const choroListeners: ((l: ChoroplethLegend) => void)[] = [];
  const clickListeners: ((lon: number, lat: number) => void)[] = [];
  let maps: AtlasMap[] = [];
  let lookupPanelEl: (HTMLElement & { sync?: () => void }) | null = null;
  const ctx: AppContext = {
    store, hub, main: null as unknown as AtlasMap, maps: () => maps, generations, facilityTypes: types.value.present ?? [], sources, cellVintages, embed,
    clickMode: 'fiche',
    setClickMode(mode: ClickMode) {
      ctx.clickMode = mode;
      document.body.classList.toggle('click-lookup', mode === 'lookup');
      lookupPanelEl?.sync?.();
      announce(mode === 'lookup' ? 'Cliquez sur la carte pour savoir si un point est en QPV.' : 'Clic sur un quartier : ouverture de sa fiche.');
    },
    onChoropleth: (fn) => choroListeners.push(fn),
    onMapClick: (fn) => clickListeners.push(fn),
  };

  function wireMap(m: AtlasMap) {
    const map = m.map;
    const fills = m.perimeterFillLayers();
    map.on('click', (e) => {
      if (ctx.clickMode === 'lookup') { for (const fn of clickListeners) fn(e.lngLat.lng, e.lngLat.lat); return; }
      // a facility symbol sits on top of its quartier: it answers first, with a popup
      const facility = map.getLayer('facilities-symbol') && map.getLayoutProperty('facilities-symbol', 'visibility') === 'visible'
        ? map.queryRenderedFeatures([[e.point.x - 4, e.point.y - 4], [e.point.x + 4, e.point.y + 4]], { layers: ['facilities-symbol'] })[0] : undefined;
      if (facility) {
        const p = facility.properties ?? {};
        const commune = hub.get('communes')?.features.find((f) => String(f.properties?.code) === String(p.commune));
        const at = facility.geometry.type === 'Point' ? (facility.geometry.coordinates as [number, number]) : e.lngLat;
        showFacilityPopup(map, at, p, commune?.properties?.name ? String(commune.properties.name) : null);
        return;
      }
      const hit = map.queryRenderedFeatures(e.point, { layers: fills.filter((l) => map.getLayer(l) && map.getLayoutProperty(l, 'visibility') === 'visible') })[0];
      if (hit?.properties?.code) store.update({ selected: { code: String(hit.properties.code), generation: String(hit.properties.generation ?? hit.layer.id.slice(3, -5)) } });
    });
    for (const l of [...fills, 'facilities-symbol']) {
      map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
    }
    map.on('error', (e: { error?: { message?: string; status?: number }; sourceId?: string }) => {
      if (e.sourceId === 'cells') showProblem('cells', `Carreaux Filosofi indisponibles${e.error?.status ? ` (erreur ${e.error.status})` : ''} : le service de tuiles ne répond pas.`);
      else if (e.sourceId === 'basemap') showProblem('basemap', 'Fond de carte en ligne injoignable : la carte reste utilisable sans fond.');
    });
  }
  const shown = new Map<string, string>();
  const showProblem = (key: string, text: string) => {
    if (shown.get(key) === text) return;
    shown.set(key, text);
    const el = document.getElementById('problems');
    if (el) { el.append(h('p', { class: 'error', role: 'alert' }, text)); el.hidden = false; }
  };
  problems.forEach((p, i) => showProblem(`boot${i}`, p));

  const main = makeMap(document.getElementById('map')!, 'main');
  ctx.main = main;
  maps = [main];
  const debug: AtlasDebug = { ctx, firstRenderMs: null, choropleth: null };
  window.atlas = debug;

  // Camera → state (the URL follows).
  main.map.on('moveend', () => {
    const c = main.map.getCenter();
    store.update({ center: [Number(c.lng.toFixed(5)), Number(c.lat.toFixed(5))], zoom: Number(main.map.getZoom().toFixed(2)) });
  });
  // State → maps and URL.
  let urlTimer = 0;
  store.subscribe((s, prev) => {
    if (s.vintage !== prev.vintage) for (const m of maps) m.setCellTiles(cellTilesUrl());
    for (const m of maps) m.applyState(s);
    clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => history.replaceState(null, '', `${location.pathname}?${serializeState(store.get())}`), 150);
  });

  // Choropleth: breaks from the cells in view, recomputed when the view or the settings change.
  let choroKey = '';
  const refreshChoropleth = (force = false) => {
    const s = store.get();
    if (!s.layers.includes('cells')) return;
    const { legend, expr } = computeChoropleth(s, main);
    const key = JSON.stringify([legend.indicator.id, legend.breaks, legend.colors]);
    if (!force && key === choroKey) return; // repainting the same colours would re-trigger idle forever
    choroKey = key;
    for (const m of maps) m.setCellColor(expr);
    debug.choropleth = legend;
    for (const fn of choroListeners) fn(legend);
  };
  main.map.on('idle', () => refreshChoropleth());
  store.subscribe((s, p) => {
    if (s.indicator !== p.indicator || s.method !== p.method || s.classes !== p.classes || s.palette !== p.palette || s.breaks !== p.breaks || s.layers !== p.layers) refreshChoropleth(true);
  });

  // First render: navigation start → the first idle with perimeters drawn.
  const firstRender = () => {
    const layers = main.perimeterFillLayers().filter((l) => main.map.getLayer(l) && main.map.getLayoutProperty(l, 'visibility') === 'visible');
    if (layers.length && main.map.queryRenderedFeatures({ layers }).length) {
      debug.firstRenderMs = Math.round(performance.now());
      document.body.dataset.firstRender = String(debug.firstRenderMs);
      main.map.off('idle', firstRender);
    }
  };
  main.map.on('idle', firstRender);

  startLoaders(store, hub, main, genIds, status);
  setupCompare(store, mapArea, main, (el) => makeMap(el, 'before'), (ms) => { maps = ms; for (const m of ms) void m.ready.then(() => { m.applyState(store.get()); refreshChoropleth(true); }); });

  // Panels.
  document.getElementById('legend-slot')!.append(legendPanel(ctx));
  document.getElementById('fiche-slot')!.append(fichePanel(ctx));
  if (!embed) {
    document.getElementById('search-slot')!.append(searchBox(ctx));
    document.getElementById('actions')!.append(
      exportDialog(ctx), embedDialog(ctx),
      h('button', { type: 'button', id: 'copy-link', onclick: async () => {
        try { await navigator.clipboard.writeText(location.href); announce('Lien de la vue copié.'); } catch { announce('Copie impossible : copiez l’adresse de la page.'); }
      } }, 'Copier le lien'));
    lookupPanelEl = lookupPanel(ctx);
    document.getElementById('sidebar')!.append(layersPanel(ctx), cellsPanel(ctx), comparePanel(ctx), pocketsPanel(ctx), lookupPanelEl);
    const toggle = document.getElementById('toggle-sidebar')!;
    toggle.addEventListener('click', () => {
      const collapsed = document.body.classList.toggle('sidebar-collapsed');
      toggle.setAttribute('aria-expanded', String(!collapsed));
      requestAnimationFrame(() => maps.forEach((m) => m.map.resize()));
    });
    if (window.matchMedia('(max-width: 900px)').matches) { document.body.classList.add('sidebar-collapsed'); toggle.setAttribute('aria-expanded', 'false'); }
  }
}

boot().catch((e) => {
  const el = document.getElementById('problems');
  if (el) { el.hidden = false; el.append(h('p', { class: 'error', role: 'alert' }, `La carte n’a pas pu démarrer : ${(e as Error).message}`)); }
  console.error(e);
});
