// What the printed map's cell choropleth shows: per-cell indicator values from Filosofi counts
// (ratios of the cell's own counts), class breaks (quantiles, equal intervals, Jenks) and the
// palette. Pure; mirrors the client's choropleth so screen and paper agree.
import type { CellGrid, CellField } from './model.ts';
import { SECRECY_MIN_HOUSEHOLDS } from './secrecy.ts';

export const CELL_INDICATORS = ['population', 'households', 'povertyRate', 'livingStandard', 'socialHousing', 'singleParent', 'under18'] as const;
export type CellIndicator = (typeof CELL_INDICATORS)[number];
/** Methods static maps support (manual breaks are a client-only choice for now). */
export const CLASS_METHODS = ['quantiles', 'equal', 'jenks'] as const;
export type ClassMethod = (typeof CLASS_METHODS)[number];
export { classBreaks, classOf } from './classBreaks.ts';
export type IndicatorUnit = 'count' | 'ratio' | 'euro';

interface IndicatorDef {
  label: string; // French, for the legend heading
  unit: IndicatorUnit;
  numerator: CellField[]; // summed
  denominator: CellField | null;
  lowIsDark: boolean; // low standard of living is the "deprived" end: draw it dark
}

export const CELL_INDICATOR_DEFS: Record<CellIndicator, IndicatorDef> = {
  population: { label: 'Population (habitants par carreau de 200 m)', unit: 'count', numerator: ['ind'], denominator: null, lowIsDark: false },
  households: { label: 'Ménages (par carreau de 200 m)', unit: 'count', numerator: ['men'], denominator: null, lowIsDark: false },
  povertyRate: { label: 'Taux de pauvreté des ménages', unit: 'ratio', numerator: ['men_pauv'], denominator: 'men', lowIsDark: false },
  livingStandard: { label: 'Niveau de vie moyen par habitant (winsorisé)', unit: 'euro', numerator: ['ind_snv'], denominator: 'ind', lowIsDark: true },
  socialHousing: { label: 'Part des ménages en logement social', unit: 'ratio', numerator: ['log_soc'], denominator: 'men', lowIsDark: false },
  singleParent: { label: 'Part des familles monoparentales', unit: 'ratio', numerator: ['men_fmp'], denominator: 'men', lowIsDark: false },
  under18: { label: 'Part des moins de 18 ans', unit: 'ratio', numerator: ['ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17'], denominator: 'ind', lowIsDark: false },
};

/** ColorBrewer OrRd, 5 classes, light to dark (colour-blind safe, readable in greyscale). */
export const CHOROPLETH_PALETTE = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;

/** Returns the value of an indicator for cell k (unit of the indicator), or null when not computable or secret. */
export function cellIndicatorValue(grid: CellGrid, k: number, indicator: CellIndicator): number | null {
  if (isSecretCell(grid, k)) return null;
  const def = CELL_INDICATOR_DEFS[indicator];
  let num = 0;
  for (const f of def.numerator) {
    const col = grid.values[f];
    if (!col) return null;
    num += col[k];
  }
  if (!Number.isFinite(num)) return null;
  if (!def.denominator) return num;
  const den = grid.values[def.denominator]?.[k] ?? NaN;
  return den > 0 ? num / den : null;
}

/** True when cell k has fewer than 11 households (or none known): INSEE publishes no figure on it. */
export function isSecretCell(grid: CellGrid, k: number): boolean {
  const men = grid.values.men ? grid.values.men[k] : NaN;
  return !(men >= SECRECY_MIN_HOUSEHOLDS);
}

const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, '\u00a0');

/** Returns a value formatted the French way in the indicator's unit: "12,3 %", "14 327 €", "1 234". */
export function formatIndicatorValue(value: number, unit: IndicatorUnit): string {
  if (unit === 'ratio') return nbsp(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value * 100)) + '\u00a0%';
  if (unit === 'euro') return nbsp(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(value)) + '\u00a0€';
  return nbsp(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(value));
}
