// Client configuration. The base map is OFF by default: these machines (and many intranets) reach no tile
// server, and the map must work offline. `?fond=ign|osm` in the URL switches one on (DEFAULT_BASEMAP for all).

export interface BasemapConfig {
  id: string;
  label: string; // French
  url: string; // raster tile URL template
  attribution: string; // shown in the attribution control, as the provider requires
  tileSize?: number;
  maxzoom?: number;
}

/** Online raster base maps that can be switched on. */
export const BASEMAPS: Record<string, BasemapConfig> = {
  ign: {
    id: 'ign', label: 'Plan IGN',
    url: 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    attribution: '<a href="https://www.ign.fr/" target="_blank" rel="noopener">© IGN – Plan IGN</a>', maxzoom: 19,
  },
  osm: {
    id: 'osm', label: 'OpenStreetMap',
    url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">© les contributeurs d’OpenStreetMap</a>', maxzoom: 19,
  },
};

/** The default base map: none (offline). */
export const DEFAULT_BASEMAP: string | null = null;

/** Returns the base map to use: `?fond=` in the URL, then the server's choice, then the default (none). */
export function chooseBasemap(search: string, serverChoice: string | null | undefined): BasemapConfig | null {
  const fromUrl = new URLSearchParams(search).get('fond');
  const id = fromUrl ?? serverChoice ?? DEFAULT_BASEMAP;
  return id && id !== 'aucun' ? BASEMAPS[id] ?? null : null;
}
