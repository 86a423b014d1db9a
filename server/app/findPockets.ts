// Use case behind GET/POST /api/pockets and `qpv-atlas pockets`: picks the study area (communes,
// EPCI, département or a drawn polygon), the Filosofi vintage and the current QPV generation from
// the workspace, runs povertyPockets, and shapes the result as JSON, GeoJSON or CSV rows.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Workspace, CellSet, PerimeterSet } from './workspace.ts';
import type { Commune, Polygonal, Provenance } from '../domain/model.ts';
import { bboxOf } from '../domain/project.ts';
import { RequestError, type RequestErrorStatus } from '../domain/requestError.ts';
import { vintageNotLoaded } from './vintages.ts';
import { initGeos, makeValid, validityReason } from '../domain/geometry/geos.ts';
import { studyAreaFromCommunes } from '../domain/studyArea.ts';
import {
  PocketParamsError, describePocketParams, povertyPockets, resolvePocketParams,
  type PocketParams, type PocketsResult, type Pocket,
} from '../domain/povertyPockets.ts';

/** Bad (status 400/422) or unavailable (404) input; adapters map it to HTTP errors or CLI errors. */
export class PocketsError extends RequestError {
  constructor(message: string, status: RequestErrorStatus, details: unknown = null) {
    super(message, status, details);
    this.name = 'PocketsError';
  }
}

export interface PocketsRequest {
  communes?: string[];
  epci?: string;
  departement?: string;
  /** A drawn study area, lonLat (GeoJSON Polygon/MultiPolygon, Feature or FeatureCollection of them). */
  polygon?: unknown;
  vintage?: string;
  generation?: string; // QPV generation the pockets lie outside of; default '2024'
  version?: string;
  params?: Partial<PocketParams>;
}

export interface PocketsOutput {
  result: PocketsResult;
  legend: string; // the rule as a French sentence
  studyAreaCommunes: { code: string; name: string }[];
  warnings: string[];
  cells: CellSet;
  perimeters: PerimeterSet;
  provenance: Provenance;
}

/** Parameter names accepted from query strings and CLI options, with how to read them. */
const NUMERIC: (keyof PocketParams)[] = ['studyAreaShare', 'qpvShare', 'minCellHouseholds', 'minHouseholds', 'minPopulation', 'minCells'];
const NULLABLE: (keyof PocketParams)[] = ['povertyRate', 'relativeRate', 'maxLivingStandard', 'relativeLivingStandard'];
export const POCKET_PARAM_NAMES: (keyof PocketParams)[] = [...NULLABLE, ...NUMERIC, 'combine', 'neighbourhood', 'rankBy'];
const OFF = new Set(['off', 'non', 'none', 'aucun', 'null']);

/**
 * Returns pocket parameters from strings (query or CLI): "0.3", "0,3" and "30%" are the same rate;
 * "off" disables a threshold; absent names keep their defaults. Throws PocketsError (400) naming the parameter.
 */
export function pocketParamsFromStrings(values: Record<string, string | undefined>): Partial<PocketParams> {
  const out: Record<string, unknown> = {};
  for (const name of POCKET_PARAM_NAMES) {
    const raw = values[name]?.trim();
    if (raw === undefined || raw === '') continue;
    if (name === 'combine' || name === 'rankBy') {
      out[name] = raw;
      continue;
    }
    if (NULLABLE.includes(name) && OFF.has(raw.toLowerCase())) {
      out[name] = null;
      continue;
    }
    const percent = raw.endsWith('%');
    const v = Number((percent ? raw.slice(0, -1) : raw).trim().replace(',', '.'));
    if (!Number.isFinite(v) || (percent && name !== 'povertyRate' && !name.endsWith('Share'))) {
      throw new PocketsError(`Paramètre « ${name} » invalide : « ${raw} » (attendu : un nombre${NULLABLE.includes(name) ? ' ou « off »' : ''}).`, 400, { parameter: name, value: raw });
    }
    out[name] = percent ? v / 100 : v;
  }
  try {
    resolvePocketParams(out as Partial<PocketParams>); // checks ranges; only the given values are returned
  } catch (e) {
    if (e instanceof PocketParamsError) throw new PocketsError(e.message, 400, { parameter: e.parameter });
    throw e;
  }
  return out as Partial<PocketParams>;
}

/** Returns a lonLat polygonal geometry from a drawn GeoJSON input (repaired when invalid), or throws PocketsError. */
export function drawnStudyArea(input: unknown, warnings: string[] = []): Polygonal {
  const polys: Position[][][] = [];
  const take = (g: Geometry | null | undefined) => {
    if (!g) return;
    if (g.type === 'Polygon') polys.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polys.push(...g.coordinates);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(take);
    else throw new PocketsError(`Zone d'étude : géométrie ${g.type} refusée, un polygone est attendu.`, 422, { type: g.type });
  };
  const obj = input as { type?: string; geometry?: Geometry; features?: Feature[] } | null;
  if (!obj || typeof obj !== 'object' || typeof obj.type !== 'string') {
    throw new PocketsError("Zone d'étude : GeoJSON attendu (Polygon, MultiPolygon, Feature ou FeatureCollection).", 400);
  }
  if (obj.type === 'FeatureCollection') (obj.features ?? []).forEach((f) => take(f?.geometry));
  else if (obj.type === 'Feature') take(obj.geometry);
  else take(obj as Geometry);
  if (!polys.length) throw new PocketsError("Zone d'étude vide : aucun polygone dans le GeoJSON reçu.", 422);
  for (const poly of polys) for (const ring of poly) {
    if (!Array.isArray(ring) || ring.length < 4) throw new PocketsError("Zone d'étude : anneau de moins de 4 points.", 422);
    for (const pt of ring) {
      const [x, y] = pt as number[];
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
        throw new PocketsError(
          `Zone d'étude : coordonnée hors des degrés WGS84 (${x}, ${y}). Le GeoJSON doit être en longitude/latitude (RFC 7946), pas en Lambert-93.`,
          422, { coordinate: pt },
        );
      }
    }
  }
  let g: Polygonal = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  const reason = validityReason(g);
  if (reason) {
    const fixed = makeValid(g);
    if (!fixed) throw new PocketsError(`Zone d'étude invalide et irréparable : ${reason}.`, 422, { reason });
    warnings.push(`Zone d'étude réparée (${reason}).`);
    g = fixed;
  }
  return g;
}

/** Returns the pockets of the requested study area, with the legend sentence and provenance. */
export async function findPockets(ws: Workspace, req: PocketsRequest): Promise<PocketsOutput> {
  await initGeos();
  let params: PocketParams;
  try {
    params = resolvePocketParams(req.params ?? {});
  } catch (e) {
    if (e instanceof PocketParamsError) throw new PocketsError(e.message, 400, { parameter: e.parameter });
    throw e;
  }
  const warnings: string[] = [];
  const byCommunes = !!(req.communes?.length || req.epci || req.departement);
  if (byCommunes && req.polygon !== undefined) {
    throw new PocketsError("Indiquez la zone d'étude soit par communes (communes, epci, departement), soit par un polygone dessiné, pas les deux.", 400);
  }
  if (!byCommunes && req.polygon === undefined) {
    throw new PocketsError("Zone d'étude manquante : indiquez communes=60175,60159 (ou epci=, departement=) ou envoyez un polygone.", 400);
  }

  const generation = req.generation ?? '2024';
  const perimeters = ws.perimeterSet(generation, req.version);
  if (!perimeters) {
    const available = ws.perimeterSets().map((s) => s.generation + (s.version ? ` (version ${s.version})` : ''));
    throw new PocketsError(
      `Périmètres QPV ${generation}${req.version ? ` (version ${req.version})` : ''} non chargés : impossible de savoir quels carreaux sont hors QPV. Disponibles : ${available.join(', ') || 'aucun'}.`,
      404, { generation, version: req.version ?? null, available },
    );
  }
  const cells = ws.cells(req.vintage);
  if (!cells) {
    if (req.vintage) {
      const { message, details } = vintageNotLoaded(ws, req.vintage);
      throw new PocketsError(message, 404, details);
    }
    throw new PocketsError('Aucun carroyage Filosofi chargé.', 404, { vintage: null });
  }

  const communes = ws.communes();
  let studyArea: Polygonal;
  let chosen: Commune[] = [];
  if (byCommunes) {
    const sel = studyAreaFromCommunes(communes.items, { communes: req.communes, epci: req.epci, departement: req.departement });
    if (sel.unknown.length) {
      throw new PocketsError(
        `Commune${sel.unknown.length > 1 ? 's' : ''} inconnue${sel.unknown.length > 1 ? 's' : ''} : ${sel.unknown.join(', ')} (code INSEE absent des contours de communes chargés).`,
        400, { unknown: sel.unknown },
      );
    }
    if (!sel.area) {
      const what = [req.epci ? `EPCI ${req.epci}` : null, req.departement ? `département ${req.departement}` : null].filter(Boolean).join(', ');
      throw new PocketsError(`Aucune commune chargée pour : ${what}.`, 404, { epci: req.epci ?? null, departement: req.departement ?? null });
    }
    studyArea = sel.area;
    chosen = sel.communes;
  } else {
    studyArea = drawnStudyArea(req.polygon, warnings);
  }

  const areaBbox = bboxOf(studyArea);
  const result = povertyPockets({
    grids: cells.grids,
    studyArea,
    qpvs: perimeters.items,
    communes: communes.items,
    datasets: [...cells.refs, ...perimeters.refs, ...communes.refs],
  }, params);
  if (result.studyArea.cells === 0) {
    throw new PocketsError(
      `Aucun carreau Filosofi ${cells.vintage} ne couvre la zone d'étude (au moins ${Math.round(params.studyAreaShare * 100)} % du carreau dedans).`,
      404, { vintage: cells.vintage, bbox: areaBbox },
    );
  }
  const legend = describePocketParams(params, { vintage: cells.vintage, studyArea: result.studyArea });
  const provenance: Provenance = {
    datasets: result.provenance.datasets,
    parameters: {
      ...params,
      vintage: cells.vintage, generation: perimeters.generation, version: perimeters.version,
      studyArea: byCommunes
        ? { communes: chosen.map((c) => c.code), epci: req.epci ?? null, departement: req.departement ?? null }
        : { polygon: true, bbox: areaBbox },
      legend,
    },
  };
  return {
    result, legend, warnings, cells, perimeters, provenance,
    studyAreaCommunes: chosen.map((c) => ({ code: c.code, name: c.name })),
  };
}

const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const round6 = (rings: Position[][]) => rings.map((ring) => ring.map(([x, y]) => [r6(x), r6(y)]));

/** A pocket's figures as published in both the GeoJSON and the CSV: people to 0.1, shares to 4 decimals, euros and metres whole, lonLat to 6 decimals. */
function publishedFigures(p: Pocket) {
  return {
    population: r1(p.population),
    households: r1(p.households),
    poorHouseholds: r1(p.poorHouseholds),
    povertyRate: r4(p.povertyRate),
    meanLivingStandard: p.meanLivingStandard === null ? null : Math.round(p.meanLivingStandard),
    socialHousingShare: r4(p.socialHousingShare),
    imputedShare: r4(p.imputedShare),
    nearestQpvDistance: p.nearestQpv ? Math.round(p.nearestQpv.distance) : null,
    inQpvShare: r4(p.inQpvShare),
    lon: r6(p.centroid[0]),
    lat: r6(p.centroid[1]),
  };
}

/** Returns a French one-line label of a pocket for map pop-ups, e.g. "Poche n° 1 : 886 habitants, 34,2 % de ménages pauvres". */
export function pocketLabel(p: Pocket): string {
  const n = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(p.population);
  const pct = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(p.povertyRate);
  return `Poche n° ${p.rank} : ${n} habitants, ${pct} de ménages pauvres`;
}

/** Returns the pockets as a GeoJSON FeatureCollection (lonLat outlines, flat properties), with the legend and provenance as foreign members. */
export function pocketsToGeoJSON(result: PocketsResult, legend: string, provenance?: Provenance): FeatureCollection & { legend: string; provenance?: Provenance } {
  return {
    type: 'FeatureCollection',
    legend,
    ...(provenance ? { provenance } : {}),
    features: result.pockets.map((p) => {
      const f = publishedFigures(p);
      return {
        type: 'Feature',
        id: p.rank,
        geometry: p.outline.type === 'Polygon'
          ? { type: 'Polygon', coordinates: round6(p.outline.coordinates) }
          : { type: 'MultiPolygon', coordinates: p.outline.coordinates.map(round6) },
        properties: {
          rank: p.rank,
          label: pocketLabel(p),
          cells: p.cells,
          cellIds: p.cellIds.join(' '),
          population: f.population,
          households: f.households,
          poorHouseholds: f.poorHouseholds,
          povertyRate: f.povertyRate,
          meanLivingStandard: f.meanLivingStandard,
          socialHousingShare: f.socialHousingShare,
          imputedCells: p.imputedCells,
          imputedShare: f.imputedShare,
          communes: p.communes.map((c) => c.code).join(','),
          communeNames: p.communes.map((c) => c.name ?? c.code).join(', '),
          nearestQpv: p.nearestQpv?.code ?? null,
          nearestQpvName: p.nearestQpv?.name ?? null,
          nearestQpvDistance: f.nearestQpvDistance,
          inQpvShare: f.inQpvShare,
          centroidLon: f.lon,
          centroidLat: f.lat,
          secret: p.secret,
        },
      };
    }),
  };
}

/** Columns of the pockets CSV, so that an empty result still has its header line. */
export const POCKET_CSV_COLUMNS = [
  'rang', 'nb_carreaux', 'population', 'menages', 'menages_pauvres', 'taux_pauvrete', 'niveau_vie_moyen', 'part_logement_social',
  'part_population_imputee', 'carreaux_imputes', 'communes', 'qpv_plus_proche', 'nom_qpv_plus_proche', 'distance_qpv_m',
  'part_surface_en_qpv', 'longitude', 'latitude', 'carreaux',
];

/** One flat row per pocket, French column names (POCKET_CSV_COLUMNS), for CSV exports. */
export function pocketRows(result: PocketsResult): Record<string, unknown>[] {
  return result.pockets.map((p) => {
    const f = publishedFigures(p);
    return {
      rang: p.rank,
      nb_carreaux: p.cells,
      population: f.population,
      menages: f.households,
      menages_pauvres: f.poorHouseholds,
      taux_pauvrete: f.povertyRate,
      niveau_vie_moyen: f.meanLivingStandard,
      part_logement_social: f.socialHousingShare,
      part_population_imputee: f.imputedShare,
      carreaux_imputes: p.imputedCells,
      communes: p.communes.map((c) => (c.name ? `${c.code} ${c.name}` : c.code)).join(', '),
      qpv_plus_proche: p.nearestQpv?.code ?? null,
      nom_qpv_plus_proche: p.nearestQpv?.name ?? null,
      distance_qpv_m: f.nearestQpvDistance,
      part_surface_en_qpv: f.inQpvShare,
      longitude: f.lon,
      latitude: f.lat,
      carreaux: p.cellIds.join(' '),
    };
  });
}

/** The JSON body of /api/pockets: legend, study area, pockets (GeoJSON), rejected cells, parameters, provenance. */
export function pocketsResponse(out: PocketsOutput) {
  const { result } = out;
  return {
    legend: out.legend,
    studyArea: { ...result.studyArea, communes: out.studyAreaCommunes },
    pockets: pocketsToGeoJSON(result, out.legend),
    rejected: result.rejected,
    parameters: result.parameters,
    warnings: out.warnings,
    provenance: out.provenance,
  };
}
