// Filosofi counts inside a zone by areal weighting, kept unrounded and unmasked so that sums over
// several zones (commune totals) can be tested for secrecy themselves, with the share of the zone
// inside the loaded cells' extent so that "no data" is not mistaken for "secret". Pure.
import type { CellGrid, Polygonal } from './model.ts';
import { arealWeights } from './arealWeights.ts';
import { projectPolygonal } from './project.ts';
import { WGS84 } from './crs.ts';
import { planarArea } from './arealWeights.ts';
import { coveredArea } from './cellCoverage.ts';
import { gridCrsFor } from './indicators.ts';

/** The counts a change zone reports (DOMAIN.md §3 names). */
export const ZONE_COUNT_FIELDS = ['ind', 'men', 'men_pauv', 'men_fmp', 'log_soc'] as const;
export type ZoneCountField = (typeof ZONE_COUNT_FIELDS)[number];

export interface ZoneCounts {
  counts: Record<ZoneCountField, number>; // estimated, fractional; NaN when the vintage lacks the field
  cells: number; // cells touching the zone
  imputedShare: number | null; // share of the zone's inhabitants living in imputed cells (0..1), null when no inhabitant
  areaM2: number; // area of the zone in the cell grid CRS (m², LAEA is equal-area)
  coveredM2: number; // part of it inside the extent of the loaded cells (cellCoverage.ts)
  coverage: number | null; // coveredM2 / areaM2; null for an empty zone
}

/** Zeroed counts, to start sums. */
export function emptyZoneCounts(): ZoneCounts {
  return { counts: { ind: 0, men: 0, men_pauv: 0, men_fmp: 0, log_soc: 0 }, cells: 0, imputedShare: null, areaM2: 0, coveredM2: 0, coverage: null };
}

/**
 * Returns the areal-weighted Filosofi counts of a zone given in lonLat (EPSG:4326): each cell adds its
 * counts × (area of cell ∩ zone) / cell area. The zone is projected into each grid's CRS; its area
 * and coverage are measured in the grid CRS of its place (EPSG:3035 in métropole).
 */
export function zoneCounts(grids: CellGrid[], zoneLonLat: Polygonal): ZoneCounts {
  const out = emptyZoneCounts();
  const epsg = gridCrsFor(zoneLonLat);
  const zone = projectPolygonal(zoneLonLat, WGS84, epsg);
  out.areaM2 = planarArea(zone);
  out.coveredM2 = Math.min(out.areaM2, coveredArea(grids, zone, epsg));
  out.coverage = out.areaM2 > 0 ? out.coveredM2 / out.areaM2 : null;
  let imputedInd = 0;
  for (const grid of grids) {
    const w = arealWeights(grid, projectPolygonal(zoneLonLat, WGS84, grid.epsg));
    out.cells += w.index.length;
    for (const f of ZONE_COUNT_FIELDS) {
      const col = grid.values[f];
      if (!col) { out.counts[f] = NaN; continue; }
      let s = 0;
      for (let k = 0; k < w.index.length; k++) s += col[w.index[k]] * w.fraction[k];
      out.counts[f] += s;
    }
    const ind = grid.values.ind;
    if (ind) for (let k = 0; k < w.index.length; k++) if (grid.imputed[w.index[k]]) imputedInd += ind[w.index[k]] * w.fraction[k];
  }
  out.imputedShare = out.counts.ind > 0 ? imputedInd / out.counts.ind : null;
  return out;
}

/** Sum of several zones' counts; the imputed share is weighted by inhabitants. */
export function addZoneCounts(a: ZoneCounts, b: ZoneCounts): ZoneCounts {
  const out = emptyZoneCounts();
  for (const f of ZONE_COUNT_FIELDS) out.counts[f] = a.counts[f] + b.counts[f];
  out.cells = a.cells + b.cells;
  out.areaM2 = a.areaM2 + b.areaM2;
  out.coveredM2 = a.coveredM2 + b.coveredM2;
  out.coverage = out.areaM2 > 0 ? out.coveredM2 / out.areaM2 : null;
  const imp = (a.imputedShare ?? 0) * a.counts.ind + (b.imputedShare ?? 0) * b.counts.ind;
  out.imputedShare = out.counts.ind > 0 ? imp / out.counts.ind : null;
  return out;
}
