// Use case behind GET /api/changes and `qpv-atlas compare`: picks the two perimeter sets and one
// Filosofi vintage from the workspace, narrows to the requested quartiers, runs perimeterChanges.
import type { Workspace, PerimeterSet, CellSet } from './workspace.ts';
import type { LoadedPerimeter, Provenance } from '../domain/model.ts';
import type { CommonCoverage } from '../domain/commonCoverage.ts';
import { comparableSets } from './comparableSets.ts';
import {
  changesNeighbourhood, changesToGeoJSON, DEFAULT_MIN_SUCCESSOR_SHARE, DEFAULT_TOLERANCE_M, initGeos, perimeterChanges,
  type ChangesResult,
} from '../domain/perimeterChanges.ts';
import { RequestError } from '../domain/requestError.ts';
import { vintageNotLoaded } from './vintages.ts';

export interface CompareParams {
  from: string;
  to: string;
  fromVersion?: string;
  toVersion?: string;
  code?: string; // a 2015 or 2024 code: its change group only
  commune?: string;
  departement?: string;
  vintage?: string; // Filosofi vintage; default the newest ingested (none → areas only)
  tolerance?: number; // metres
}

/** Bad (400) or unavailable (404) input; the API sends its status, the CLI exits 2. */
export class CompareError extends RequestError {
  constructor(message: string, status: 400 | 404, details: unknown = null) {
    super(message, status, details);
    this.name = 'CompareError';
  }
}

export interface CompareOutput {
  result: ChangesResult;
  fromSet: PerimeterSet;
  toSet: PerimeterSet;
  cells: CellSet | null;
  coverage: CommonCoverage; // régions both generations cover; the others are left out
  coverageNote: string | null; // French sentence when quartiers were left out
  provenance: Provenance;
}

const setLabel = (s: PerimeterSet) => `${s.generation}${s.version ? ` (version ${s.version})` : ''}`;

/** Returns the comparison of two perimeter sets of the workspace (zones in lonLat and Lambert-93/UTM). */
export async function compareGenerations(ws: Workspace, params: CompareParams): Promise<CompareOutput> {
  const tolerance = params.tolerance ?? DEFAULT_TOLERANCE_M;
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 200) {
    throw new CompareError(`Tolérance invalide : ${params.tolerance} m (attendu : entre 0 et 200 m).`, 400, { tolerance: params.tolerance });
  }
  const fromSet = ws.perimeterSet(params.from, params.fromVersion);
  const toSet = ws.perimeterSet(params.to, params.toVersion);
  if (!fromSet || !toSet) {
    const missing = [
      !fromSet ? `${params.from}${params.fromVersion ? ` (version ${params.fromVersion})` : ''}` : null,
      !toSet ? `${params.to}${params.toVersion ? ` (version ${params.toVersion})` : ''}` : null,
    ].filter(Boolean);
    const available = ws.perimeterSets().map(setLabel);
    throw new CompareError(
      `Génération de périmètres non chargée : ${missing.join(' et ')}. Disponibles : ${available.length ? available.join(', ') : 'aucune'}.`,
      404,
      { missing, available },
    );
  }
  const cells = ws.cells(params.vintage);
  if (params.vintage && !cells) {
    const { message, details } = vintageNotLoaded(ws, params.vintage);
    throw new CompareError(message, 404, details);
  }
  const filtered = !!(params.code || params.commune || params.departement);
  const seed = (p: LoadedPerimeter) =>
    (!params.code || p.code === params.code) &&
    (!params.commune || p.communes.includes(params.commune)) &&
    (!params.departement || p.departement === params.departement);
  // Only where both generations were loaded (by région): elsewhere every quartier would look new or removed.
  const scope = comparableSets(fromSet, toSet, []);
  const coverage = scope.coverage;
  let from = scope.from.items;
  let to = scope.to.items;
  if (filtered) {
    if (!from.some(seed) && !to.some(seed)) {
      throw new CompareError('Aucun quartier ne correspond au filtre (code, commune ou département) dans les deux générations.', 404, {
        code: params.code ?? null, commune: params.commune ?? null, departement: params.departement ?? null,
      });
    }
    ({ from, to } = changesNeighbourhood(from, to, seed));
  }
  await initGeos();
  const result = perimeterChanges(from, to, { tolerance, grids: cells?.grids, focus: filtered ? seed : undefined });
  return {
    result, fromSet, toSet, cells, coverage, coverageNote: scope.note,
    provenance: {
      datasets: [...fromSet.refs, ...toSet.refs, ...(cells ? cells.refs : [])],
      parameters: {
        from: fromSet.generation, fromVersion: fromSet.version, to: toSet.generation, toVersion: toSet.version,
        code: params.code ?? null, commune: params.commune ?? null, departement: params.departement ?? null,
        vintage: cells?.vintage ?? null, tolerance, minSuccessorShare: DEFAULT_MIN_SUCCESSOR_SHARE, regionsCompared: coverage.regions,
        method: 'gagné = nouveau − ancien au-delà de la tolérance, sans liserés plus fins que la tolérance ; comptages Filosofi par pondération surfacique, un seul millésime pour les deux générations',
      },
    },
  };
}

/** The JSON body of GET /api/changes: summary, quartiers, totals, zones (GeoJSON lonLat), provenance. */
export function changesResponse(out: CompareOutput) {
  const r = out.result;
  return {
    summary: {
      from: setLabel(out.fromSet), to: setLabel(out.toSet), counts: r.counts, totals: r.totals.all,
      letterDisagreements: r.letterDisagreements, repaired: r.repaired,
      coverageNote: out.coverageNote, leftOut: out.coverage.leftOut,
    },
    quartiers: r.quartiers,
    totals: { communes: r.totals.communes, epcis: r.totals.epcis, departements: r.totals.departements },
    zones: changesToGeoJSON(r),
    provenance: out.provenance,
  };
}

/** One flat row per change group, for CSV exports; `hors_donnees_*` and `couverture_*` (0..1) say where the counts are unknown or partial. */
export function changesRows(r: ChangesResult): Record<string, unknown>[] {
  return r.quartiers.map((q) => ({
    classe: q.class,
    codes_avant: q.from.map((f) => f.code).join(', '),
    noms_avant: q.from.map((f) => f.name).join(' ; '),
    codes_apres: q.to.map((t) => t.code).join(', '),
    noms_apres: q.to.map((t) => t.name).join(' ; '),
    lettre_anct: q.to.map((t) => t.letter ?? '').join(', '),
    communes: [...new Set([...q.to, ...q.from].flatMap((x) => x.communes))].join(', '),
    part_ancien_couverte: q.overlaps.length === 1 ? round3(q.overlaps[0].shareOfFrom) : null,
    part_nouveau_couverte: q.overlaps.length === 1 ? round3(q.overlaps[0].shareOfTo) : null,
    gagne_ha: q.gained.areaHa, perdu_ha: q.lost.areaHa, conserve_ha: q.kept.areaHa,
    gagne_ind: q.gained.ind, perdu_ind: q.lost.ind, conserve_ind: q.kept.ind,
    gagne_men: q.gained.men, perdu_men: q.lost.men,
    gagne_men_pauv: q.gained.men_pauv, perdu_men_pauv: q.lost.men_pauv,
    gagne_men_fmp: q.gained.men_fmp, perdu_men_fmp: q.lost.men_fmp,
    gagne_log_soc: q.gained.log_soc, perdu_log_soc: q.lost.log_soc,
    secret_gagne: q.gained.secret, secret_perdu: q.lost.secret,
    // Outside the loaded cells' extent the counts are unknown (or partial), which secrecy does not say.
    hors_donnees_gagne: q.gained.noData, hors_donnees_perdu: q.lost.noData, hors_donnees_conserve: q.kept.noData,
    couverture_gagne: round4(q.gained.coverage), couverture_perdu: round4(q.lost.coverage), couverture_conserve: round4(q.kept.coverage),
  }));
}

function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10000) / 10000;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
