// Which facilities entered or left priority geography between two perimeter sets (e.g. 2015 → 2024),
// which stayed inside, which stayed near a new perimeter; and where INSEE's own QP tags on BPE rows
// disagree with the geometry. Membership by the shared point-in-perimeter index; distances in metres.
import type { Facility, PerimeterSet } from './model.ts';
import { facilityType } from './facilityTypes.ts';
import { lookupIndexFor, nearestPerimeter, ringsDistance as ringsDistanceOf, type PerimeterIndex } from './perimeterIndex.ts';
import { converter, WGS84 } from './crs.ts';

export type FacilityTransition = 'entered' | 'left' | 'stayed-inside' | 'stayed-near' | 'outside';

/** French labels of the transitions, for tables, legends and CSV. */
export const TRANSITION_LABELS: Record<FacilityTransition, string> = {
  entered: 'Entré en QPV',
  left: 'Sorti des QPV',
  'stayed-inside': 'Resté en QPV',
  'stayed-near': 'Resté à proximité d’un QPV',
  outside: 'Hors QPV et hors bande',
};

export const PRECISION_LABEL = 'écart dans la précision de géolocalisation';
export const DISAGREEMENT_LABEL = 'désaccord';

export interface FacilityChangesOptions {
  nearDistance?: number; // m, default 300: "near" a perimeter of the target set
  precisionThreshold?: number; // m, default 25: INSEE disagreements closer to a line are positional noise
  code?: string; // keep only facilities whose from/to/near QPV has this code
}

/** Where a facility stands against one set: containing QPV (or null), nearest QPV and its distance (m). */
export interface FacilitySide {
  code: string | null; // containing QPV
  nearestCode: string | null;
  nearestName: string | null;
  distance: number | null; // m to the nearest perimeter, 0 inside; null for an empty set
  near: boolean; // outside but within nearDistance
}

export interface FacilityChangeRow {
  id: string;
  name: string | null;
  type: string;
  typeLabel: string;
  group: string;
  groupLabel: string;
  commune: string | null;
  lon: number;
  lat: number;
  from: FacilitySide;
  to: FacilitySide;
  transition: FacilityTransition;
}

export interface InseeDisagreement {
  id: string;
  name: string | null;
  type: string;
  generation: string; // '2015' or '2024': which INSEE tag
  inseeCode: string | null; // normalised: null when INSEE says outside (HZ, CSZ, empty)
  inseeQuality: string | null; // 1 sure, 2 probable, 3 random
  computedCode: string | null;
  lineDistance: number | null; // m from the facility to the nearer outline of the QPVs involved; null when unknown
  verdict: 'precision' | 'disagreement';
  label: string; // PRECISION_LABEL or DISAGREEMENT_LABEL
}

export interface QuartierFacilities {
  code: string;
  name: string;
  generation: string; // the set the code belongs to: `to` for entered/stayed, `from` for left
  entered: string[]; // facility ids
  left: string[];
  stayedInside: string[];
  stayedNear: string[];
}

export interface TypeTransitions {
  type: string;
  typeLabel: string;
  group: string;
  groupLabel: string;
  counts: Record<FacilityTransition, number>;
}

export interface FacilityChangesResult {
  from: { generation: string; version: string | null; datasetId: string };
  to: { generation: string; version: string | null; datasetId: string };
  parameters: { nearDistance: number; precisionThreshold: number; code: string | null };
  total: number;
  counts: Record<FacilityTransition, number>;
  facilities: FacilityChangeRow[]; // every facility except 'outside'
  byQuartier: QuartierFacilities[];
  byType: TypeTransitions[];
  inseeDisagreements: InseeDisagreement[];
}

const emptyCounts = (): Record<FacilityTransition, number> => ({ entered: 0, left: 0, 'stayed-inside': 0, 'stayed-near': 0, outside: 0 });

function side(index: PerimeterIndex, f: Facility, nearDistance: number): FacilitySide {
  const n = nearestPerimeter(index, f.lon, f.lat);
  if (!n) return { code: null, nearestCode: null, nearestName: null, distance: null, near: false };
  return {
    code: n.inside ? n.perimeter.code : null,
    nearestCode: n.perimeter.code,
    nearestName: n.perimeter.name,
    distance: n.distance,
    near: !n.inside && n.distance <= nearDistance,
  };
}

/** INSEE's QP tag normalised to a code, or null for "outside" values (HZ, CSZ, blank, 0). */
export function normaliseInseeQp(tag: string | null | undefined): string | null {
  const t = (tag ?? '').trim().toUpperCase();
  return /^Q[PN]\w+$/.test(t) ? t : null;
}

function transitionOf(from: FacilitySide, to: FacilitySide): FacilityTransition {
  if (from.code && to.code) return 'stayed-inside';
  if (to.code) return 'entered';
  if (from.code) return 'left';
  return to.near ? 'stayed-near' : 'outside';
}

/** Returns each facility's transition between two perimeter sets, grouped per quartier and per type, with INSEE tag disagreements. */
export function facilityChanges(facilities: Facility[], from: PerimeterSet, to: PerimeterSet, opts: FacilityChangesOptions = {}): FacilityChangesResult {
  const nearDistance = opts.nearDistance ?? 300;
  const precisionThreshold = opts.precisionThreshold ?? 25;
  if (!(nearDistance >= 0)) throw new RangeError(`distance de proximité invalide : ${nearDistance}`);
  const ixFrom = lookupIndexFor(from);
  const ixTo = lookupIndexFor(to);
  const counts = emptyCounts();
  const rows: FacilityChangeRow[] = [];
  const quartiers = new Map<string, QuartierFacilities>();
  const byType = new Map<string, TypeTransitions>();
  const disagreements: InseeDisagreement[] = [];
  const code = opts.code ?? null;
  let total = 0;

  const quartier = (c: string, name: string, generation: string) => {
    const key = `${generation}|${c}`;
    let q = quartiers.get(key);
    if (!q) quartiers.set(key, (q = { code: c, name, generation, entered: [], left: [], stayedInside: [], stayedNear: [] }));
    return q;
  };

  for (const f of facilities) {
    const a = side(ixFrom, f, nearDistance);
    const b = side(ixTo, f, nearDistance);
    if (code && ![a.code, b.code, b.near ? b.nearestCode : null].includes(code)) continue;
    total++;
    const transition = transitionOf(a, b);
    counts[transition]++;
    const t = facilityType(f.type);
    const typeLabel = f.typeLabel && f.typeLabel !== f.type ? f.typeLabel : t.label;
    let tt = byType.get(f.type);
    if (!tt) byType.set(f.type, (tt = { type: f.type, typeLabel, group: t.group, groupLabel: t.groupLabel, counts: emptyCounts() }));
    tt.counts[transition]++;

    for (const [set, ix, computed] of [[from, ixFrom, a], [to, ixTo, b]] as const) {
      const d = inseeDisagreement(f, set, ix, computed, precisionThreshold);
      if (d) disagreements.push(d);
    }
    if (transition === 'outside') continue;
    rows.push({ id: f.id, name: f.name, type: f.type, typeLabel, group: t.group, groupLabel: t.groupLabel, commune: f.commune, lon: f.lon, lat: f.lat, from: a, to: b, transition });
    if (transition === 'left') quartier(a.code!, a.nearestName ?? a.code!, from.generation).left.push(f.id);
    else {
      const q = quartier(b.nearestCode!, b.nearestName ?? b.nearestCode!, to.generation);
      if (transition === 'entered') q.entered.push(f.id);
      else if (transition === 'stayed-inside') q.stayedInside.push(f.id);
      else q.stayedNear.push(f.id);
    }
  }

  const ref = (s: PerimeterSet) => ({ generation: s.generation, version: s.version, datasetId: s.ref.id });
  return {
    from: ref(from),
    to: ref(to),
    parameters: { nearDistance, precisionThreshold, code },
    total,
    counts,
    facilities: rows,
    byQuartier: [...quartiers.values()].sort((x, y) => x.generation.localeCompare(y.generation) || x.code.localeCompare(y.code)),
    byType: [...byType.values()].sort((x, y) => x.group.localeCompare(y.group) || x.type.localeCompare(y.type)),
    inseeDisagreements: disagreements,
  };
}

function inseeDisagreement(f: Facility, set: PerimeterSet, ix: PerimeterIndex, computed: FacilitySide, threshold: number): InseeDisagreement | null {
  const tags = f.inseeQp;
  if (!tags) return null;
  const raw = set.generation === '2015' ? tags.qp2015 : set.generation === '2024' ? tags.qp2024 : undefined;
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const inseeCode = normaliseInseeQp(raw);
  if (inseeCode === computed.code) return null;
  // The line a positional error would have to cross: the computed QPV's outline, or the tagged one's.
  const distances: number[] = [];
  if (computed.code && computed.distance !== null) distances.push(boundaryDistanceTo(ix, computed.code, f) ?? Infinity);
  if (inseeCode) {
    const d = boundaryDistanceTo(ix, inseeCode, f);
    if (d !== null) distances.push(d);
  }
  const finite = distances.filter(Number.isFinite);
  const lineDistance = finite.length ? Math.min(...finite) : null;
  const precision = lineDistance !== null && lineDistance < threshold;
  return {
    id: f.id, name: f.name, type: f.type, generation: set.generation, inseeCode,
    inseeQuality: set.generation === '2015' ? tags.qualiQp2015 : tags.qualiQp2024,
    computedCode: computed.code, lineDistance,
    verdict: precision ? 'precision' : 'disagreement', label: precision ? PRECISION_LABEL : DISAGREEMENT_LABEL,
  };
}

/** Distance (m) from a facility to the outline of the QPV `code` of the index; null when the set lacks it. */
function boundaryDistanceTo(ix: PerimeterIndex, code: string, f: Facility): number | null {
  for (const g of ix.groups) {
    const k = g.items.findIndex((p) => p.code === code);
    if (k < 0) continue;
    const [x, y] = converter(WGS84, g.epsg)(f.lon, f.lat);
    return ringsDistanceOf(g.rings[k], x, y);
  }
  return null;
}

/** Flat rows for CSV export (French column names; distances in metres, rounded to 0.1 m). */
export function facilityChangesRows(r: FacilityChangesResult): Record<string, unknown>[] {
  const a = r.from.generation, b = r.to.generation;
  const m = (d: number | null) => (d === null ? null : Math.round(d * 10) / 10);
  return r.facilities.map((f) => ({
    identifiant: f.id,
    nom: f.name,
    type: f.type,
    libelle_type: f.typeLabel,
    groupe: f.groupLabel,
    commune: f.commune,
    longitude: f.lon,
    latitude: f.lat,
    [`qpv_${a}`]: f.from.code,
    [`qpv_proche_${a}`]: f.from.nearestCode,
    [`distance_${a}_m`]: m(f.from.distance),
    [`qpv_${b}`]: f.to.code,
    [`qpv_proche_${b}`]: f.to.nearestCode,
    [`distance_${b}_m`]: m(f.to.distance),
    evolution: TRANSITION_LABELS[f.transition],
    code_evolution: f.transition,
  }));
}
