// Every map layer as DATA: its id (as in the URL), French legend text, legend swatches and the MapLibre
// style layers that draw it. The style builder, the layer panel, the legend and the export URL all read this.
import type { LayerSpecification } from 'maplibre-gl';

/** A legend swatch: what a reader sees in the legend for one class of a layer. */
export interface Swatch {
  label: string; // French
  fill?: string;
  fillOpacity?: number;
  stroke?: string;
  dash?: boolean;
  hatch?: string; // hatching colour (gained zones, secret cells)
  shape?: 'square' | 'line' | 'point';
}

export interface LayerDef {
  id: string; // URL id
  label: string; // French, toggle text
  group: 'base' | 'qpv' | 'analyse' | 'stats' | 'equipements';
  source: string; // MapLibre source id
  swatches: Swatch[];
  /** MapLibre layers, bottom to top; every id starts with the def id. */
  styleLayers: LayerSpecification[];
  /** Whether features of this layer open the fiche on click. */
  clickable?: boolean;
}

/** Okabe–Ito colours (safe for the common colour-vision deficiencies). */
export const COLORS = {
  orange: '#E69F00', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442', blue: '#0072B2',
  vermilion: '#D55E00', purple: '#CC79A7', grey: '#8c8c8c', black: '#000000',
} as const;

/** The generation styles: 2015 dashed orange, 2024 solid blue; any other generation gets the next free colour. */
const GENERATION_STYLES: Record<string, { color: string; dash: boolean }> = {
  '2015': { color: COLORS.orange, dash: true },
  '2024': { color: COLORS.blue, dash: false },
};
const EXTRA_GENERATION_COLORS = [COLORS.vermilion, COLORS.sky, COLORS.black];

/** Returns the line colour and dash of a QPV generation. */
export function generationStyle(generation: string, index = 0): { color: string; dash: boolean } {
  return GENERATION_STYLES[generation] ?? { color: EXTRA_GENERATION_COLORS[index % EXTRA_GENERATION_COLORS.length], dash: index % 2 === 1 };
}

const LABEL_FONT = ['Open Sans Regular', 'Arial Unicode MS Regular'];

/** Returns the layer def of a QPV generation's perimeters (source `perim-<generation>`). */
export function perimeterLayer(generation: string, index = 0): LayerDef {
  const { color, dash } = generationStyle(generation, index);
  const id = `qpv${generation}`;
  const source = `perim-${generation}`;
  return {
    id, label: `QPV ${generation}`, group: 'qpv', source, clickable: true,
    swatches: [{ label: `Périmètres QPV ${generation}${dash ? ' (tirets)' : ''}`, fill: color, fillOpacity: 0.15, stroke: color, dash, shape: 'square' }],
    styleLayers: [
      { id: `${id}-fill`, type: 'fill', source, paint: { 'fill-color': color, 'fill-opacity': 0.12 } },
      {
        id: `${id}-line`, type: 'line', source,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': color, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.2, 14, 3], ...(dash ? { 'line-dasharray': [3, 2] } : {}) },
      },
      {
        id: `${id}-label`, type: 'symbol', source, minzoom: 12,
        layout: {
          'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-max-width': 10,
          'text-offset': [0, generation === '2015' ? -0.8 : 0.8], 'text-padding': 4,
        },
        paint: { 'text-color': color, 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
      },
    ],
  };
}

/** Static layers (perimeters come from perimeterLayer per generation). Bottom to top. */
export const BASE_LAYERS: LayerDef[] = [
  {
    id: 'cells', label: 'Carreaux Filosofi 200 m', group: 'stats', source: 'cells',
    swatches: [], // the choropleth legend is built from the class breaks (legend panel)
    styleLayers: [
      { id: 'cells-fill', type: 'fill', source: 'cells', 'source-layer': 'cells', filter: ['!', ['to-boolean', ['get', 'secret']]], paint: { 'fill-color': '#cccccc', 'fill-opacity': 0.75 } },
      { id: 'cells-secret', type: 'fill', source: 'cells', 'source-layer': 'cells', filter: ['to-boolean', ['get', 'secret']], paint: { 'fill-pattern': 'hatch-secret', 'fill-opacity': 0.8 } },
    ],
  },
  {
    id: 'communes', label: 'Communes', group: 'base', source: 'communes',
    swatches: [{ label: 'Limite communale', stroke: '#6b6b6b', shape: 'line' }],
    styleLayers: [
      { id: 'communes-line', type: 'line', source: 'communes', paint: { 'line-color': '#6b6b6b', 'line-width': 0.8, 'line-opacity': 0.8 } },
      {
        id: 'communes-label', type: 'symbol', source: 'communes', minzoom: 10,
        layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-transform': 'uppercase', 'text-letter-spacing': 0.05, 'text-padding': 6 },
        paint: { 'text-color': '#555555', 'text-halo-color': '#f4f1ea', 'text-halo-width': 1.5 },
      },
    ],
  },
  {
    id: 'changes', label: 'Évolution des périmètres', group: 'analyse', source: 'changes',
    swatches: [
      { label: 'Zone entrée (gagnée)', hatch: COLORS.green, stroke: COLORS.green, shape: 'square' },
      { label: 'Zone sortie (perdue)', fill: COLORS.purple, fillOpacity: 0.55, stroke: COLORS.purple, shape: 'square' },
      { label: 'Zone conservée', fill: COLORS.grey, fillOpacity: 0.35, shape: 'square' },
    ],
    styleLayers: [
      { id: 'changes-kept', type: 'fill', source: 'changes', filter: ['==', ['get', 'zone'], 'kept'], paint: { 'fill-color': COLORS.grey, 'fill-opacity': 0.35 } },
      { id: 'changes-lost', type: 'fill', source: 'changes', filter: ['==', ['get', 'zone'], 'lost'], paint: { 'fill-color': COLORS.purple, 'fill-opacity': 0.55 } },
      { id: 'changes-gained', type: 'fill', source: 'changes', filter: ['==', ['get', 'zone'], 'gained'], paint: { 'fill-pattern': 'hatch-gained' } },
      { id: 'changes-line', type: 'line', source: 'changes', filter: ['!=', ['get', 'zone'], 'kept'], paint: { 'line-color': ['match', ['get', 'zone'], 'gained', COLORS.green, COLORS.purple], 'line-width': 1.2 } },
    ],
  },
  {
    id: 'vecu', label: 'Quartier vécu', group: 'analyse', source: 'vecu',
    swatches: [{ label: 'Quartier vécu (bande de {vecu} m autour des QPV)', fill: COLORS.sky, fillOpacity: 0.18, stroke: COLORS.sky, dash: true, shape: 'square' }],
    styleLayers: [
      { id: 'vecu-fill', type: 'fill', source: 'vecu', paint: { 'fill-color': COLORS.sky, 'fill-opacity': 0.18 } },
      { id: 'vecu-line', type: 'line', source: 'vecu', paint: { 'line-color': COLORS.sky, 'line-width': 1.5, 'line-dasharray': [1, 1.5] } },
    ],
  },
  {
    id: 'pockets', label: 'Poches de pauvreté', group: 'analyse', source: 'pockets',
    swatches: [{ label: 'Poche de pauvreté (contour, rang)', stroke: COLORS.vermilion, shape: 'square' }],
    styleLayers: [
      { id: 'pockets-fill', type: 'fill', source: 'pockets', paint: { 'fill-color': COLORS.vermilion, 'fill-opacity': 0.08 } },
      { id: 'pockets-line', type: 'line', source: 'pockets', paint: { 'line-color': COLORS.vermilion, 'line-width': 2.5 } },
      {
        id: 'pockets-label', type: 'symbol', source: 'pockets',
        layout: { 'text-field': ['concat', 'n°', ['to-string', ['get', 'rank']]], 'text-font': LABEL_FONT, 'text-size': 13, 'text-allow-overlap': true },
        paint: { 'text-color': COLORS.vermilion, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
      },
    ],
  },
  {
    id: 'facilities', label: 'Équipements', group: 'equipements', source: 'facilities',
    swatches: [], // one per facility type, built from /api/facility-types
    styleLayers: [
      {
        id: 'facilities-symbol', type: 'symbol', source: 'facilities', minzoom: 11,
        layout: { 'icon-image': ['coalesce', ['image', ['concat', 'fac-', ['get', 'group']]], ['image', 'fac-autre']], 'icon-allow-overlap': true, 'icon-size': 1 },
      },
    ],
  },
];

/** Layers drawn above everything: the selected quartier and the looked-up point. */
export const OVERLAY_LAYERS: LayerSpecification[] = [
  { id: 'selected-line', type: 'line', source: 'selected', paint: { 'line-color': '#000000', 'line-width': 4, 'line-opacity': 0.7 } },
  { id: 'lookup-point', type: 'circle', source: 'lookup', paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': '#000000', 'circle-stroke-width': 3 } },
];

/** Facility symbols per group key (server/domain/facilityTypes.ts): shape AND colour differ, so they read without colour too. */
export const FACILITY_SYMBOLS: Record<string, { shape: 'circle' | 'square' | 'triangle' | 'diamond' | 'star' | 'cross' | 'hexagon' | 'triangleDown' | 'ring'; color: string }> = {
  enseignement: { shape: 'square', color: COLORS.blue },
  sante: { shape: 'cross', color: COLORS.vermilion },
  social: { shape: 'circle', color: COLORS.purple },
  sport: { shape: 'triangle', color: COLORS.green },
  culture: { shape: 'diamond', color: COLORS.orange },
  'services-publics': { shape: 'star', color: COLORS.black },
  commerce: { shape: 'hexagon', color: COLORS.sky },
  transport: { shape: 'triangleDown', color: '#555555' },
  autre: { shape: 'ring', color: COLORS.grey },
};

/** Returns every layer def, in drawing order, for the generations the server has. */
export function allLayers(generations: string[]): LayerDef[] {
  const [cells, communes, ...analyses] = BASE_LAYERS;
  return [cells, communes, ...analyses.slice(0, 2), ...generations.map((g, i) => perimeterLayer(g, i)), ...analyses.slice(2)];
}
