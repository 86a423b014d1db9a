// Use case behind GET /api/maps/* and `qpv-atlas map|atlas`: picks the layers' data from the
// workspace for a view (bbox) or a QPV, runs the analyses the layers need (changes, quartier vécu,
// pockets), and returns the page spec and the map data for renderMapSvg. Also lists atlas pages.
import type { Workspace, PerimeterSet } from './workspace.ts';
import type { DatasetRef, LoadedPerimeter, Provenance } from '../domain/model.ts';
import { bboxIntersects, bboxOf } from '../domain/project.ts';
import { converter, CRS_EXTENTS, WGS84 } from '../domain/crs.ts';
import { forEachCellInBox } from '../domain/cellGrid.ts';
import { generationInfo } from '../domain/generations.ts';
import { facilityType } from '../domain/facilityTypes.ts';
import { initGeos } from '../domain/geometry/geos.ts';
import { DEFAULT_TOLERANCE_M, perimeterChanges } from '../domain/perimeterChanges.ts';
import { normaliseVecuRule, quartierVecu, vecuRuleSentence, VecuInputError, type VecuClip } from '../domain/quartierVecu.ts';
import type { PocketParams } from '../domain/povertyPockets.ts';
import { cellIndicatorValue, isSecretCell, type CellIndicator, type ClassMethod } from '../domain/mapChoropleth.ts';
import { mercator, type Orientation, type Paper } from '../domain/mapLayout.ts';
import type { MapCell, MapData, MapLayerId, MapSpec } from '../domain/mapSvg.ts';
import { findPockets, PocketsError } from './findPockets.ts';
import { RequestError, type RequestErrorStatus } from '../domain/requestError.ts';
import { vintageNotLoaded } from './vintages.ts';

/** Bad (400), unknown (404) or unprocessable (422) map request; message in French naming the parameter. */
export class MapRequestError extends RequestError {
  constructor(message: string, status: RequestErrorStatus, details: unknown = null) {
    super(message, status, details);
    this.name = 'MapRequestError';
  }
}

export const DEFAULT_QPV_LAYERS: MapLayerId[] = ['p2015', 'p2024', 'changes', 'cells', 'facilities', 'vecu'];
export const DEFAULT_VIEW_LAYERS: MapLayerId[] = ['p2024', 'cells', 'communes'];

export interface StaticMapRequest {
  bbox?: [number, number, number, number]; // lonLat; required without `qpv`
  qpv?: string; // a QPV code: bbox = the perimeter + 20 % margin, drawn as selected
  layers: MapLayerId[];
  generation?: string; // current generation (vécu, pockets, QPV lookup); default '2024'
  indicator?: CellIndicator;
  classes?: ClassMethod;
  title?: string;
  subtitle?: string;
  paper?: Paper;
  orientation?: Orientation;
  vecu?: number; // m
  vecuClip?: VecuClip; // band limited to the QPV's communes or EPCI (default none); said in the legend
  pocketCommunes?: string[]; // study area of the pockets layer (default: the selected QPV's communes)
  pocketParams?: Partial<PocketParams>;
  selected?: string;
  vintage?: string; // Filosofi vintage; default the newest
  date?: Date;
}

export interface StaticMap {
  spec: MapSpec;
  data: MapData;
  provenance: Provenance;
}

/** Returns the bbox grown by `share` of its size on each side (lonLat). */
function grow(b: [number, number, number, number], share: number): [number, number, number, number] {
  const dx = (b[2] - b[0]) * share, dy = (b[3] - b[1]) * share;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

/** The area whose data may show once the bbox is expanded to the frame: square in Web Mercator, plus 30 %. */
function dataBox(b: [number, number, number, number]): [number, number, number, number] {
  const [x0, y0] = mercator(b[0], b[1]);
  const [x1, y1] = mercator(b[2], b[3]);
  const w = x1 - x0, h = y1 - y0;
  const side = Math.max(w, h, 200) * 1.6;
  const ry = (side / Math.max(h, 1e-9)) / 2, rx = (side / Math.max(w, 1e-9)) / 2;
  const cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
  const halfLon = Math.max((b[2] - b[0]) * rx, 0.002), halfLat = Math.max((b[3] - b[1]) * ry, 0.002);
  return [cx - halfLon, cy - halfLat, cx + halfLon, cy + halfLat];
}

function findPerimeter(ws: Workspace, code: string, generation: string): { set: PerimeterSet; p: LoadedPerimeter } | null {
  const sets = [ws.perimeterSet(generation), ...ws.perimeterSets()].filter((s): s is PerimeterSet => !!s);
  for (const set of sets) {
    const p = set.items.find((x) => x.code === code);
    if (p) return { set, p };
  }
  return null;
}

/** Returns the commune names of a list of codes ("Creil, Nogent-sur-Oise"), codes when unknown. */
export function communeNames(ws: Workspace, codes: string[]): string {
  const byCode = new Map(ws.communes().items.map((c) => [c.code, c.name]));
  return codes.map((c) => byCode.get(c) ?? c).join(', ');
}

/** Returns the page spec and layers' data of a static map; throws MapRequestError. */
export async function buildStaticMap(ws: Workspace, req: StaticMapRequest): Promise<StaticMap> {
  await initGeos();
  const generation = req.generation ?? '2024';
  let selected = req.selected ?? null;
  let bbox = req.bbox;
  let title = req.title;
  let subtitle = req.subtitle;
  let selectedPerimeter: LoadedPerimeter | null = null;
  if (req.qpv) {
    const found = findPerimeter(ws, req.qpv, generation);
    if (!found) throw new MapRequestError(`Quartier inconnu : « ${req.qpv} » (aucun périmètre chargé ne porte ce code).`, 404, { parameter: 'code', code: req.qpv });
    selectedPerimeter = found.p;
    selected = found.p.code;
    bbox ??= grow(found.p.bbox, 0.2);
    title ??= `${found.p.name} (${found.p.code})`;
    subtitle ??= `${communeNames(ws, found.p.communes)} — quartier prioritaire ${found.set.generation}`;
  } else if (selected) {
    selectedPerimeter = findPerimeter(ws, selected, generation)?.p ?? null;
  }
  if (!bbox) throw new MapRequestError('Paramètre « bbox » manquant : indiquez minLon,minLat,maxLon,maxLat (ex. 2.44,49.24,2.52,49.28) ou un code de quartier.', 400, { parameter: 'bbox' });
  if (bbox[2] - bbox[0] > 3 || bbox[3] - bbox[1] > 3) {
    throw new MapRequestError('Paramètre « bbox » trop étendu : au plus 3 degrés de côté pour une carte imprimée à l’échelle des quartiers.', 422, { parameter: 'bbox', bbox });
  }
  const box = dataBox(bbox);
  const layers = new Set(req.layers);
  const data: MapData = {};
  const inBox = (b: readonly number[]) => bboxIntersects(b, box);

  if (layers.has('communes')) {
    const c = ws.communes();
    const items = c.items.filter((x) => inBox(bboxOf(x.geometry))).map((x) => ({ code: x.code, name: x.name, geometry: x.geometry }));
    data.communes = { items, refs: c.refs };
  }

  const setsShown: PerimeterSet[] = [];
  for (const gen of ['2015', '2024'] as const) {
    if (!layers.has(`p${gen}`)) continue;
    const set = ws.perimeterSet(gen);
    if (!set) continue;
    const items = set.items.filter((p) => inBox(p.bbox));
    setsShown.push(set);
    data.perimeters ??= [];
    data.perimeters.push({ generation: set.generation, version: set.version, decree: generationInfo(set.generation).decree, items: items.map((p) => ({ code: p.code, name: p.name, geometry: p.geometry })), refs: set.refs });
  }

  if (layers.has('changes')) {
    const from = ws.perimeterSet('2015'), to = ws.perimeterSet('2024');
    const fromItems = from?.items.filter((p) => inBox(p.bbox)) ?? [];
    const toItems = to?.items.filter((p) => inBox(p.bbox)) ?? [];
    // Without any 2015 perimeter here, every 2024 quartier would look "new": draw no changes then.
    if (from && to && fromItems.length && toItems.length) {
      const r = perimeterChanges(fromItems, toItems, { tolerance: DEFAULT_TOLERANCE_M });
      const zones = r.zones.filter((z) => inBox(bboxOf(z.lonLat))).map((z) => ({ zone: z.zone, geometry: z.lonLat }));
      data.changes = { from: '2015', to: '2024', tolerance: DEFAULT_TOLERANCE_M, zones, refs: [from.ref, to.ref] };
    }
  }

  if (layers.has('vecu')) {
    const set = ws.perimeterSet(generation);
    if (set) {
      let rule;
      try {
        rule = normaliseVecuRule({ distance: req.vecu ?? 300, clip: req.vecuClip ?? 'none', include: [], exclude: [], generation: set.generation, version: set.version });
      } catch (e) {
        if (e instanceof VecuInputError) throw new MapRequestError(e.message.replace('Distance du quartier vécu invalide', 'Paramètre « vecu » invalide'), 400, { parameter: 'vecu' });
        throw e;
      }
      const around = selectedPerimeter && selectedPerimeter.generation === set.generation ? [selectedPerimeter] : set.items.filter((p) => inBox(p.bbox));
      const communes = rule.clip === 'none' ? { refs: [], items: [] } : ws.communes();
      let bands;
      try {
        bands = around.map((p) => quartierVecu(p, rule, { facilities: [], communes: communes.items }).band).filter((b) => b !== null);
      } catch (e) {
        // Clipping needs commune outlines (and EPCI codes): the request is sound, the data cannot answer it.
        if (e instanceof VecuInputError) throw new MapRequestError(e.message, 422, { parameter: 'vecuClip', ...(e.details as object | null) });
        throw e;
      }
      data.vecu = { sentence: vecuRuleSentence(rule), bands, refs: [...set.refs, ...communes.refs] };
    }
  }

  if (layers.has('pockets')) {
    const communes = req.pocketCommunes?.length ? req.pocketCommunes : selectedPerimeter?.communes ?? [];
    if (!communes.length) throw new MapRequestError('Paramètre « communes » manquant : la couche des poches de pauvreté demande la zone d’étude (codes INSEE, ex. communes=60175,60414).', 400, { parameter: 'communes' });
    try {
      const out = await findPockets(ws, { communes, generation, vintage: req.vintage, params: req.pocketParams });
      data.pockets = { sentence: out.legend, items: out.result.pockets.map((p) => ({ rank: p.rank, outline: p.outline })), refs: [out.cells.ref, out.perimeters.ref] };
    } catch (e) {
      if (e instanceof PocketsError) throw new MapRequestError(e.message, e.status, e.details);
      throw e;
    }
  }

  if (layers.has('facilities')) {
    const f = ws.facilities();
    const items = f.items.filter((x) => x.lon >= box[0] && x.lon <= box[2] && x.lat >= box[1] && x.lat <= box[3])
      .map((x) => ({ lon: x.lon, lat: x.lat, group: facilityType(x.type).group, name: x.name }));
    data.facilities = { items, refs: f.refs };
  }

  if (layers.has('cells')) {
    const cells = ws.cells(req.vintage);
    if (req.vintage && !cells) {
      const { message, details } = vintageNotLoaded(ws, req.vintage);
      throw new MapRequestError(message, 404, { parameter: 'vintage', ...details });
    }
    if (cells) {
      const indicator = req.indicator ?? 'povertyRate';
      const items: MapCell[] = [];
      for (const grid of cells.grids) {
        const ext = CRS_EXTENTS[grid.epsg];
        const toGrid = converter(WGS84, grid.epsg), toLonLat = converter(grid.epsg, WGS84);
        const corners = [toGrid(box[0], box[1]), toGrid(box[2], box[1]), toGrid(box[0], box[3]), toGrid(box[2], box[3])];
        const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
        const gb = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
        if (ext && !bboxIntersects(gb, ext)) continue;
        const s = grid.size;
        forEachCellInBox(grid, gb[0], gb[1], gb[2], gb[3], (k) => {
          const x = grid.i[k] * s, y = grid.j[k] * s;
          items.push({
            corners: [toLonLat(x, y), toLonLat(x + s, y), toLonLat(x + s, y + s), toLonLat(x, y + s), toLonLat(x, y)],
            value: cellIndicatorValue(grid, k, indicator),
            secret: isSecretCell(grid, k),
          });
        });
      }
      data.cells = { indicator, method: req.classes ?? 'quantiles', vintage: cells.vintage, items, refs: cells.refs };
    }
  }

  const spec: MapSpec = {
    title: title ?? 'Carte QPV Atlas',
    subtitle: subtitle ?? null,
    paper: req.paper ?? 'A4',
    orientation: req.orientation ?? 'landscape',
    bbox,
    date: req.date ?? new Date(),
    selected,
  };
  const datasets = uniqueRefs([
    ...(data.perimeters ?? []).filter((p) => p.items.length).flatMap((p) => p.refs),
    ...(data.cells?.items.length ? data.cells.refs : []),
    ...(data.communes?.items.length ? data.communes.refs : []),
    ...(data.facilities?.items.length ? data.facilities.refs : []),
    ...(data.vecu?.bands.length ? data.vecu.refs : []),
    ...(data.pockets?.refs ?? []),
  ]);
  return {
    spec, data,
    provenance: {
      datasets,
      parameters: {
        bbox, qpv: req.qpv ?? null, layers: [...layers], generation, indicator: req.indicator ?? 'povertyRate', classes: req.classes ?? 'quantiles',
        paper: spec.paper, orientation: spec.orientation, vecu: layers.has('vecu') ? req.vecu ?? 300 : null, vecuClip: layers.has('vecu') ? req.vecuClip ?? 'none' : null,
        tolerance: data.changes ? DEFAULT_TOLERANCE_M : null, pockets: data.pockets ? data.pockets.sentence : null,
      },
    },
  };
}

function uniqueRefs(refs: DatasetRef[]): DatasetRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

export interface AtlasQuery {
  communes?: string[];
  epci?: string;
  generation?: string;
}

/** Returns the QPVs of the communes or EPCI (current generation), sorted by code; throws MapRequestError. */
export function atlasPerimeters(ws: Workspace, q: AtlasQuery): LoadedPerimeter[] {
  const generation = q.generation ?? '2024';
  if (!q.communes?.length && !q.epci) throw new MapRequestError('Paramètre « communes » ou « epci » manquant : indiquez les codes INSEE (communes=60175,60414) ou le SIREN de l’EPCI.', 400, { parameter: 'communes' });
  const set = ws.perimeterSet(generation);
  if (!set) throw new MapRequestError(`Périmètres QPV ${generation} non chargés (paramètre « generation »).`, 404, { parameter: 'generation', generation });
  let codes = new Set(q.communes ?? []);
  if (q.epci) {
    const ofEpci = ws.communes().items.filter((c) => c.epci === q.epci).map((c) => c.code);
    codes = new Set([...codes, ...ofEpci]);
  }
  const items = set.items.filter((p) => p.communes.some((c) => codes.has(c)) || (q.epci && p.epci === q.epci));
  if (!items.length) {
    const what = [q.communes?.length ? `communes ${q.communes.join(', ')}` : null, q.epci ? `EPCI ${q.epci}` : null].filter(Boolean).join(', ');
    throw new MapRequestError(`Aucun quartier prioritaire ${generation} pour : ${what}.`, 404, { communes: q.communes ?? [], epci: q.epci ?? null });
  }
  return [...items].sort((a, b) => a.code.localeCompare(b.code));
}
