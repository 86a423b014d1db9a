// One MapLibre map drawing the layer definitions (layers.ts) for a state. The compare modes use two of
// these (the "before" map shows the `from` generation, the main map the `to` generation).
import * as maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, GeoJSONSource, LayerSpecification, SourceSpecification, StyleSpecification, VectorTileSource } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { OVERLAY_LAYERS, allLayers, type LayerDef } from './layers.ts';
import { styleImages } from './images.ts';
import type { AtlasState } from './state.ts';
import type { BasemapConfig } from './config.ts';

export type MapRole = 'main' | 'before';

export interface AtlasMapOptions {
  container: HTMLElement;
  state: AtlasState;
  generations: string[];
  basemap: BasemapConfig | null;
  role: MapRole;
  cellTilesUrl: string; // absolute URL template with {z}/{x}/{y}
  attribution: string; // "Sources : ..." shown in the attribution control
  controls: boolean; // navigation + scale + attribution (the before map in side mode gets its own scale bar only)
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** French labels of MapLibre's own controls (screen readers read them). */
const FRENCH_CONTROLS: Record<string, string> = {
  'NavigationControl.ZoomIn': 'Zoomer', 'NavigationControl.ZoomOut': 'Dézoomer', 'NavigationControl.ResetBearing': 'Réorienter vers le nord',
  'Popup.Close': 'Fermer', 'AttributionControl.ToggleAttribution': 'Afficher ou masquer les sources', 'Map.Title': 'Carte',
};

const SOURCE_ATTRIBUTION: Record<string, string> = {
  communes: 'IGN Admin Express',
  cells: 'INSEE Filosofi',
  facilities: 'INSEE BPE / Éducation nationale',
};

/** Returns the offline MapLibre style (plain background, every layer hidden until the state shows it). */
export function buildStyle(defs: LayerDef[], basemap: BasemapConfig | null, cellTilesUrl: string): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  for (const d of defs) {
    if (d.source === 'cells') {
      sources.cells = { type: 'vector', tiles: [cellTilesUrl], minzoom: 8, maxzoom: 14, attribution: SOURCE_ATTRIBUTION.cells };
    } else {
      sources[d.source] = { type: 'geojson', data: EMPTY, attribution: SOURCE_ATTRIBUTION[d.source] ?? (d.group === 'qpv' ? 'ANCT' : undefined) };
    }
  }
  sources.selected = { type: 'geojson', data: EMPTY };
  sources.lookup = { type: 'geojson', data: EMPTY };
  const layers: LayerSpecification[] = [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } }];
  if (basemap) {
    sources.basemap = { type: 'raster', tiles: [basemap.url], tileSize: basemap.tileSize ?? 256, attribution: basemap.attribution, maxzoom: basemap.maxzoom ?? 19 };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.85 } });
  }
  for (const d of defs) for (const l of d.styleLayers) layers.push({ ...l, layout: { ...(l as { layout?: object }).layout, visibility: 'none' } } as LayerSpecification);
  layers.push(...OVERLAY_LAYERS);
  return { version: 8, sources, layers };
}

/** Returns the ids of the layer defs to draw on a map of `role` for the state (compare splits the generations). */
export function visibleDefs(s: AtlasState, defs: LayerDef[], role: MapRole): Set<string> {
  const out = new Set(s.layers);
  if (s.compare !== 'none') {
    for (const d of defs) {
      if (d.group !== 'qpv') continue;
      const g = d.id.slice(3);
      if (role === 'before') { if (g === s.from) out.add(d.id); else out.delete(d.id); }
      else { if (g === s.to) out.add(d.id); else out.delete(d.id); }
    }
    if (role === 'before') out.delete('changes');
  }
  return out;
}

export class AtlasMap {
  readonly map: maplibregl.Map;
  readonly defs: LayerDef[];
  readonly role: MapRole;
  /** Resolves once the style is loaded and sources can take data. */
  readonly ready: Promise<void>;
  private pending = new Map<string, unknown>();
  private isReady = false;
  private pendingCellTiles: string | null = null;

  constructor(opts: AtlasMapOptions) {
    this.role = opts.role;
    this.defs = allLayers(opts.generations);
    this.map = new maplibregl.Map({
      container: opts.container,
      style: buildStyle(this.defs, opts.basemap, opts.cellTilesUrl),
      center: opts.state.center,
      zoom: opts.state.zoom,
      attributionControl: false,
      maxZoom: 18,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      cancelPendingTileRequestsWhileZooming: true,
      locale: FRENCH_CONTROLS,
    } as maplibregl.MapOptions);
    const images = styleImages();
    this.map.on('styleimagemissing', (e: { id: string }) => {
      const img = images[e.id];
      if (img && !this.map.hasImage(e.id)) this.map.addImage(e.id, img);
    });
    if (opts.controls) {
      this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      this.map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: opts.attribution }), 'bottom-right');
    }
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    this.ready = new Promise((resolve) => this.map.once('load', () => {
      for (const [id, img] of Object.entries(images)) if (!this.map.hasImage(id)) this.map.addImage(id, img);
      this.isReady = true;
      for (const [source, data] of this.pending) this.setData(source, data);
      this.pending.clear();
      if (this.pendingCellTiles) this.setCellTiles(this.pendingCellTiles);
      this.applyState(opts.state);
      resolve();
    }));
  }

  /** Replaces the data of a GeoJSON source (kept until the style is loaded). */
  setData(source: string, data: unknown): void {
    if (!this.isReady) { this.pending.set(source, data); return; }
    const src = this.map.getSource(source) as GeoJSONSource | undefined;
    if (src && 'setData' in src) src.setData(data as FeatureCollection);
  }

  /** Shows and hides style layers for the state. */
  applyState(s: AtlasState): void {
    if (!this.isReady) return;
    const visible = visibleDefs(s, this.defs, this.role);
    for (const d of this.defs) {
      const v = visible.has(d.id) ? 'visible' : 'none';
      for (const l of d.styleLayers) if (this.map.getLayoutProperty(l.id, 'visibility') !== v) this.map.setLayoutProperty(l.id, 'visibility', v);
    }
  }

  /** Points the cell vector tiles at another URL template (another Filosofi vintage). */
  setCellTiles(url: string): void {
    if (!this.isReady) { this.pendingCellTiles = url; return; }
    const src = this.map.getSource('cells') as VectorTileSource | undefined;
    src?.setTiles([url]);
  }

  /** Sets the fill colour of the cell choropleth. */
  setCellColor(expr: ExpressionSpecification | string): void {
    if (this.isReady && this.map.getLayer('cells-fill')) this.map.setPaintProperty('cells-fill', 'fill-color', expr);
  }

  /** Returns the ids of the clickable perimeter fill layers currently drawn. */
  perimeterFillLayers(): string[] {
    return this.defs.filter((d) => d.clickable).map((d) => `${d.id}-fill`);
  }
}
