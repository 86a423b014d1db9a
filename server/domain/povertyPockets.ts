// Poverty pockets ("poches de pauvreté", DOMAIN.md §6): poor 200 m cells outside the QPVs of a study
// area, merged into clusters, kept when big enough to be published, ranked. Pure computation:
// cells, perimeters and communes in, plain records and lonLat outlines out.
//
// The circular of 31 August 2023 sets no threshold, so every choice below is a parameter, returned
// with the result and printed in the legend (describePocketParams).
import type { Position } from 'geojson';
import type { CellGrid, Commune, DatasetRef, LoadedPerimeter, Polygonal, Provenance } from './model.ts';
import { WGS84 } from './crs.ts';
import { bboxIntersects, bboxOf, projectPolygonal } from './project.ts';
import { arealWeights } from './arealWeights.ts';
import { cellId, cellSquare } from './cellGrid.ts';
import { cellClusters, clusterMembers, type Neighbourhood } from './cellClusters.ts';
import { SECRECY_MIN_HOUSEHOLDS, SECRECY_REASON } from './secrecy.ts';
import { converter } from './crs.ts';
import { coverageUnion, distance as geosDistance } from './geometry/geos.ts';
import { RequestError } from './requestError.ts';

export type PocketRankBy = 'poorHouseholds' | 'population' | 'povertyRate';
export type PocketCombine = 'any' | 'all';

export interface PocketParams {
  /** A cell belongs to the study area when at least this share of its square lies inside it (0–1]. */
  studyAreaShare: number;
  /** A cell is left out as "in a QPV" when at least this share of its square lies in a current QPV (0–1]. */
  qpvShare: number;
  /** Flag cells whose poverty rate (men_pauv / men) is ≥ this (0–1], or null for no absolute rate test. */
  povertyRate: number | null;
  /** Flag cells whose poverty rate is ≥ this multiple of the study area's rate, or null. */
  relativeRate: number | null;
  /** Flag cells whose mean standard of living (ind_snv / ind, € per year) is ≤ this, or null. */
  maxLivingStandard: number | null;
  /** Flag cells whose mean standard of living is ≤ this multiple of the study area's, or null. */
  relativeLivingStandard: number | null;
  /** 'any': one active test suffices; 'all': every active test must pass. */
  combine: PocketCombine;
  /** A cell is flagged only when it has at least this many households (weak evidence below). */
  minCellHouseholds: number;
  /** 8: cells touching by a corner join a pocket; 4: only cells sharing an edge. */
  neighbourhood: Neighbourhood;
  /** A pocket needs at least this many households; never below 11 (statistical secrecy). */
  minHouseholds: number;
  /** A pocket needs at least this many inhabitants. */
  minPopulation: number;
  /** A pocket needs at least this many cells (1: a single poor cell may be a pocket). */
  minCells: number;
  /** Order of the pockets: most poor households, most inhabitants, or highest poverty rate first. */
  rankBy: PocketRankBy;
}

/**
 * Default parameters, and why (quoted by the README):
 * - `studyAreaShare` 0.5: a cell straddling a commune line is counted once, on the side holding the
 *   larger part of its square.
 * - `qpvShare` 0.1: a cell with a tenth or more of its square inside a current QPV is left out.
 *   QPV lines were drawn around the poor housing, so a cell straddling the line mostly counts the
 *   QPV's own households: with 0.5, 11 of the 18 "pockets" of the Oise demo communes were such
 *   fringes of existing QPVs (0 m away), which prefecture staff would rightly discard. With 0.1 the
 *   pockets are areas genuinely outside priority geography; set 0.5 to see the fringes too.
 * - `povertyRate` 0.30: about twice the métropole rate (14–15 % of households under the 60 %
 *   threshold in Filosofi 2017), the level of a typical QPV's poorer streets, well above ordinary
 *   urban neighbourhoods (the whole Oise extract: 12.0 %). An absolute rate keeps pockets comparable
 *   from one commune to the next; relative tests (`relativeRate` e.g. 2, `relativeLivingStandard`
 *   e.g. 0.6) are there for studies that want "poor for this territory" and are off by default.
 * - `maxLivingStandard` off: INSEE gives a winsorised mean, not the median the QPV decree uses, so
 *   a € threshold cannot mirror the decree; the poverty rate is the more robust single signal.
 * - `minCellHouseholds` 5: INSEE spreads a group of small cells' figures pro rata (imputed cells),
 *   so a cell with 1–4 households carries its group's rate, not its own: weak evidence to flag on.
 * - `neighbourhood` 8: pockets follow streets and blocks that cut across the grid diagonally; a
 *   corner contact between two 200 m squares is the same block in practice.
 * - `minHouseholds` 11: INSEE's secrecy rule; figures on fewer households cannot be published.
 * - `minPopulation` 200: pockets are "a few hundred inhabitants" (DOMAIN.md §6); below 200 the
 *   area is a building or two and no longer a policy target (a QPV needs 1,000).
 * - `minCells` 1: local diagnoses cite single cells; a dense block fits in one 200 m square.
 * - `rankBy` poorHouseholds: programme 147 credits follow people in need, so the pocket with the
 *   most poor households comes first, not the one with the most extreme (often smallest) rate.
 */
export const DEFAULT_POCKET_PARAMS: Readonly<PocketParams> = Object.freeze({
  studyAreaShare: 0.5,
  qpvShare: 0.1,
  povertyRate: 0.3,
  relativeRate: null,
  maxLivingStandard: null,
  relativeLivingStandard: null,
  combine: 'any',
  minCellHouseholds: 5,
  neighbourhood: 8,
  minHouseholds: SECRECY_MIN_HOUSEHOLDS,
  minPopulation: 200,
  minCells: 1,
  rankBy: 'poorHouseholds',
});

/** A parameter out of its range; `parameter` names it, the message is French for users. */
export class PocketParamsError extends RequestError {
  constructor(message: string, public readonly parameter: keyof PocketParams) {
    super(message, 400, { parameter });
    this.name = 'PocketParamsError';
  }
}

/** Returns complete parameters (defaults filled in) after checking every range; throws PocketParamsError. */
export function resolvePocketParams(partial: Partial<PocketParams> = {}): PocketParams {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<PocketParams>;
  const p: PocketParams = { ...DEFAULT_POCKET_PARAMS, ...given };
  const share = (name: 'studyAreaShare' | 'qpvShare' | 'povertyRate', v: number) => {
    if (!(Number.isFinite(v) && v > 0 && v <= 1)) throw new PocketParamsError(`${name} doit être une part entre 0 (exclu) et 1, par exemple 0.3 pour 30 % (reçu : ${v}).`, name);
  };
  const positive = (name: keyof PocketParams, v: number) => {
    if (!(Number.isFinite(v) && v > 0)) throw new PocketParamsError(`${name} doit être un nombre strictement positif (reçu : ${v}).`, name);
  };
  const atLeast = (name: keyof PocketParams, v: number, min: number) => {
    if (!(Number.isFinite(v) && v >= min)) throw new PocketParamsError(`${name} doit être un nombre ≥ ${min} (reçu : ${v}).`, name);
  };
  share('studyAreaShare', p.studyAreaShare);
  share('qpvShare', p.qpvShare);
  if (p.povertyRate !== null) share('povertyRate', p.povertyRate);
  if (p.relativeRate !== null) positive('relativeRate', p.relativeRate);
  if (p.maxLivingStandard !== null) positive('maxLivingStandard', p.maxLivingStandard);
  if (p.relativeLivingStandard !== null) positive('relativeLivingStandard', p.relativeLivingStandard);
  if (p.povertyRate === null && p.relativeRate === null && p.maxLivingStandard === null && p.relativeLivingStandard === null) {
    throw new PocketParamsError('Aucun critère de repérage : indiquez au moins un seuil (povertyRate, relativeRate, maxLivingStandard ou relativeLivingStandard).', 'povertyRate');
  }
  if (p.combine !== 'any' && p.combine !== 'all') throw new PocketParamsError(`combine doit valoir "any" ou "all" (reçu : ${String(p.combine)}).`, 'combine');
  if (p.neighbourhood !== 4 && p.neighbourhood !== 8) throw new PocketParamsError(`neighbourhood doit valoir 4 ou 8 (reçu : ${String(p.neighbourhood)}).`, 'neighbourhood');
  atLeast('minCellHouseholds', p.minCellHouseholds, 0);
  if (!(Number.isFinite(p.minHouseholds) && p.minHouseholds >= SECRECY_MIN_HOUSEHOLDS)) {
    throw new PocketParamsError(`minHouseholds ne peut pas descendre sous ${SECRECY_MIN_HOUSEHOLDS} ménages (secret statistique) (reçu : ${p.minHouseholds}).`, 'minHouseholds');
  }
  atLeast('minPopulation', p.minPopulation, 0);
  if (!(Number.isInteger(p.minCells) && p.minCells >= 1)) throw new PocketParamsError(`minCells doit être un entier ≥ 1 (reçu : ${p.minCells}).`, 'minCells');
  if (!['poorHouseholds', 'population', 'povertyRate'].includes(p.rankBy)) {
    throw new PocketParamsError(`rankBy doit valoir "poorHouseholds", "population" ou "povertyRate" (reçu : ${String(p.rankBy)}).`, 'rankBy');
  }
  return p;
}

export interface PocketsInput {
  grids: CellGrid[];
  /** The study area in lonLat: communes' union, an EPCI, a département or a drawn polygon. */
  studyArea: Polygonal;
  /** Current QPV perimeters (cells mostly inside are left out; distances are measured to them). */
  qpvs: LoadedPerimeter[];
  /** Commune outlines, to name a cell's commune when the grid has no lcog_geo. */
  communes?: Commune[];
  /** Datasets read (cells, perimeters, communes), echoed in the provenance. */
  datasets?: DatasetRef[];
}

export interface PocketCommune {
  code: string;
  name: string | null;
  cells: number; // cells of the pocket in (or touching, with lcog_geo) this commune
}

export interface NearestQpv {
  code: string;
  name: string;
  distance: number; // metres, from the pocket's outline to the perimeter; 0 when they touch
}

export interface Pocket {
  rank: number; // 1 = first by params.rankBy
  cellIds: string[]; // INSEE ids, grid order (south to north, west to east)
  cells: number;
  population: number; // Σ ind
  households: number; // Σ men
  poorHouseholds: number; // Σ men_pauv
  povertyRate: number; // Σ men_pauv / Σ men
  meanLivingStandard: number | null; // Σ ind_snv / Σ ind, € per year; null when unknown
  socialHousingShare: number | null; // Σ log_soc / Σ men; null when the vintage lacks log_soc
  imputedCells: number;
  imputedShare: number; // share of the pocket's population living in imputed cells (0–1)
  communes: PocketCommune[]; // most cells first
  nearestQpv: NearestQpv | null;
  /** Share of the pocket's area inside current QPVs (cells under qpvShare may straddle a QPV line). */
  inQpvShare: number;
  centroid: [number, number]; // lonLat, centre of mass of the cells
  outline: Polygonal; // lonLat, the dissolved cells
  secret: false; // pockets always have ≥ 11 households; kept for a uniform schema with rejected clusters
}

export type RejectionReason = 'weakCell' | 'secret' | 'households' | 'isolated' | 'population';

export const REJECTION_LABELS: Record<RejectionReason, string> = {
  weakCell: 'Carreau pauvre mais trop peu de ménages pour être un indice fiable',
  secret: SECRECY_REASON,
  households: 'Trop peu de ménages',
  isolated: 'Trop peu de carreaux regroupés',
  population: "Trop peu d'habitants",
};

/** Flagged cells that made no pocket. Figures are null when withheld by secrecy. */
export interface RejectedCluster {
  reason: RejectionReason;
  reasonLabel: string; // French
  cellIds: string[];
  cells: number;
  secret: boolean;
  population: number | null;
  households: number | null;
  poorHouseholds: number | null;
  povertyRate: number | null;
  communes: PocketCommune[];
}

export interface StudyAreaSummary {
  cells: number; // cells counted in the study area (share ≥ studyAreaShare), QPV cells included
  inhabitants: number;
  households: number;
  poorHouseholds: number;
  rate: number | null; // poverty rate of the whole study area, QPVs included; null under secrecy
  meanLivingStandard: number | null; // € per year
  qpvCells: number; // cells left out as inside a QPV
  flaggedCells: number; // cells passing the thresholds (weak cells included)
  /** The thresholds as numbers, relative ones resolved against the study area. */
  thresholds: {
    povertyRate: number | null;
    relativePovertyRate: number | null;
    maxLivingStandard: number | null;
    relativeLivingStandard: number | null;
  };
}

export interface PocketsResult {
  parameters: PocketParams;
  studyArea: StudyAreaSummary;
  pockets: Pocket[];
  rejected: RejectedCluster[];
  provenance: Provenance;
}

/** Sums of the fields a pocket reports, over a set of cells; NaN marks a field missing somewhere. */
interface Sums {
  ind: number;
  men: number;
  menPauv: number;
  indSnv: number;
  logSoc: number;
  imputedInd: number;
  imputedCells: number;
}

function sumCells(grid: CellGrid, cells: ArrayLike<number>): Sums {
  const v = grid.values;
  const s: Sums = { ind: 0, men: 0, menPauv: 0, indSnv: 0, logSoc: 0, imputedInd: 0, imputedCells: 0 };
  for (let n = 0; n < cells.length; n++) {
    const k = cells[n];
    const ind = v.ind ? v.ind[k] : NaN;
    s.ind += ind;
    s.men += v.men ? v.men[k] : NaN;
    s.menPauv += v.men_pauv ? v.men_pauv[k] : NaN;
    s.indSnv += v.ind_snv ? v.ind_snv[k] : NaN;
    s.logSoc += v.log_soc ? v.log_soc[k] : NaN;
    if (grid.imputed[k]) {
      s.imputedInd += ind;
      s.imputedCells++;
    }
  }
  return s;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Splits lcog_geo into commune codes: "60175", "60175,60414" or INSEE's concatenated "6017560414". */
function parseLcog(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const token of value.split(/[\s,;|]+/)) {
    if (!token) continue;
    if (token.length > 5 && token.length % 5 === 0) for (let a = 0; a < token.length; a += 5) out.push(token.slice(a, a + 5));
    else out.push(token);
  }
  return out;
}

function ringContains(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let a = 0, b = ring.length - 1; a < ring.length; b = a++) {
    const [xa, ya] = ring[a];
    const [xb, yb] = ring[b];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

function polygonalContains(g: Polygonal, x: number, y: number): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) {
    if (!rings.length || !ringContains(rings[0], x, y)) continue;
    let inHole = false;
    for (let r = 1; r < rings.length && !inHole; r++) inHole = ringContains(rings[r], x, y);
    if (!inHole) return true;
  }
  return false;
}

/** Names the communes of a cell: lcog_geo when the grid has it, else the commune holding the cell centre. */
class CommuneNamer {
  private readonly names = new Map<string, string>();
  private readonly candidates: { commune: Commune; bbox: number[] }[];

  constructor(communes: Commune[], studyBbox: number[]) {
    for (const c of communes) this.names.set(c.code, c.name);
    this.candidates = communes.map((commune) => ({ commune, bbox: bboxOf(commune.geometry) })).filter((c) => bboxIntersects(c.bbox, studyBbox));
  }

  codesOf(grid: CellGrid, k: number): string[] {
    const fromFile = parseLcog(grid.communes?.[k]);
    if (fromFile.length) return fromFile;
    const s = grid.size;
    const [lon, lat] = converter(grid.epsg, WGS84)((grid.i[k] + 0.5) * s, (grid.j[k] + 0.5) * s);
    for (const { commune, bbox } of this.candidates) {
      if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) continue;
      if (polygonalContains(commune.geometry, lon, lat)) return [commune.code];
    }
    return [];
  }

  summarise(grid: CellGrid, cells: ArrayLike<number>): PocketCommune[] {
    const counts = new Map<string, number>();
    for (let n = 0; n < cells.length; n++) for (const code of this.codesOf(grid, cells[n])) counts.set(code, (counts.get(code) ?? 0) + 1);
    return [...counts]
      .map(([code, count]) => ({ code, name: this.names.get(code) ?? null, cells: count }))
      .sort((a, b) => b.cells - a.cells || a.code.localeCompare(b.code));
  }
}

/** Finds the QPV nearest to an outline, per metric CRS, pruning by bbox gaps before asking GEOS. */
class QpvDistances {
  private readonly byCrs = new Map<number, { qpv: LoadedPerimeter; bbox: number[] }[]>();

  constructor(qpvs: LoadedPerimeter[]) {
    for (const qpv of qpvs) {
      const list = this.byCrs.get(qpv.metricEpsg) ?? [];
      list.push({ qpv, bbox: bboxOf(qpv.metric) });
      this.byCrs.set(qpv.metricEpsg, list);
    }
  }

  nearest(outline: Polygonal, outlineEpsg: number): NearestQpv | null {
    let best: NearestQpv | null = null;
    for (const [epsg, list] of this.byCrs) {
      const metric = projectPolygonal(outline, outlineEpsg, epsg);
      const b = bboxOf(metric);
      const ordered = list
        .map((e) => ({ e, gap: Math.hypot(Math.max(0, e.bbox[0] - b[2], b[0] - e.bbox[2]), Math.max(0, e.bbox[1] - b[3], b[1] - e.bbox[3])) }))
        .sort((x, y) => x.gap - y.gap);
      for (const { e, gap } of ordered) {
        if (best && gap > best.distance) break;
        const d = geosDistance(metric, e.qpv.metric);
        if (!best || d < best.distance || (d === best.distance && e.qpv.code < best.code)) best = { code: e.qpv.code, name: e.qpv.name, distance: d };
      }
    }
    return best;
  }
}

// Shares come from outlines reprojected lonLat → grid CRS: a square exactly inside can read 0.9999999.
// 1e-6 of a 200 m square is 0.04 m², far below any outline's precision.
const SHARE_SLACK = 1e-6;

interface Candidate {
  grid: CellGrid;
  cells: Int32Array;
  sums: Sums;
  inQpvShare: number;
}

/**
 * Returns the poverty pockets of a study area (lonLat) from Filosofi cells: pockets ranked with
 * figures, lonLat outlines and distances in metres to the nearest QPV; the flagged cells that made
 * no pocket and why; the study area's own figures; every effective parameter. Call initGeos() first.
 */
export function povertyPockets(input: PocketsInput, partialParams: Partial<PocketParams> = {}): PocketsResult {
  const params = resolvePocketParams(partialParams);
  const studyBbox = bboxOf(input.studyArea);
  const qpvsNear = input.qpvs.filter((q) => q.bbox && bboxIntersects(q.bbox, studyBbox));
  const namer = new CommuneNamer(input.communes ?? [], studyBbox);

  // Pass 1: cells of the study area, their QPV share, and the study area's own figures.
  const perGrid = input.grids.map((grid) => {
    const inQpv = new Uint8Array(grid.count);
    const qpvShare = new Float64Array(grid.count);
    const aw = arealWeights(grid, projectPolygonal(input.studyArea, WGS84, grid.epsg));
    const areaCells: number[] = [];
    for (let n = 0; n < aw.index.length; n++) {
      if (aw.fraction[n] >= params.studyAreaShare - SHARE_SLACK) {
        areaCells.push(aw.index[n]);
      }
    }
    if (areaCells.length) {
      for (const q of qpvsNear) {
        const w = arealWeights(grid, projectPolygonal(q.geometry, WGS84, grid.epsg));
        for (let n = 0; n < w.index.length; n++) qpvShare[w.index[n]] += w.fraction[n];
      }
      // QPVs do not overlap, so summed shares stay ≤ 1 up to rounding.
      for (const k of areaCells) if (qpvShare[k] >= params.qpvShare - SHARE_SLACK) inQpv[k] = 1;
    }
    return { grid, inQpv, qpvShare, areaCells, sums: sumCells(grid, areaCells) };
  });

  const area = perGrid.reduce(
    (t, g) => ({ cells: t.cells + g.areaCells.length, ind: t.ind + g.sums.ind, men: t.men + g.sums.men, menPauv: t.menPauv + g.sums.menPauv, indSnv: t.indSnv + g.sums.indSnv }),
    { cells: 0, ind: 0, men: 0, menPauv: 0, indSnv: 0 },
  );
  const areaOpen = area.men >= SECRECY_MIN_HOUSEHOLDS;
  const areaRate = areaOpen && area.men > 0 ? area.menPauv / area.men : null;
  const areaLiving = areaOpen && area.ind > 0 ? finiteOrNull(area.indSnv / area.ind) : null;
  const thresholds = {
    povertyRate: params.povertyRate,
    relativePovertyRate: params.relativeRate !== null && areaRate !== null ? params.relativeRate * areaRate : null,
    maxLivingStandard: params.maxLivingStandard,
    relativeLivingStandard: params.relativeLivingStandard !== null && areaLiving !== null ? params.relativeLivingStandard * areaLiving : null,
  };
  // A relative test that cannot be resolved (study area under secrecy) fails rather than vanishes.
  const tests: ((rate: number, living: number) => boolean)[] = [];
  if (params.povertyRate !== null) tests.push((rate) => rate >= params.povertyRate!);
  if (params.relativeRate !== null) tests.push((rate) => thresholds.relativePovertyRate !== null && rate >= thresholds.relativePovertyRate);
  if (params.maxLivingStandard !== null) tests.push((_, living) => living <= params.maxLivingStandard!);
  if (params.relativeLivingStandard !== null) tests.push((_, living) => thresholds.relativeLivingStandard !== null && living <= thresholds.relativeLivingStandard);
  const flag = params.combine === 'any' ? (r: number, l: number) => tests.some((t) => t(r, l)) : (r: number, l: number) => tests.every((t) => t(r, l));

  // Pass 2: flag, cluster, measure.
  const kept: Candidate[] = [];
  const rejected: RejectedCluster[] = [];
  let qpvCells = 0;
  let flaggedCells = 0;
  const reject = (reason: RejectionReason, grid: CellGrid, cells: ArrayLike<number>, sums: Sums) => {
    const secret = !(sums.men >= SECRECY_MIN_HOUSEHOLDS);
    rejected.push({
      reason,
      reasonLabel: REJECTION_LABELS[reason],
      cellIds: Array.from(cells, (k) => cellId(grid, k)),
      cells: cells.length,
      secret,
      population: secret ? null : sums.ind,
      households: secret ? null : sums.men,
      poorHouseholds: secret ? null : sums.menPauv,
      povertyRate: secret ? null : sums.menPauv / sums.men,
      communes: namer.summarise(grid, cells),
    });
  };

  for (const { grid, inQpv, qpvShare, areaCells } of perGrid) {
    const v = grid.values;
    if (!v.men || !v.men_pauv || !v.ind) continue;
    const selected = new Uint8Array(grid.count);
    for (const k of areaCells) {
      if (inQpv[k]) {
        qpvCells++;
        continue;
      }
      const men = v.men[k];
      if (!(men > 0)) continue;
      const ind = v.ind[k];
      const living = v.ind_snv && ind > 0 ? v.ind_snv[k] / ind : NaN;
      if (!flag(v.men_pauv[k] / men, living)) continue;
      flaggedCells++;
      if (men >= params.minCellHouseholds) selected[k] = 1;
      else reject('weakCell', grid, [k], sumCells(grid, [k]));
    }
    for (const cells of clusterMembers(cellClusters(grid, selected, params.neighbourhood))) {
      const sums = sumCells(grid, cells);
      if (!(sums.men >= params.minHouseholds)) reject(sums.men >= SECRECY_MIN_HOUSEHOLDS ? 'households' : 'secret', grid, cells, sums);
      else if (cells.length < params.minCells) reject('isolated', grid, cells, sums);
      else if (!(sums.ind >= params.minPopulation)) reject('population', grid, cells, sums);
      else {
        let overlap = 0;
        for (const k of cells) overlap += Math.min(1, qpvShare[k]);
        kept.push({ grid, cells, sums, inQpvShare: overlap / cells.length });
      }
    }
  }

  const distances = new QpvDistances(input.qpvs);
  const pockets: Pocket[] = kept.map(({ grid, cells, sums, inQpvShare }) => {
    const outlineGrid = coverageUnion(Array.from(cells, (k) => cellSquare(grid, k)));
    if (!outlineGrid) throw new Error('coverageUnion returned an empty outline for a non-empty pocket');
    let cx = 0, cy = 0;
    for (const k of cells) {
      cx += grid.i[k] + 0.5;
      cy += grid.j[k] + 0.5;
    }
    const centroid = converter(grid.epsg, WGS84)((cx / cells.length) * grid.size, (cy / cells.length) * grid.size);
    return {
      rank: 0,
      cellIds: Array.from(cells, (k) => cellId(grid, k)),
      cells: cells.length,
      population: sums.ind,
      households: sums.men,
      poorHouseholds: sums.menPauv,
      povertyRate: sums.menPauv / sums.men,
      meanLivingStandard: sums.ind > 0 ? finiteOrNull(sums.indSnv / sums.ind) : null,
      socialHousingShare: finiteOrNull(sums.logSoc / sums.men),
      imputedCells: sums.imputedCells,
      imputedShare: sums.ind > 0 ? sums.imputedInd / sums.ind : 0,
      communes: namer.summarise(grid, cells),
      nearestQpv: distances.nearest(outlineGrid, grid.epsg),
      inQpvShare,
      centroid,
      outline: projectPolygonal(outlineGrid, grid.epsg, WGS84),
      secret: false,
    };
  });

  const key: Record<PocketRankBy, (p: Pocket) => number> = {
    poorHouseholds: (p) => p.poorHouseholds,
    population: (p) => p.population,
    povertyRate: (p) => p.povertyRate,
  };
  const primary = key[params.rankBy];
  pockets.sort((a, b) => primary(b) - primary(a) || b.poorHouseholds - a.poorHouseholds || b.population - a.population || a.cellIds[0].localeCompare(b.cellIds[0]));
  pockets.forEach((p, n) => (p.rank = n + 1));
  const reasonOrder: RejectionReason[] = ['population', 'isolated', 'households', 'secret', 'weakCell'];
  rejected.sort((a, b) => reasonOrder.indexOf(a.reason) - reasonOrder.indexOf(b.reason) || a.cellIds[0].localeCompare(b.cellIds[0]));

  return {
    parameters: params,
    studyArea: {
      cells: area.cells,
      inhabitants: area.ind,
      households: area.men,
      poorHouseholds: area.menPauv,
      rate: areaRate,
      meanLivingStandard: areaLiving,
      qpvCells,
      flaggedCells,
      thresholds,
    },
    pockets,
    rejected,
    provenance: { datasets: input.datasets ?? [], parameters: { ...params } },
  };
}

const pct = (x: number) => new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(x);
const num = (x: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(x);
const euros = (x: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(x);

/**
 * Returns the rule as a French sentence for map legends and exports, e.g. "Poches de pauvreté :
 * carreaux hors QPV (moins de 10 % de leur surface en QPV) dont le taux de pauvreté ≥ 30 %, regroupés (8 voisins), ≥ 200 habitants et
 * ≥ 11 ménages — Filosofi 2017". Relative thresholds are shown with their value when `studyArea` is given.
 */
export function describePocketParams(params: PocketParams, opts: { vintage?: string | null; studyArea?: StudyAreaSummary } = {}): string {
  const t = opts.studyArea?.thresholds;
  const tests: string[] = [];
  if (params.povertyRate !== null) tests.push(`le taux de pauvreté ≥ ${pct(params.povertyRate)}`);
  if (params.relativeRate !== null) {
    const resolved = t?.relativePovertyRate != null ? ` (${pct(t.relativePovertyRate)})` : '';
    tests.push(`le taux de pauvreté ≥ ${num(params.relativeRate)} × celui de la zone d'étude${resolved}`);
  }
  if (params.maxLivingStandard !== null) tests.push(`le niveau de vie moyen ≤ ${euros(params.maxLivingStandard)}`);
  if (params.relativeLivingStandard !== null) {
    const resolved = t?.relativeLivingStandard != null ? ` (${euros(t.relativeLivingStandard)})` : '';
    tests.push(`le niveau de vie moyen ≤ ${num(params.relativeLivingStandard)} × celui de la zone d'étude${resolved}`);
  }
  const joined = tests.length === 1 ? tests[0] : tests.slice(0, -1).join(', ') + (params.combine === 'any' ? ' ou ' : ' et ') + tests[tests.length - 1];
  const extras: string[] = [];
  if (params.minCellHouseholds !== DEFAULT_POCKET_PARAMS.minCellHouseholds) extras.push(`carreaux d'au moins ${num(params.minCellHouseholds)} ménages`);
  if (params.studyAreaShare !== DEFAULT_POCKET_PARAMS.studyAreaShare) extras.push(`retenus dès ${pct(params.studyAreaShare)} dans la zone d'étude`);
  if (params.minCells !== DEFAULT_POCKET_PARAMS.minCells) extras.push(`≥ ${params.minCells} carreaux`);
  const extra = extras.length ? ` (${extras.join(', ')})` : '';
  const source = opts.vintage ? ` — Filosofi ${opts.vintage}` : '';
  return `Poches de pauvreté : carreaux hors QPV (moins de ${pct(params.qpvShare)} de leur surface en QPV) dont ${joined}${extra}, regroupés (${params.neighbourhood} voisins), ≥ ${num(params.minPopulation)} habitants et ≥ ${num(params.minHouseholds)} ménages${source}`;
}
