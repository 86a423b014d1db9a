// Indicators of any area from Filosofi cells: areal (or dasymetric) estimates of every count, rates
// as ratios of summed counts (DOMAIN.md §3), bounds, imputed share, the secrecy rule, and the
// coverage of the loaded cells: outside their extent nothing is known ("hors données"), which is not
// the same as fewer than 11 households ("secret statistique"). Pure.
import { CELL_FIELDS, type Building, type CellField, type CellGrid, type Polygonal } from './model.ts';
import { arealWeights, planarArea, type ArealWeights } from './arealWeights.ts';
import { dasymetricWeights } from './dasymetric.ts';
import { secrecyFor } from './secrecy.ts';
import { coverageOfArea, coverageVerdict } from './cellCoverage.ts';
import { cellCrsAt, WGS84 } from './crs.ts';
import { bboxOf, projectPolygonal } from './project.ts';

export type IndicatorMode = 'areal' | 'dasymetric';

/** Rates as fractions (0.631 = 63,1 %), mean standard of living in € per year, surface in m² per person. */
export interface AreaRates {
  povertyRate: number | null; // men_pauv / men
  meanLivingStandard: number | null; // ind_snv / ind (winsorised mean, not the decree's median)
  socialHousingShare: number | null; // log_soc / men
  singleParentShare: number | null; // men_fmp / men
  ownersShare: number | null; // men_prop / men
  under18Share: number | null; // (ind_0_3 + ind_4_5 + ind_6_10 + ind_11_17) / ind
  over65Share: number | null; // (ind_65_79 + ind_80p) / ind
  surfacePerPerson: number | null; // men_surf / ind
}

export interface AreaIndicators {
  secret: boolean; // fewer than 11 households in the covered part: figures withheld (INSEE rule)
  secretReason: string | null; // French, shown to users
  /** Share (0..1) of the area inside the extent of the loaded cells (cellCoverage.ts); null when not measured (weights given by the caller). */
  coverage: number | null;
  /** Coverage below 0.99: the figures are not those of the whole area. With no covered part, every figure is null; partly covered, the figures of the covered part are kept (lower bounds). */
  noData: boolean;
  noDataReason: string | null; // French, shown to users
  counts: Record<CellField, number | null>; // null: absent from the vintage, unknown, secret, or no data
  rates: AreaRates;
  imputedShare: number | null; // share of the estimated inhabitants living in cells INSEE imputed
  bounds: {
    inhabitantsInside: number | null; // inhabitants of the cells wholly inside the area
    inhabitantsTouching: number | null; // inhabitants of every cell overlapping the area
    borderShare: number | null; // share of the estimate coming from cells crossed by the outline
  };
  cells: { inside: number; border: number };
  mode: IndicatorMode;
  /** Dasymetric mode: share of the estimate from cells without residential buildings (areal weighting used); null in areal mode. */
  fallbackShare: number | null;
  areaM2: number; // area of the polygon, computed in the cell grid's CRS (LAEA is equal-area)
}

/** Weights of one grid for an area: the estimate's weights, and the geometric ones (for bounds). */
export interface WeightedGrid {
  grid: CellGrid;
  weights: ArealWeights; // the weights of the estimate
  geometric?: ArealWeights; // areal weights, same cells in the same order; default: `weights`
  fallback?: Uint8Array; // dasymetric: 1 where the cell fell back to areal weighting
}

export interface IndicatorOptions {
  mode?: IndicatorMode;
  buildings?: Building[]; // lonLat; required for mode 'dasymetric'
}

/**
 * Returns the indicators of an area given in lonLat (WGS84): the polygon is projected into the CRS
 * of the grids that cover it (EPSG:3035 in métropole), clipped exactly against their 200 m squares.
 */
export function indicatorsForArea(grids: CellGrid[], areaLonLat: Polygonal, opts: IndicatorOptions = {}): AreaIndicators {
  const epsg = gridCrsFor(areaLonLat);
  return indicatorsForAreaInCrs(grids, projectPolygonal(areaLonLat, WGS84, epsg), epsg, opts);
}

/** Same as indicatorsForArea for a polygon already in EPSG:epsg (the grids' CRS, metres). */
export function indicatorsForAreaInCrs(grids: CellGrid[], area: Polygonal, epsg: number, opts: IndicatorOptions = {}): AreaIndicators {
  const mode = opts.mode ?? 'areal';
  if (mode === 'dasymetric' && !opts.buildings) throw new Error('indicatorsForArea: le mode dasymétrique demande des bâtiments');
  const parts: WeightedGrid[] = [];
  for (const grid of grids) {
    if (grid.epsg !== epsg) continue;
    const geometric = arealWeights(grid, area);
    if (mode === 'dasymetric') {
      const d = dasymetricWeights(grid, area, geometric, opts.buildings!);
      parts.push({ grid, weights: d.weights, geometric, fallback: d.fallback });
    } else parts.push({ grid, weights: geometric });
  }
  return summarise(parts, mode, planarArea(area), coverageOfArea(grids, area, epsg));
}

/** Returns indicators from weights a caller already has (pockets, zones); areaM2 defaults to the weighted cell area. */
export function indicatorsFromWeights(
  grid: CellGrid, weights: ArealWeights,
  opts: { areaM2?: number; mode?: IndicatorMode; geometric?: ArealWeights; fallback?: Uint8Array; coverage?: number | null } = {},
): AreaIndicators {
  const areaM2 = opts.areaM2 ?? weights.fraction.reduce((s, f) => s + f, 0) * grid.size * grid.size;
  return summarise([{ grid, weights, geometric: opts.geometric, fallback: opts.fallback }], opts.mode ?? 'areal', areaM2, opts.coverage ?? null);
}

/**
 * Returns indicators summed over several weighted grids (an area spanning grids), as one area.
 * `coverage` is the share of the area inside the cells' extent (null: not measured, taken as covered).
 */
export function summarise(parts: WeightedGrid[], mode: IndicatorMode, areaM2: number, coverage: number | null = null): AreaIndicators {
  const contributing = parts.filter((p) => p.weights.index.length > 0);
  // A field counts when every contributing grid has it; with no cell at all, it is 0 where present.
  const basis = contributing.length > 0 ? contributing : parts;
  const sums = new Map<CellField, number>();
  for (const f of CELL_FIELDS) if (basis.length > 0 && basis.every((p) => p.grid.values[f])) sums.set(f, 0);
  const hasInd = sums.has('ind');
  let estimate = 0, imputed = 0, border = 0, fallen = 0, inside = 0, touching = 0, insideCells = 0, borderCells = 0;

  for (const { grid, weights, geometric = weights, fallback } of contributing) {
    const ind = grid.values.ind;
    for (const [f, sum] of sums) {
      const col = grid.values[f]!;
      let s = sum;
      for (let n = 0; n < weights.index.length; n++) {
        const w = weights.fraction[n];
        if (w > 0) s += col[weights.index[n]] * w; // NaN (empty in the file) propagates: unknown, not 0
      }
      sums.set(f, s);
    }
    for (let n = 0; n < geometric.index.length; n++) {
      const k = geometric.index[n];
      const wholly = geometric.fraction[n] === 1;
      if (wholly) insideCells++;
      else borderCells++;
      if (!ind) continue;
      const w = weights.fraction[n];
      const est = ind[k] * w;
      estimate += est;
      touching += ind[k];
      if (wholly) inside += ind[k];
      else border += est;
      if (grid.imputed[k]) imputed += est;
      if (fallback?.[n]) fallen += est;
    }
  }

  const cells = { inside: insideCells, border: borderCells };
  const data = coverage === null ? { noData: false, partial: false, reason: null } : coverageVerdict(coverage);
  const noData = { coverage, noData: data.noData, noDataReason: data.reason };
  // Nothing known: no figure, and no secrecy verdict either (there are no households to count).
  if (data.noData && !data.partial) return withheld(false, null, noData, cells, mode, areaM2);
  const verdict = secrecyFor(sums.has('men') ? sums.get('men')! : null);
  if (verdict.secret) return withheld(true, verdict.reason, noData, cells, mode, areaM2);

  const counts = {} as Record<CellField, number | null>;
  for (const f of CELL_FIELDS) {
    const v = sums.get(f);
    counts[f] = v === undefined || Number.isNaN(v) ? null : v;
  }
  const total = (...fs: CellField[]) => {
    let t = 0;
    for (const f of fs) {
      const v = counts[f];
      if (v === null) return null;
      t += v;
    }
    return t;
  };
  const ratio = (num: number | null, den: number | null) => (num === null || den === null || den === 0 ? null : num / den);
  const indEst = hasInd && counts.ind !== null ? estimate : null;
  return {
    secret: false,
    secretReason: null,
    ...noData,
    counts,
    rates: {
      povertyRate: ratio(counts.men_pauv, counts.men),
      meanLivingStandard: ratio(counts.ind_snv, counts.ind),
      socialHousingShare: ratio(counts.log_soc, counts.men),
      singleParentShare: ratio(counts.men_fmp, counts.men),
      ownersShare: ratio(counts.men_prop, counts.men),
      under18Share: ratio(total('ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17'), counts.ind),
      over65Share: ratio(total('ind_65_79', 'ind_80p'), counts.ind),
      surfacePerPerson: ratio(counts.men_surf, counts.ind),
    },
    imputedShare: ratio(indEst === null ? null : imputed, indEst),
    bounds: {
      inhabitantsInside: indEst === null ? null : inside,
      inhabitantsTouching: indEst === null ? null : touching,
      borderShare: ratio(indEst === null ? null : border, indEst),
    },
    cells,
    mode,
    fallbackShare: mode === 'dasymetric' ? ratio(indEst === null ? null : fallen, indEst) : null,
    areaM2,
  };
}

function withheld(
  secret: boolean, reason: string | null, noData: Pick<AreaIndicators, 'coverage' | 'noData' | 'noDataReason'>,
  cells: AreaIndicators['cells'], mode: IndicatorMode, areaM2: number,
): AreaIndicators {
  const counts = {} as Record<CellField, number | null>;
  for (const f of CELL_FIELDS) counts[f] = null;
  return {
    secret,
    secretReason: reason,
    ...noData,
    counts,
    rates: {
      povertyRate: null, meanLivingStandard: null, socialHousingShare: null, singleParentShare: null,
      ownersShare: null, under18Share: null, over65Share: null, surfacePerPerson: null,
    },
    imputedShare: null,
    bounds: { inhabitantsInside: null, inhabitantsTouching: null, borderShare: null },
    cells,
    mode,
    fallbackShare: null,
    areaM2,
  };
}

/** Returns the Filosofi grid CRS (EPSG code) for a lonLat area: 3035 in métropole, the UTM zone overseas. */
export function gridCrsFor(areaLonLat: Polygonal): number {
  const [minX, minY, maxX, maxY] = bboxOf(areaLonLat);
  return cellCrsAt((minX + maxX) / 2, (minY + maxY) / 2);
}
