// The Filosofi indicators the choropleth can show, as data: each is a ratio of summed counts (or a
// count), computed per cell from the vector-tile properties with a MapLibre expression.
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Unit } from './format.ts';

export interface Indicator {
  id: string;
  label: string; // French, shown in the picker and the legend
  unit: Unit;
  numerator: string; // tile property
  denominator: string | null; // tile property; null = plain count
  scale: number; // multiply the ratio (1 for shares in [0,1] shown as %, 1 for €)
}

/** Every indicator, in picker order. Units: 'ratio' in [0,1], 'euro' per person, 'count' per cell. */
export const INDICATORS: Indicator[] = [
  { id: 'population', label: 'Population (habitants par carreau)', unit: 'count', numerator: 'ind', denominator: null, scale: 1 },
  { id: 'households', label: 'Ménages (par carreau)', unit: 'count', numerator: 'men', denominator: null, scale: 1 },
  { id: 'poverty', label: 'Taux de pauvreté des ménages', unit: 'ratio', numerator: 'men_pauv', denominator: 'men', scale: 1 },
  { id: 'income', label: 'Niveau de vie moyen (winsorisé)', unit: 'euro', numerator: 'ind_snv', denominator: 'ind', scale: 1 },
  { id: 'social', label: 'Part de logements sociaux', unit: 'ratio', numerator: 'log_soc', denominator: 'men', scale: 1 },
  { id: 'singleParent', label: 'Part de familles monoparentales', unit: 'ratio', numerator: 'men_fmp', denominator: 'men', scale: 1 },
  { id: 'under18', label: 'Part des moins de 18 ans', unit: 'ratio', numerator: 'under18', denominator: 'ind', scale: 1 },
  { id: 'over65', label: 'Part des 65 ans et plus', unit: 'ratio', numerator: 'ind_65p', denominator: 'ind', scale: 1 },
  { id: 'owners', label: 'Part de ménages propriétaires', unit: 'ratio', numerator: 'men_prop', denominator: 'men', scale: 1 },
];

/** Returns the indicator with this id, or the poverty rate when unknown. */
export function indicatorById(id: string): Indicator {
  return INDICATORS.find((i) => i.id === id) ?? INDICATORS[2];
}

/** Returns the MapLibre expression of the indicator on a cell feature; -1 where the denominator is 0 or missing. */
export function indicatorExpression(ind: Indicator): ExpressionSpecification {
  const num: ExpressionSpecification = ['to-number', ['get', ind.numerator], -1];
  if (!ind.denominator) return num;
  const den: ExpressionSpecification = ['to-number', ['get', ind.denominator], 0];
  return ['case', ['>', den, 0], ['*', ['/', num, den], ind.scale], -1];
}

/** Returns the indicator's value from plain feature properties (null when not computable). */
export function indicatorValue(ind: Indicator, props: Record<string, unknown>): number | null {
  const n = Number(props[ind.numerator]);
  if (!Number.isFinite(n)) return null;
  if (!ind.denominator) return n;
  const d = Number(props[ind.denominator]);
  return Number.isFinite(d) && d > 0 ? (n / d) * ind.scale : null;
}
