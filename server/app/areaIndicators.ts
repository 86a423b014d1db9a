// Indicators requests as the API and the CLI make them: find the perimeter / commune / drawn area
// and the cells in the workspace, validate input, compute, and attach labels and provenance.
import type { CellSet, Workspace } from './workspace.ts';
import type { DatasetRef, Polygonal, Provenance } from '../domain/model.ts';
import { CELL_FIELDS } from '../domain/model.ts';
import { indicatorsForArea, type AreaIndicators, type IndicatorMode } from '../domain/indicators.ts';
import { indicatorsForCommuneRest } from '../domain/communeIndicators.ts';
import { indicatorLabels } from '../domain/indicatorLabels.ts';
import { initGeos, validityReason } from '../domain/geometry/geos.ts';
import { bboxOf } from '../domain/project.ts';
import { COVERAGE_NONE } from '../domain/cellCoverage.ts';
import { RequestError, type RequestErrorStatus } from '../domain/requestError.ts';
import { vintageNotLoaded } from './vintages.ts';

/** A request that cannot be answered; `status` is the HTTP status the API sends (the CLI exits 2). */
export class IndicatorsError extends RequestError {
  constructor(message: string, status: RequestErrorStatus, details: unknown = null) {
    super(message, status, details);
    this.name = 'IndicatorsError';
  }
}

export interface IndicatorsQuery {
  vintage?: string;
  mode?: IndicatorMode;
  generation?: string;
  version?: string;
}

export interface AreaDescription {
  kind: 'perimeter' | 'geometry' | 'commune' | 'qpvs-in-commune' | 'rest-of-commune';
  code: string | null;
  name: string | null;
  generation: string | null;
  version: string | null;
  communes: string[];
}

export interface IndicatorsResponse {
  area: AreaDescription;
  indicators: AreaIndicators;
  warnings: string[]; // French
  labels: ReturnType<typeof indicatorLabels>;
  provenance: Provenance;
}

export interface CommuneIndicatorsResponse {
  area: AreaDescription;
  commune: AreaIndicators;
  qpvs: AreaIndicators | null; // the QPVs' parts inside the commune, together
  rest: AreaIndicators | null; // the commune minus its QPVs
  restGeometry: Polygonal | null; // lonLat
  quartiers: { area: AreaDescription; indicators: AreaIndicators }[]; // each whole perimeter
  warnings: string[];
  labels: ReturnType<typeof indicatorLabels>;
  provenance: Provenance;
}

/** Largest drawn area accepted: vertices, and extent in degrees (about 150 km). */
export const MAX_VERTICES = 100_000;
export const MAX_EXTENT_DEG = 2;

/** Returns the indicators of a QPV perimeter of the workspace (newest version of its generation by default). */
export async function perimeterIndicators(ws: Workspace, code: string, q: IndicatorsQuery = {}): Promise<IndicatorsResponse> {
  const cells = cellsOf(ws, q.vintage);
  const sets = q.generation ? [ws.perimeterSet(q.generation, q.version)].filter((s) => s !== null) : ws.perimeterSets();
  if (q.generation && sets.length === 0) throw new IndicatorsError(`Génération de périmètres « ${q.generation} »${q.version ? ` (version ${q.version})` : ''} absente des données chargées.`, 404, { generation: q.generation, version: q.version ?? null });
  for (const set of sets) {
    const p = set.items.find((x) => x.code.toUpperCase() === code.toUpperCase());
    if (!p) continue;
    const { indicators, extraRefs } = await compute(ws, cells, p.geometry, q.mode);
    return {
      area: { kind: 'perimeter', code: p.code, name: p.name, generation: set.generation, version: set.version, communes: p.communes },
      indicators,
      warnings: warningsFor(indicators, cells),
      labels: indicatorLabels(),
      provenance: provenance([cells.ref, set.ref, ...extraRefs], q, cells, set.generation, set.version),
    };
  }
  throw new IndicatorsError(`Quartier « ${code} » introuvable${q.generation ? ` dans la génération ${q.generation}` : ''}.`, 404, { code, generation: q.generation ?? null });
}

/** Returns the indicators of a drawn area (GeoJSON Polygon/MultiPolygon or Feature, WGS84); validates it first. */
export async function geometryIndicators(ws: Workspace, input: unknown, q: IndicatorsQuery = {}): Promise<IndicatorsResponse> {
  const cells = cellsOf(ws, q.vintage);
  const area = await validateAreaLonLat(input);
  const { indicators, extraRefs } = await compute(ws, cells, area, q.mode);
  return {
    area: { kind: 'geometry', code: null, name: null, generation: null, version: null, communes: [] },
    indicators,
    warnings: warningsFor(indicators, cells),
    labels: indicatorLabels(),
    provenance: provenance([cells.ref, ...extraRefs], q, cells, null, null),
  };
}

/** Returns the indicators of a commune, of its QPVs (clipped to it), of the rest, and of each of its QPVs. */
export async function communeIndicators(ws: Workspace, insee: string, q: IndicatorsQuery = {}): Promise<CommuneIndicatorsResponse> {
  if (q.mode === 'dasymetric') throw new IndicatorsError('Le mode dasymétrique n’est pas proposé pour une commune : utilisez le mode « areal ».', 400, { mode: q.mode });
  const cells = cellsOf(ws, q.vintage);
  const communes = ws.communes();
  const commune = communes.items.find((c) => c.code === insee);
  if (!commune) throw new IndicatorsError(`Commune « ${insee} » introuvable dans les contours chargés.`, 404, { insee, communes: communes.items.length });
  const set = q.generation ? ws.perimeterSet(q.generation, q.version) : newestSet(ws);
  if (q.generation && !set) throw new IndicatorsError(`Génération de périmètres « ${q.generation} » absente des données chargées.`, 404, { generation: q.generation });
  const quartiers = set ? set.items.filter((p) => p.communes.includes(insee)) : [];
  await initGeos();
  const split = indicatorsForCommuneRest(cells.grids, commune.geometry, quartiers.map((p) => p.geometry));
  const describe = (kind: AreaDescription['kind']): AreaDescription => ({
    kind, code: insee, name: commune.name, generation: set?.generation ?? null, version: set?.version ?? null, communes: [insee],
  });
  const warnings = warningsFor(split.commune, cells);
  if (!set) warnings.push('Aucun périmètre QPV chargé : la commune est donnée entière.');
  else if (quartiers.length === 0) warnings.push(`Aucun QPV de la génération ${set.generation} dans cette commune.`);
  return {
    area: describe('commune'),
    commune: split.commune,
    qpvs: split.qpvs,
    rest: split.rest,
    restGeometry: split.restLonLat,
    quartiers: quartiers.map((p) => ({
      area: { kind: 'perimeter', code: p.code, name: p.name, generation: set!.generation, version: set!.version, communes: p.communes },
      indicators: indicatorsForArea(cells.grids, p.geometry),
    })),
    warnings,
    labels: indicatorLabels(),
    provenance: provenance([cells.ref, ...communes.refs, ...(set ? [set.ref] : [])], { ...q, mode: 'areal' }, cells, set?.generation ?? null, set?.version ?? null),
  };
}

/**
 * Returns one flat row per area (labels in French, rates as fractions) for CSV export; `secret` (fewer
 * than 11 households) and `hors_donnees` (area not wholly inside the loaded cells, `couverture` 0..1) are separate columns.
 */
export function indicatorsRows(r: IndicatorsResponse | CommuneIndicatorsResponse): Record<string, unknown>[] {
  const areas: { area: AreaDescription; indicators: AreaIndicators }[] =
    'commune' in r
      ? [
          { area: r.area, indicators: r.commune },
          ...(r.qpvs ? [{ area: { ...r.area, kind: 'qpvs-in-commune' as const }, indicators: r.qpvs }] : []),
          ...(r.rest ? [{ area: { ...r.area, kind: 'rest-of-commune' as const }, indicators: r.rest }] : []),
          ...r.quartiers,
        ]
      : [{ area: r.area, indicators: r.indicators }];
  return areas.map(({ area, indicators: x }) => {
    const row: Record<string, unknown> = {
      zone: ZONE_LABELS[area.kind], code: area.code ?? '', nom: area.name ?? '', generation: area.generation ?? '',
      secret: x.secret ? 'oui' : 'non', motif_secret: x.secretReason ?? '',
      hors_donnees: x.noData ? 'oui' : 'non', motif_hors_donnees: x.noDataReason ?? '', couverture: round(x.coverage, 4),
      mode: x.mode, surface_m2: round(x.areaM2, 0),
      carreaux_inclus: x.cells.inside, carreaux_bord: x.cells.border,
    };
    for (const f of CELL_FIELDS) row[f] = round(x.counts[f], 2);
    for (const [k, v] of Object.entries(x.rates)) row[k] = round(v, 6);
    row.imputedShare = round(x.imputedShare, 6);
    row.inhabitantsInside = round(x.bounds.inhabitantsInside, 2);
    row.inhabitantsTouching = round(x.bounds.inhabitantsTouching, 2);
    row.borderShare = round(x.bounds.borderShare, 6);
    row.fallbackShare = round(x.fallbackShare, 6);
    return row;
  });
}

const ZONE_LABELS: Record<AreaDescription['kind'], string> = {
  perimeter: 'quartier', geometry: 'zone dessinée', commune: 'commune', 'qpvs-in-commune': 'QPV de la commune', 'rest-of-commune': 'reste de la commune',
};

function round(v: number | null, digits: number): number | null {
  if (v === null) return null;
  const p = 10 ** digits;
  return Math.round(v * p) / p;
}

/**
 * Returns the polygon of a GeoJSON Polygon/MultiPolygon geometry or Feature in WGS84 lon/lat; throws
 * IndicatorsError 400 (not polygonal, malformed, not lon/lat), 413 (too large) or 422 (invalid geometry).
 */
export async function validateAreaLonLat(input: unknown): Promise<Polygonal> {
  const obj = input as { type?: unknown; geometry?: unknown; coordinates?: unknown } | null;
  if (!obj || typeof obj !== 'object') throw new IndicatorsError('Corps attendu : une géométrie GeoJSON (Polygon ou MultiPolygon) ou une Feature, en WGS84.', 400);
  const g = (obj.type === 'Feature' ? obj.geometry : obj) as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object') throw new IndicatorsError('Feature sans géométrie.', 400);
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new IndicatorsError(`Géométrie non polygonale : « ${String(g.type)} ». Attendu : Polygon ou MultiPolygon.`, 400, { type: g.type ?? null });
  }
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
  if (!Array.isArray(polys) || polys.length === 0) throw new IndicatorsError('Coordonnées absentes ou vides.', 400);
  let vertices = 0;
  polys.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) throw new IndicatorsError(`Polygone n° ${pi + 1} : aucun anneau.`, 400, { polygon: pi });
    poly.forEach((ring: unknown, ri: number) => {
      const where = `Polygone n° ${pi + 1}, anneau n° ${ri + 1}`;
      if (!Array.isArray(ring) || ring.length < 4) throw new IndicatorsError(`${where} : un anneau demande au moins 4 positions (la première répétée à la fin).`, 400, { polygon: pi, ring: ri });
      for (const pos of ring as unknown[]) {
        if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
          throw new IndicatorsError(`${where} : position invalide ${JSON.stringify(pos)} (attendu [longitude, latitude]).`, 400, { polygon: pi, ring: ri });
        }
        const [lon, lat] = pos as number[];
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
          throw new IndicatorsError(`${where} : (${lon}, ${lat}) hors des plages longitude/latitude. Les coordonnées doivent être en WGS84 (degrés), pas en Lambert-93 ni en mètres.`, 400, { polygon: pi, ring: ri, position: pos });
        }
      }
      const first = ring[0] as number[], last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) throw new IndicatorsError(`${where} : anneau non fermé (la dernière position doit répéter la première).`, 400, { polygon: pi, ring: ri });
      vertices += ring.length;
    });
  });
  if (vertices > MAX_VERTICES) throw new IndicatorsError(`Géométrie trop détaillée : ${vertices} sommets (maximum ${MAX_VERTICES}). Simplifiez-la.`, 413, { vertices, max: MAX_VERTICES });
  const area = { type: g.type, coordinates: g.coordinates } as Polygonal;
  const [minX, minY, maxX, maxY] = bboxOf(area);
  if (maxX - minX > MAX_EXTENT_DEG || maxY - minY > MAX_EXTENT_DEG) {
    throw new IndicatorsError(`Zone trop étendue : ${(maxX - minX).toFixed(2)}° × ${(maxY - minY).toFixed(2)}° (maximum ${MAX_EXTENT_DEG}° de côté).`, 413, { extent: [maxX - minX, maxY - minY], max: MAX_EXTENT_DEG });
  }
  await initGeos();
  // Self-intersections would make ring areas count twice: refuse rather than return a wrong figure.
  const reason = validityReason(area);
  if (reason) throw new IndicatorsError(`Géométrie invalide : ${reason}. Corrigez le contour (par exemple avec « Réparer les géométries » dans QGIS).`, 422, { reason });
  return area;
}

function cellsOf(ws: Workspace, vintage: string | undefined): CellSet {
  const cells = ws.cells(vintage);
  if (cells) return cells;
  if (vintage) {
    const { message, details } = vintageNotLoaded(ws, vintage);
    throw new IndicatorsError(message, 404, details);
  }
  throw new IndicatorsError('Aucun carreau Filosofi chargé : importez un fichier de carreaux avant de demander des indicateurs.', 409);
}

function newestSet(ws: Workspace) {
  const sets = ws.perimeterSets();
  return sets.length ? sets.reduce((a, b) => (b.generation > a.generation ? b : a)) : null;
}

async function compute(ws: Workspace, cells: CellSet, areaLonLat: Polygonal, mode: IndicatorMode = 'areal'): Promise<{ indicators: AreaIndicators; extraRefs: DatasetRef[] }> {
  if (mode === 'areal') return { indicators: indicatorsForArea(cells.grids, areaLonLat), extraRefs: [] };
  const buildings = ws.buildings();
  if (buildings.items.length === 0) {
    throw new IndicatorsError('Le mode dasymétrique demande des emprises de bâtiments (BD TOPO ou OSM) : aucune n’est chargée.', 409, { mode });
  }
  await initGeos();
  return { indicators: indicatorsForArea(cells.grids, areaLonLat, { mode, buildings: buildings.items }), extraRefs: buildings.refs };
}

function warningsFor(x: AreaIndicators, cells: CellSet): string[] {
  const w: string[] = [];
  // "Hors données" (outside the loaded cells: unknown) is said apart from "no inhabitant" (a known zero) and from secrecy.
  if (x.noData) {
    const partial = x.coverage !== null && x.coverage >= COVERAGE_NONE;
    w.push(partial ? `${x.noDataReason} (Filosofi ${cells.vintage}).` : `Hors données : ${lowerFirst(x.noDataReason ?? 'zone hors de l’emprise des carreaux chargés')} (Filosofi ${cells.vintage}) ; aucun chiffre ne peut être donné.`);
  } else if (x.cells.inside + x.cells.border === 0) {
    w.push(`Aucun carreau habité du millésime ${cells.vintage} ne touche cette zone : aucun habitant selon Filosofi.`);
  }
  if (x.secret) w.push(`${x.secretReason} : les chiffres sont masqués.`);
  return w;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function provenance(datasets: DatasetRef[], q: IndicatorsQuery, cells: CellSet, generation: string | null, version: string | null): Provenance {
  return {
    datasets,
    parameters: {
      mode: q.mode ?? 'areal', vintage: cells.vintage, generation, version,
      method: q.mode === 'dasymetric' ? 'pondération par la surface de plancher résidentielle, surfacique à défaut de bâtiment' : 'pondération surfacique exacte des carreaux de 200 m',
    },
  };
}
