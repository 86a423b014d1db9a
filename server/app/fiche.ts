// The "portrait de quartier" behind GET /api/perimeters/:code/fiche and `qpv-atlas fiche`: who the
// quartier is, where it comes from (or what it became), its figures on each generation's perimeter
// from ONE Filosofi vintage, the change zones, the facilities that entered or left, and its
// quartier vécu. It assembles existing analyses; it computes nothing of its own.
import type { Feature, FeatureCollection } from 'geojson';
import type { PerimeterSet, Workspace } from './workspace.ts';
import type { DatasetRef, LoadedPerimeter, Polygonal, Provenance } from '../domain/model.ts';
import { indicatorsForArea, type AreaIndicators } from '../domain/indicators.ts';
import { indicatorLabels } from '../domain/indicatorLabels.ts';
import { generationInfo } from '../domain/generations.ts';
import { anctLetter, CHANGE_CLASS_LABELS, DEFAULT_TOLERANCE_M, type ChangeClass, type ZoneFigures } from '../domain/perimeterChanges.ts';
import { facilityChanges, type FacilityChangeRow } from '../domain/facilityChanges.ts';
import { quartierVecu, VecuInputError, type VecuTypeCount } from '../domain/quartierVecu.ts';
import { initGeos } from '../domain/geometry/geos.ts';
import { planarArea } from '../domain/arealWeights.ts';
import { compareGenerations, CompareError } from './compareGenerations.ts';
import { regionOfPerimeter } from '../domain/commonCoverage.ts';
import { regionName } from '../domain/regions.ts';
import { RequestError, type RequestErrorStatus } from '../domain/requestError.ts';
import { vintageNotLoaded } from './vintages.ts';

export interface FicheOptions {
  generation?: string; // the generation the code belongs to; default: the newest set holding it
  version?: string;
  vintage?: string; // Filosofi vintage, the same for every generation; default the newest
  distance?: number; // quartier vécu band, metres (default 300)
  tolerance?: number; // metres, for the comparison (default DEFAULT_TOLERANCE_M)
}

/** A request the fiche cannot answer; `status` is the HTTP status (the CLI exits 2). */
export class FicheError extends RequestError {
  constructor(message: string, status: RequestErrorStatus, details: unknown = null) {
    super(message, status, details);
    this.name = 'FicheError';
  }
}

export interface LineageLink {
  code: string;
  name: string;
  generation: string;
  shareOfOld: number; // share of the old quartier within the tolerance of the new one (0..1)
  shareOfNew: number; // share of the new quartier within the tolerance of the old one (0..1)
}

export interface FicheFacility {
  id: string;
  name: string | null;
  type: string;
  typeLabel: string; // French
  commune: string | null;
  from: string | null; // QPV containing it in the older generation
  to: string | null; // QPV containing it in the newer generation
}

export interface QuartierFiche {
  identity: {
    code: string;
    name: string;
    generation: string;
    version: string | null;
    communes: { code: string; name: string | null }[];
    departement: string | null;
    epci: string | null;
    anctLetter: string | null; // I / M / N as ANCT wrote it (2024 codes): computed class is in lineage
    decree: string;
    areaHa: number;
  };
  lineage: {
    predecessors: LineageLink[];
    successors: LineageLink[];
    class: ChangeClass | null; // computed from the geometry; null with one generation loaded
    classLabel: string | null; // French
    group: string[]; // every code of the change group (a merge or split involves several)
    note: string | null; // French, e.g. why the lineage is empty
  };
  /** Per generation: indicators of the lineage's perimeter(s) of that generation (one area), same vintage. */
  indicators: Record<string, AreaIndicators & { codes: string[] }>;
  changes: {
    from: string | null; // generation compared from
    to: string | null;
    gained: ZoneFigures | null; // sums over the change group; null when the group has no such zone
    lost: ZoneFigures | null;
    kept: ZoneFigures | null;
    zones: FeatureCollection<Polygonal>; // lonLat, one feature per zone with its figures
  };
  facilities: {
    entered: FicheFacility[];
    left: FicheFacility[];
    stayedInside: FicheFacility[];
    note: string | null;
  };
  quartierVecu: {
    ruleText: string;
    distance: number;
    bandAreaHa: number;
    byType: VecuTypeCount[]; // facilities by type: in the QPV / in the band
    band: AreaIndicators | null; // population of the band; null without cells
  } | null;
  notes: string[]; // French
  labels: ReturnType<typeof indicatorLabels>;
  provenance: Provenance;
}

const ha = (m2: number) => Math.round(m2 / 100) / 100;

/** Returns the fiche of a quartier (2015 or 2024 code); zones and geometries in lonLat (EPSG:4326). */
export async function quartierFiche(ws: Workspace, code: string, opts: FicheOptions = {}): Promise<QuartierFiche> {
  const distance = opts.distance ?? 300;
  if (!Number.isFinite(distance) || distance <= 0 || distance > 5000) throw new FicheError(`Distance du quartier vécu invalide : ${opts.distance} (attendu : entre 1 et 5 000 m).`, 400, { distance: opts.distance });
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE_M;
  const { set, perimeter: p } = findPerimeter(ws, code, opts);
  const cells = ws.cells(opts.vintage);
  if (opts.vintage && !cells) {
    const { message, details } = vintageNotLoaded(ws, opts.vintage);
    throw new FicheError(message, 404, details);
  }
  await initGeos();
  const notes: string[] = [];
  const refs: DatasetRef[] = [...set.refs];

  const communes = ws.communes();
  const communeName = new Map(communes.items.map((c) => [c.code, c.name]));
  const identity: QuartierFiche['identity'] = {
    code: p.code, name: p.name, generation: set.generation, version: set.version,
    communes: p.communes.map((c) => ({ code: c, name: communeName.get(c) ?? null })),
    departement: p.departement, epci: p.epci, anctLetter: anctLetter(p.code), decree: generationInfo(set.generation).decree,
    areaHa: ha(planarArea(p.metric)),
  };
  if (communes.items.length) refs.push(...communes.refs);

  // The closest older generation gives predecessors, the closest newer one successors.
  // A generation loaded only for other régions says nothing about this quartier (not "new", not "removed").
  const region = regionOfPerimeter(p);
  const covers = (s: PerimeterSet) => region === null || s.items.some((q) => regionOfPerimeter(q) === region);
  const allOthers = ws.perimeterSets().filter((s) => s.generation !== set.generation);
  const others = allOthers.filter(covers);
  const uncovered = allOthers.filter((s) => !covers(s));
  const older = others.filter((s) => s.generation < set.generation).pop() ?? null;
  const newer = others.find((s) => s.generation > set.generation) ?? null;
  const lineage: QuartierFiche['lineage'] = { predecessors: [], successors: [], class: null, classLabel: null, group: [p.code], note: null };
  const changes: QuartierFiche['changes'] = { from: null, to: null, gained: null, lost: null, kept: null, zones: { type: 'FeatureCollection', features: [] } };
  const lineageSets: { set: PerimeterSet; codes: string[] }[] = [{ set, codes: [p.code] }];
  // Changes are shown against the predecessors when there are any, else against the successors.
  for (const [other, role] of [[older, 'predecessors'], [newer, 'successors']] as const) {
    if (!other) continue;
    refs.push(...other.refs);
    const [fromSet, toSet] = role === 'predecessors' ? [other, set] : [set, other];
    let out;
    try {
      out = await compareGenerations(ws, {
        from: fromSet.generation, fromVersion: fromSet.version ?? undefined, to: toSet.generation, toVersion: toSet.version ?? undefined,
        code: p.code, vintage: cells?.vintage, tolerance,
      });
    } catch (e) {
      if (e instanceof CompareError) throw new FicheError(e.message, e.status, e.details);
      throw e;
    }
    const gi = out.result.quartiers.findIndex((q) => (role === 'predecessors' ? q.to : q.from).some((x) => x.code === p.code));
    if (gi < 0) continue;
    const q = out.result.quartiers[gi];
    const linked = role === 'predecessors' ? q.from : q.to;
    lineage[role] = linked.map((x) => {
      const o = q.overlaps.find((v) => (role === 'predecessors' ? v.codeFrom === x.code && v.codeTo === p.code : v.codeFrom === p.code && v.codeTo === x.code));
      return { code: x.code, name: x.name, generation: other.generation, shareOfOld: o?.shareOfFrom ?? 0, shareOfNew: o?.shareOfTo ?? 0 };
    });
    if (linked.length) lineageSets.push({ set: other, codes: linked.map((x) => x.code) });
    if (changes.from !== null) continue;
    lineage.class = q.class;
    lineage.classLabel = CHANGE_CLASS_LABELS[q.class];
    lineage.group = [...q.from, ...q.to].map((x) => x.code);
    // A zone kind the group does not have (no loss) is "none", not a secret zone of 0 ha.
    const some = (f: ZoneFigures) => (f.areaM2 > 0 ? f : null);
    Object.assign(changes, { from: fromSet.generation, to: toSet.generation, gained: some(q.gained), lost: some(q.lost), kept: some(q.kept) });
    changes.zones.features = out.result.zones.filter((z) => z.group === gi).map((z): Feature<Polygonal> => ({
      type: 'Feature', geometry: z.lonLat,
      properties: { zone: z.zone, codeFrom: z.codeFrom, codeTo: z.codeTo, ...z.figures },
    }));
  }
  if (!older && !newer && uncovered.length) {
    lineage.note = `Aucun périmètre ${uncovered.map((s) => s.generation).join(', ')} chargé en ${regionName(region!)} : pas de comparaison possible pour ce quartier.`;
    notes.push(lineage.note);
  } else if (!older && !newer) {
    lineage.note = `Une seule génération de périmètres chargée (${set.generation}) : ni prédécesseur ni successeur à chercher.`;
    notes.push(lineage.note);
  } else if (!lineage.predecessors.length && !lineage.successors.length) {
    lineage.note = lineage.class === 'new' ? 'Nouveau quartier : aucun prédécesseur.' : lineage.class === 'removed' ? 'Quartier sorti de la géographie prioritaire : aucun successeur.' : null;
  }

  // Indicators: every generation's perimeter(s) of the lineage, from one vintage.
  const indicators: QuartierFiche['indicators'] = {};
  if (cells) {
    refs.push(...cells.refs);
    for (const { set: s, codes } of lineageSets) {
      const geoms = codes.map((c) => s.items.find((x) => x.code === c)!.geometry);
      const ind = indicatorsForArea(cells.grids, joinPolygons(geoms));
      indicators[s.generation] = { ...ind, codes };
      if (ind.noData) notes.push(`Périmètre ${s.generation} (${codes.join(', ')}) : ${ind.noDataReason}.`);
    }
  } else notes.push('Aucun carreau Filosofi chargé : pas d’indicateurs (hors données, ce n’est pas un secret statistique).');

  // Facilities that entered or left, between the older and the newer set of the comparison.
  const facilityData = ws.facilities();
  const facilities: QuartierFiche['facilities'] = { entered: [], left: [], stayedInside: [], note: null };
  if (!facilityData.items.length) facilities.note = 'Aucun équipement chargé.';
  else {
    refs.push(...facilityData.refs);
    const pair = older ? [older, set] as const : newer ? [set, newer] as const : null;
    if (!pair) facilities.note = lineage.note ?? 'Une seule génération chargée : les équipements du quartier sont listés dans le quartier vécu.';
    else {
      const oldCodes = new Set(pair[0] === set ? [p.code] : lineage.predecessors.map((x) => x.code));
      const newCodes = new Set(pair[1] === set ? [p.code] : lineage.successors.map((x) => x.code));
      const fc = facilityChanges(facilityData.items, pair[0], pair[1]);
      const row = (f: FacilityChangeRow): FicheFacility => ({ id: f.id, name: f.name, type: f.type, typeLabel: f.typeLabel, commune: f.commune, from: f.from.code, to: f.to.code });
      for (const f of fc.facilities) {
        if (f.transition === 'entered' && newCodes.has(f.to.code!)) facilities.entered.push(row(f));
        else if (f.transition === 'left' && oldCodes.has(f.from.code!)) facilities.left.push(row(f));
        else if (f.transition === 'stayed-inside' && (newCodes.has(f.to.code!) || oldCodes.has(f.from.code!))) facilities.stayedInside.push(row(f));
      }
    }
  }

  let vecu: QuartierFiche['quartierVecu'] = null;
  try {
    const v = quartierVecu(p, { distance, clip: 'none', include: [], exclude: [], generation: set.generation, version: set.version }, {
      facilities: facilityData.items, grids: cells?.grids,
    });
    vecu = { ruleText: v.ruleText, distance, bandAreaHa: ha(v.bandAreaM2), byType: v.facilities.byType, band: v.indicators.band };
  } catch (e) {
    if (e instanceof VecuInputError) throw new FicheError(e.message, 400, e.details);
    throw e;
  }

  return {
    identity, lineage, indicators, changes, facilities, quartierVecu: vecu, notes, labels: indicatorLabels(),
    provenance: {
      datasets: dedupe(refs),
      parameters: {
        generation: set.generation, version: set.version, vintage: cells?.vintage ?? null, distance, tolerance,
        predecessorsFrom: older?.generation ?? null, successorsIn: newer?.generation ?? null,
        method: 'filiation par recouvrement (tolérance en mètres), indicateurs par pondération surfacique exacte des carreaux de 200 m, un seul millésime pour toutes les générations',
      },
    },
  };
}

function findPerimeter(ws: Workspace, code: string, opts: FicheOptions): { set: PerimeterSet; perimeter: LoadedPerimeter } {
  const sets = opts.generation ? [ws.perimeterSet(opts.generation, opts.version)].filter((s): s is PerimeterSet => s !== null) : [...ws.perimeterSets()].reverse();
  if (opts.generation && !sets.length) {
    throw new FicheError(`Génération de périmètres « ${opts.generation} »${opts.version ? ` (version ${opts.version})` : ''} absente des données chargées.`, 404, { generation: opts.generation });
  }
  for (const set of sets) {
    const perimeter = set.items.find((x) => x.code.toUpperCase() === code.toUpperCase());
    if (perimeter) return { set, perimeter };
  }
  throw new FicheError(`Quartier « ${code} » introuvable${opts.generation ? ` dans la génération ${opts.generation}` : ''}.`, 404, { code, generation: opts.generation ?? null });
}

/** One MultiPolygon of several quartiers of one generation (they never overlap), lonLat. */
function joinPolygons(gs: Polygonal[]): Polygonal {
  if (gs.length === 1) return gs[0];
  return { type: 'MultiPolygon', coordinates: gs.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) };
}

function dedupe(refs: DatasetRef[]): DatasetRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

