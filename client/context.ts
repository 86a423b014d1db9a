// What every panel receives: the one store, the data hub, the maps, and a few shared facts from the server.
import type { DataHub } from './data.ts';
import type { AtlasMap } from './map.ts';
import type { Store } from './state.ts';
import type { ChoroplethLegend } from './choropleth.ts';

export interface GenerationInfo {
  generation: string;
  version: string | null;
  label: string;
  count: number | null;
  decree: string | null;
  default?: boolean;
}

export interface FacilityTypeInfo { code: string; label: string; group: string; groupLabel: string; count: number }

export type ClickMode = 'fiche' | 'lookup';

export interface AppContext {
  store: Store;
  hub: DataHub;
  /** The main map (the "after" map in compare modes). */
  main: AtlasMap;
  /** Every map shown (main, plus the "before" map in compare modes). */
  maps(): AtlasMap[];
  generations: GenerationInfo[];
  facilityTypes: FacilityTypeInfo[];
  /** Datasets for the "Sources :" line (only those of visible layers are cited). */
  sources: { label: string; kind: string; generation: string | null; vintage?: string | null }[];
  /** Filosofi vintages with cells loaded on the server, newest first (from /api/datasets kind=cells). */
  cellVintages: string[];
  embed: boolean;
  clickMode: ClickMode;
  setClickMode(mode: ClickMode): void;
  /** Called with each new choropleth legend. */
  onChoropleth(fn: (legend: ChoroplethLegend) => void): void;
  /** Called with each map click outside a perimeter in lookup mode, lonLat. */
  onMapClick(fn: (lon: number, lat: number) => void): void;
}
