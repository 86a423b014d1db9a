// What the printed map's cell choropleth shows: per-cell indicator values from Filosofi counts
// (ratios of the cell's own counts), class breaks (quantiles, equal intervals, Jenks) and the
// palette. Pure; mirrors the client's choropleth so screen and paper agree.
import type { CellGrid, CellField } from './model.ts';
import { SECRECY_MIN_HOUSEHOLDS } from './secrecy.ts';

export const CELL_INDICATORS = ['population', 'households', 'povertyRate', 'livingStandard', 'socialHousing', 'singleParent', 'under18'] as const;
export type CellIndicator = (typeof CELL_INDICATORS)[number];
export const CLASS_METHODS = ['quantiles', 'equal', 'jenks'] as const;
export type ClassMethod = (typeof CLASS_METHODS)[number];
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

function sorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

function dedupe(breaks: number[]): number[] {
  return breaks.filter((b, i) => i === 0 || b > breaks[i - 1]);
}

/** Returns the k-1 inner breaks (indicator unit) of the method: class 0 is v < b1, class i is b_i ≤ v < b_{i+1}. */
export function classBreaks(method: ClassMethod, values: readonly number[], k: number): number[] {
  const v = sorted(values);
  if (v.length < 2 || k < 2 || v[0] === v[v.length - 1]) return [];
  if (method === 'equal') {
    const step = (v[v.length - 1] - v[0]) / k;
    return Array.from({ length: k - 1 }, (_, i) => v[0] + step * (i + 1));
  }
  if (method === 'quantiles') {
    const out: number[] = [];
    for (let i = 1; i < k; i++) {
      const pos = (i / k) * (v.length - 1);
      const lo = Math.floor(pos);
      out.push(v[lo] + (v[Math.min(lo + 1, v.length - 1)] - v[lo]) * (pos - lo));
    }
    return dedupe(out);
  }
  return jenks(v, k);
}

/** Fisher–Jenks natural breaks on sorted values (sampled above 1,000 values: the cost is O(k·n²)). */
function jenks(all: number[], k: number): number[] {
  let v = all;
  if (v.length > 1000) {
    const step = (v.length - 1) / 999;
    v = Array.from({ length: 1000 }, (_, i) => all[Math.round(i * step)]);
  }
  const n = v.length;
  k = Math.min(k, n);
  const lower: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(k + 1));
  const cost: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(k + 1).fill(Infinity));
  for (let j = 1; j <= k; j++) { lower[1][j] = 1; cost[1][j] = 0; }
  for (let i = 2; i <= n; i++) {
    let s = 0, s2 = 0, w = 0, variance = 0;
    for (let m = 1; m <= i; m++) {
      const lowIdx = i - m + 1;
      const val = v[lowIdx - 1];
      s += val; s2 += val * val; w++;
      variance = s2 - (s * s) / w;
      const prev = lowIdx - 1;
      if (prev !== 0) {
        for (let j = 2; j <= k; j++) {
          if (cost[i][j] >= variance + cost[prev][j - 1]) {
            lower[i][j] = lowIdx;
            cost[i][j] = variance + cost[prev][j - 1];
          }
        }
      }
    }
    lower[i][1] = 1;
    cost[i][1] = variance;
  }
  const out: number[] = [];
  let last = n;
  for (let j = k; j >= 2; j--) {
    const id = lower[last][j] - 1;
    out.unshift(v[id]);
    last = id;
  }
  return dedupe(out);
}

/** Returns the class index (0..breaks.length) of a value. */
export function classOf(value: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  return i;
}

const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, '\u00a0');

/** Returns a value formatted the French way in the indicator's unit: "12,3 %", "14 327 €", "1 234". */
export function formatIndicatorValue(value: number, unit: IndicatorUnit): string {
  if (unit === 'ratio') return nbsp(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value * 100)) + '\u00a0%';
  if (unit === 'euro') return nbsp(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(value)) + '\u00a0€';
  return nbsp(new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(value));
}
