// The cell choropleth: class breaks from the cells in view (the tiles already loaded, so no extra request),
// turned into a MapLibre `step` expression. Secret cells are drawn by their own hatched layer.
import type { ExpressionSpecification } from 'maplibre-gl';
import { classBreaks } from '../server/domain/classBreaks.ts';
import { indicatorById, indicatorExpression, indicatorValue, type Indicator } from './indicators.ts';
import { paletteColors } from './palettes.ts';
import type { AtlasState } from './state.ts';
import type { AtlasMap } from './map.ts';

export interface ChoroplethLegend {
  indicator: Indicator;
  breaks: number[];
  colors: string[];
  sample: number; // cells the breaks were computed from
}

/** Colour of inhabited cells whose indicator cannot be computed (no households). */
export const NO_DATA_COLOR = '#e0e0e0';

/** Returns the fill-colour expression for breaks and colours (colours.length = breaks.length + 1). */
export function choroplethExpression(ind: Indicator, breaks: number[], colors: string[]): ExpressionSpecification {
  const value = indicatorExpression(ind);
  const step: unknown[] = ['step', value, colors[0]];
  breaks.forEach((b, i) => step.push(b, colors[i + 1]));
  return ['case', ['<', value, 0], NO_DATA_COLOR, step as ExpressionSpecification];
}

/** Returns the indicator values of the non-secret cells loaded in the map's view. */
export function valuesInView(m: AtlasMap, ind: Indicator): number[] {
  const map = m.map;
  if (!map.getSource('cells')) return [];
  const bounds = map.getBounds();
  const seen = new Set<string>();
  const out: number[] = [];
  for (const f of map.querySourceFeatures('cells', { sourceLayer: 'cells' })) {
    const p = f.properties ?? {};
    if (p.secret === true || p.secret === 1 || p.secret === 'true') continue;
    const id = String(p.id ?? '');
    if (id && seen.has(id)) continue; // features repeat across tile buffers
    seen.add(id);
    const g = f.geometry;
    if (g.type === 'Polygon') {
      const [x, y] = g.coordinates[0][0];
      if (!bounds.contains([x, y])) continue;
    }
    const v = indicatorValue(ind, p);
    if (v !== null) out.push(v);
  }
  return out;
}

/** Returns the legend (breaks from the cells in view of `map`) and the fill expression for the state. */
export function computeChoropleth(s: AtlasState, map: AtlasMap): { legend: ChoroplethLegend; expr: ExpressionSpecification } {
  const ind = indicatorById(s.indicator);
  const values = valuesInView(map, ind);
  const breaks = classBreaks(s.method, values, s.classes, s.breaks);
  const colors = paletteColors(s.palette, breaks.length + 1);
  return { legend: { indicator: ind, breaks, colors, sample: values.length }, expr: choroplethExpression(ind, breaks, colors) };
}
