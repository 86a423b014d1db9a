// Changes between two sets of QPV perimeters (two generations, or two versions of one): which old
// quartier became which new one, how each changed, and the gained / lost / kept zones with their
// Filosofi counts. Pure: plain data in, plain data out; geometry through GEOS in metric coordinates.
//
// Method (README "Comparer deux générations"):
// - Boundaries within `tolerance` metres count as the same line. Two files of the same perimeter
//   never coincide (rounding, re-digitising, datum shifts): on Occitanie the 2015 file is rounded
//   to 1e-4° and shifted a few metres, leaving slivers up to ~15 m wide along unchanged outlines.
// - gained(new) = the part of the new perimeter farther than `tolerance` from every old perimeter,
//   minus slivers thinner than `tolerance` (morphological opening), then grown back inside
//   new − old by `tolerance` so that a real extension keeps its exact outline along the old line
//   (otherwise every extension would lose a strip `tolerance` wide). lost(old) symmetrically.
//   kept = old ∩ new for each pair that truly overlaps.
// - Gained / lost are measured against ALL perimeters of the other set, so a block that moved from
//   one quartier to its neighbour is "kept" (it stayed in priority geography), not gained + lost.
// - A pair truly overlaps when old ∩ new survives the opening; it is a successor link when the
//   overlap covers at least `minSuccessorShare` of the old or of the new quartier. Connected
//   components of successor links form change groups, classified by shape (1→1, n→1, 1→n, n→m).
import Flatbush from 'flatbush';
import type { FeatureCollection } from 'geojson';
import type { CellGrid, LoadedPerimeter, Polygonal } from './model.ts';
import { area, buffer, difference, initGeos, intersection, makeValid, unionAll, validityReason } from './geometry/geos.ts';
import { bboxOf, projectPolygonal } from './project.ts';
import { WGS84 } from './crs.ts';
import { secrecyFor } from './secrecy.ts';
import { coverageVerdict } from './cellCoverage.ts';
import { addZoneCounts, emptyZoneCounts, zoneCounts, ZONE_COUNT_FIELDS, type ZoneCounts, type ZoneCountField } from './zoneCounts.ts';

export { initGeos };

export const CHANGE_CLASSES = ['identical', 'extended', 'reduced', 'reshaped', 'merged', 'split', 'recomposed', 'new', 'removed'] as const;
/** recomposed = several old quartiers redrawn into several new ones (n → m). */
export type ChangeClass = (typeof CHANGE_CLASSES)[number];
export type ZoneKind = 'gained' | 'lost' | 'kept';

/** French labels for legends and exports. */
export const CHANGE_CLASS_LABELS: Record<ChangeClass, string> = {
  identical: 'identique',
  extended: 'étendu',
  reduced: 'réduit',
  reshaped: 'redessiné (gains et pertes)',
  merged: 'fusion',
  split: 'scission',
  recomposed: 'recomposition (plusieurs anciens → plusieurs nouveaux)',
  new: 'nouveau',
  removed: 'sorti de la géographie prioritaire',
};

/** Calibrated on the Occitanie 2015 ↔ 2024 pairs (scripts/calibrate-tolerance.ts). */
export const DEFAULT_TOLERANCE_M = 20;
export const DEFAULT_MIN_SUCCESSOR_SHARE = 0.1;

export interface ChangesOptions {
  tolerance: number; // metres
  grids?: CellGrid[]; // ONE Filosofi vintage for both sets
  minSuccessorShare?: number; // 0..1, default 0.1
  focus?: (p: LoadedPerimeter) => boolean; // keep only the change groups holding a quartier this accepts
}

/** Area and (with grids) Filosofi counts of a zone or a sum of zones; counts are null when secret. */
export interface ZoneFigures {
  areaM2: number;
  areaHa: number;
  ind: number | null;
  men: number | null;
  men_pauv: number | null;
  men_fmp: number | null;
  log_soc: number | null;
  imputedShare: number | null; // share of inhabitants in imputed cells
  secret: boolean; // true when fewer than 11 households in the covered part
  secretReason: string | null;
  coverage: number | null; // share of the zone inside the loaded cells' extent; null without cells or for no zone
  noData: boolean; // no cells given, or coverage below 0.99 (partly covered: figures of the covered part kept)
  noDataReason: string | null; // French
}

export interface ChangeZone {
  zone: ZoneKind;
  group: number; // index into quartiers
  class: ChangeClass;
  codeFrom: string | null; // for gained: the group's old codes joined by ", " (null for a new quartier)
  codeTo: string | null; // for lost: the group's new codes joined by ", " (null for a removed quartier)
  communes: string[]; // of the quartier the zone lies in (new one for gained/kept, old one for lost)
  departement: string | null;
  epci: string | null;
  metricEpsg: number;
  metric: Polygonal; // EPSG:metricEpsg
  lonLat: Polygonal; // EPSG:4326
  figures: ZoneFigures;
  raw: ZoneCounts | null; // unmasked sums, for totals; null without grids
}

export interface QuartierRef {
  code: string;
  name: string;
  communes: string[];
  departement: string | null;
  epci: string | null;
  areaHa: number;
  letter: string | null; // ANCT's I/M/N for 2024 codes (QN...X), null otherwise
}

export interface PairOverlap {
  codeFrom: string;
  codeTo: string;
  shareOfFrom: number; // share of the old quartier within `tolerance` of the new one (0..1)
  shareOfTo: number; // share of the new quartier within `tolerance` of the old one (0..1)
  successor: boolean;
}

export interface QuartierChange {
  class: ChangeClass;
  from: QuartierRef[];
  to: QuartierRef[];
  overlaps: PairOverlap[]; // every true overlap touching the group's quartiers
  gained: ZoneFigures;
  lost: ZoneFigures;
  kept: ZoneFigures;
}

export interface LetterDisagreement {
  codeTo: string;
  letter: string;
  expectedLetter: string; // I for identical, N for new, M otherwise
  class: ChangeClass;
}

export interface AreaTotals {
  key: string; // commune code(s) joined by "+", EPCI SIREN, or département; "inconnu" when unknown
  gained: ZoneFigures;
  lost: ZoneFigures;
  kept: ZoneFigures;
}

export interface ChangesResult {
  parameters: { tolerance: number; minSuccessorShare: number; withCells: boolean };
  counts: Record<ChangeClass, number>; // change groups per class
  quartiers: QuartierChange[];
  zones: ChangeZone[];
  letterDisagreements: LetterDisagreement[];
  totals: { all: AreaTotals; communes: AreaTotals[]; epcis: AreaTotals[]; departements: AreaTotals[] };
  repaired: string[]; // codes whose geometry was invalid and repaired (GEOS MakeValid) before comparing
}

interface Prepared {
  p: LoadedPerimeter;
  metric: Polygonal;
  area: number;
  box: [number, number, number, number];
  buffered?: Polygonal | null;
}

interface Pair {
  f: number;
  t: number;
  kept: Polygonal;
  shareOfFrom: number;
  shareOfTo: number;
  successor: boolean;
}

const QUAD_SEGS = 4; // enough for tolerance-scale buffers; 2× faster than 8

/** Returns the ANCT letter (I, M, N) ending a 2024 code such as QN06007M, or null for other codes. */
export function anctLetter(code: string): string | null {
  const m = /^QN\w+([IMN])$/.exec(code);
  return m ? m[1] : null;
}

/** Returns the letter ANCT should carry for a computed class: I identical, N new, M otherwise. */
export function expectedLetter(cls: ChangeClass): string {
  return cls === 'identical' ? 'I' : cls === 'new' ? 'N' : 'M';
}

/** g without slivers thinner than width (morphological opening), same CRS; null when nothing remains. */
export function openSlivers(g: Polygonal, width: number): Polygonal | null {
  if (width <= 0) return g;
  const eroded = buffer(g, -width / 2, QUAD_SEGS);
  return eroded ? buffer(eroded, width / 2, QUAD_SEGS) : null;
}

/**
 * Returns the part of `g` that lies outside every polygon of `others` beyond the tolerance, without
 * slivers, with its exact outline along `others` (metric CRS, metres). Null when none.
 */
export function beyondTolerance(g: Polygonal, others: Polygonal[], othersBuffered: Polygonal[], tolerance: number): Polygonal | null {
  const raw = others.length ? difference(g, unionAll(others) ?? g) : g;
  if (!raw || tolerance <= 0) return raw;
  const far = othersBuffered.length ? difference(g, unionAll(othersBuffered) ?? g) : g;
  const core = far ? openSlivers(far, tolerance) : null;
  if (!core) return null;
  const reach = buffer(core, tolerance * 1.1, QUAD_SEGS);
  const near = reach ? intersection(raw, reach) : null;
  if (!near || near.type === 'Polygon') return near;
  // Pieces of raw that the growth reached without touching the core are slivers next to it: dropped.
  const parts = near.coordinates.filter((c) => !!intersection({ type: 'Polygon', coordinates: c }, core));
  return parts.length === 0 ? null : parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts };
}

/** Compares two perimeter sets (metric coordinates) and returns classes, zones and totals. Call initGeos() first. */
export function perimeterChanges(from: LoadedPerimeter[], to: LoadedPerimeter[], opts: ChangesOptions): ChangesResult {
  const tol = Math.max(0, opts.tolerance);
  const minShare = opts.minSuccessorShare ?? DEFAULT_MIN_SUCCESSOR_SHARE;
  const repaired: string[] = [];
  const prep = (p: LoadedPerimeter): Prepared => {
    let metric = p.metric;
    if (validityReason(metric)) {
      metric = makeValid(metric) ?? metric;
      repaired.push(p.code);
    }
    return { p, metric, area: area(metric), box: bboxOf(metric) };
  };
  const F = from.map(prep);
  const T = to.map(prep);
  const buffered = (x: Prepared) => (x.buffered === undefined ? (x.buffered = tol > 0 ? buffer(x.metric, tol, QUAD_SEGS) : x.metric) : x.buffered);

  // Candidate pairs: boxes within the tolerance, same metric CRS.
  const index = T.length ? new Flatbush(T.length) : null;
  for (const t of T) index?.add(t.box[0], t.box[1], t.box[2], t.box[3]);
  index?.finish();
  const nearTo: number[][] = F.map(() => []);
  const nearFrom: number[][] = T.map(() => []);
  const pairs: Pair[] = [];
  F.forEach((f, fi) => {
    if (!index) return;
    const hits = index.search(f.box[0] - tol, f.box[1] - tol, f.box[2] + tol, f.box[3] + tol);
    for (const ti of hits) {
      const t = T[ti];
      if (t.p.metricEpsg !== f.p.metricEpsg) continue;
      nearTo[fi].push(ti);
      nearFrom[ti].push(fi);
      const kept = intersection(f.metric, t.metric);
      if (!kept || !openSlivers(kept, tol)) continue;
      const sf = tol > 0 ? areaOf(intersection(f.metric, buffered(t)!)) / f.area : area(kept) / f.area;
      const st = tol > 0 ? areaOf(intersection(t.metric, buffered(f)!)) / t.area : area(kept) / t.area;
      const shareOfFrom = Math.min(1, sf);
      const shareOfTo = Math.min(1, st);
      pairs.push({ f: fi, t: ti, kept, shareOfFrom, shareOfTo, successor: Math.max(shareOfFrom, shareOfTo) >= minShare });
    }
  });

  // Change groups: connected components of successor links (union-find over from ∪ to).
  const parent = new Int32Array(F.length + T.length).map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const pr of pairs) if (pr.successor) parent[find(pr.f)] = find(F.length + pr.t);
  const groupOf = new Map<number, { f: number[]; t: number[] }>();
  const member = (root: number) => groupOf.get(root) ?? (groupOf.set(root, { f: [], t: [] }), groupOf.get(root)!);
  F.forEach((_, fi) => member(find(fi)).f.push(fi));
  T.forEach((_, ti) => member(find(F.length + ti)).t.push(ti));
  const groups = [...groupOf.values()].filter((g) => !opts.focus || g.f.some((fi) => opts.focus!(F[fi].p)) || g.t.some((ti) => opts.focus!(T[ti].p))).sort((a, b) => firstCode(a).localeCompare(firstCode(b)));
  function firstCode(g: { f: number[]; t: number[] }): string {
    return g.t.length ? T[g.t[0]].p.code : F[g.f[0]].p.code;
  }
  const groupIndexOfFrom = new Int32Array(F.length).fill(-1);
  const groupIndexOfTo = new Int32Array(T.length).fill(-1);
  groups.forEach((g, gi) => {
    for (const fi of g.f) groupIndexOfFrom[fi] = gi;
    for (const ti of g.t) groupIndexOfTo[ti] = gi;
  });

  // Zones.
  const gainedOf = T.map((t, ti) => groupIndexOfTo[ti] < 0 ? null : beyondTolerance(t.metric, nearFrom[ti].map((fi) => F[fi].metric), tol > 0 ? nearFrom[ti].map((fi) => buffered(F[fi])!) : [], tol));
  const lostOf = F.map((f, fi) => groupIndexOfFrom[fi] < 0 ? null : beyondTolerance(f.metric, nearTo[fi].map((ti) => T[ti].metric), tol > 0 ? nearTo[fi].map((ti) => buffered(T[ti])!) : [], tol));

  // Classes: a kept zone shared with a quartier outside the group is a gain (or loss) for the group's shape.
  const classes: ChangeClass[] = groups.map((g, gi) => {
    const nf = g.f.length;
    const nt = g.t.length;
    if (nf === 0) return 'new';
    if (nt === 0) return 'removed';
    if (nf > 1 && nt > 1) return 'recomposed';
    if (nf > 1) return 'merged';
    if (nt > 1) return 'split';
    const outside = pairs.filter((pr) => (pr.f === g.f[0]) !== (pr.t === g.t[0]) && (groupIndexOfFrom[pr.f] === gi || groupIndexOfTo[pr.t] === gi));
    const gained = !!gainedOf[g.t[0]] || outside.some((pr) => pr.t === g.t[0]);
    const lost = !!lostOf[g.f[0]] || outside.some((pr) => pr.f === g.f[0]);
    return gained && lost ? 'reshaped' : gained ? 'extended' : lost ? 'reduced' : 'identical';
  });

  const grids = opts.grids && opts.grids.length ? opts.grids : null;
  const zones: ChangeZone[] = [];
  const makeZone = (zone: ZoneKind, gi: number, codeFrom: string | null, codeTo: string | null, owner: LoadedPerimeter, metric: Polygonal) => {
    const lonLat = projectPolygonal(metric, owner.metricEpsg, WGS84);
    const raw = grids ? zoneCounts(grids, lonLat) : null;
    zones.push({
      zone, group: gi, class: classes[gi], codeFrom, codeTo,
      communes: owner.communes, departement: owner.departement, epci: owner.epci,
      metricEpsg: owner.metricEpsg, metric, lonLat, figures: figuresOf(area(metric), raw, !!grids), raw,
    });
  };
  const codes = (idx: number[], set: Prepared[]) => (idx.length ? idx.map((i) => set[i].p.code).join(', ') : null);
  T.forEach((t, ti) => {
    const g = gainedOf[ti];
    if (g) makeZone('gained', groupIndexOfTo[ti], codes(groups[groupIndexOfTo[ti]].f, F), t.p.code, t.p, g);
  });
  F.forEach((f, fi) => {
    const l = lostOf[fi];
    if (l) makeZone('lost', groupIndexOfFrom[fi], f.p.code, codes(groups[groupIndexOfFrom[fi]].t, T), f.p, l);
  });
  for (const pr of pairs) if (groupIndexOfTo[pr.t] >= 0) makeZone('kept', groupIndexOfTo[pr.t], F[pr.f].p.code, T[pr.t].p.code, T[pr.t].p, pr.kept);

  const ref = (x: Prepared): QuartierRef => ({
    code: x.p.code, name: x.p.name, communes: x.p.communes, departement: x.p.departement, epci: x.p.epci,
    areaHa: x.area / 1e4, letter: anctLetter(x.p.code),
  });
  const sumZones = (zs: ChangeZone[]) => sumFigures(zs, !!grids);
  const quartiers: QuartierChange[] = groups.map((g, gi) => {
    const zs = zones.filter((z) => z.group === gi);
    return {
      class: classes[gi],
      from: g.f.map((fi) => ref(F[fi])),
      to: g.t.map((ti) => ref(T[ti])),
      overlaps: pairs
        .filter((pr) => groupIndexOfFrom[pr.f] === gi || groupIndexOfTo[pr.t] === gi)
        .map((pr) => ({ codeFrom: F[pr.f].p.code, codeTo: T[pr.t].p.code, shareOfFrom: pr.shareOfFrom, shareOfTo: pr.shareOfTo, successor: pr.successor })),
      gained: sumZones(zs.filter((z) => z.zone === 'gained')),
      lost: sumZones(zs.filter((z) => z.zone === 'lost')),
      kept: sumZones(zs.filter((z) => z.zone === 'kept')),
    };
  });

  const counts = Object.fromEntries(CHANGE_CLASSES.map((c) => [c, 0])) as Record<ChangeClass, number>;
  for (const c of classes) counts[c]++;
  const letterDisagreements: LetterDisagreement[] = [];
  groups.forEach((g, gi) => {
    for (const ti of g.t) {
      const letter = anctLetter(T[ti].p.code);
      const expected = expectedLetter(classes[gi]);
      if (letter && letter !== expected) letterDisagreements.push({ codeTo: T[ti].p.code, letter, expectedLetter: expected, class: classes[gi] });
    }
  });

  const totalsBy = (key: (z: ChangeZone) => string): AreaTotals[] => {
    const byKey = new Map<string, ChangeZone[]>();
    for (const z of zones) {
      const k = key(z);
      (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(z);
    }
    return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, zs]) => totalsOf(k, zs, !!grids));
  };
  return {
    parameters: { tolerance: tol, minSuccessorShare: minShare, withCells: !!grids },
    counts,
    quartiers,
    zones,
    letterDisagreements,
    totals: {
      all: totalsOf('tout', zones, !!grids),
      // A zone of a quartier spanning several communes is not split by commune outlines: its key lists them all.
      communes: totalsBy((z) => (z.communes.length ? z.communes.join('+') : 'inconnu')),
      epcis: totalsBy((z) => z.epci ?? 'inconnu'),
      departements: totalsBy((z) => z.departement ?? 'inconnu'),
    },
    repaired,
  };
}

function areaOf(g: Polygonal | null): number {
  return g ? area(g) : 0;
}

function totalsOf(key: string, zs: ChangeZone[], withCells: boolean): AreaTotals {
  return {
    key,
    gained: sumFigures(zs.filter((z) => z.zone === 'gained'), withCells),
    lost: sumFigures(zs.filter((z) => z.zone === 'lost'), withCells),
    kept: sumFigures(zs.filter((z) => z.zone === 'kept'), withCells),
  };
}

/** Sums zones' areas and raw counts, then applies the secrecy rule to the sum itself. */
function sumFigures(zs: ChangeZone[], withCells: boolean): ZoneFigures {
  let a = 0;
  let raw: ZoneCounts | null = withCells ? emptyZoneCounts() : null;
  for (const z of zs) {
    a += z.figures.areaM2;
    if (raw && z.raw) raw = addZoneCounts(raw, z.raw);
  }
  return figuresOf(a, raw, withCells);
}

function figuresOf(areaM2: number, raw: ZoneCounts | null, withCells: boolean): ZoneFigures {
  // No cells, or a zone outside their extent: nothing is known, which is not INSEE's secrecy.
  const data = !withCells || !raw ? coverageVerdict(null) : raw.coverage === null ? coverageVerdict(1) : coverageVerdict(raw.coverage);
  const verdict = data.noData && !data.partial ? { secret: false, reason: null } : secrecyFor(raw!.counts.men);
  const show = (f: ZoneCountField) => (raw && !verdict.secret && !(data.noData && !data.partial) && Number.isFinite(raw.counts[f]) ? round1(raw.counts[f]) : null);
  const out: ZoneFigures = {
    areaM2: Math.round(areaM2),
    areaHa: Math.round(areaM2 / 100) / 100,
    ind: null, men: null, men_pauv: null, men_fmp: null, log_soc: null,
    imputedShare: raw?.imputedShare ?? null,
    secret: verdict.secret,
    secretReason: verdict.reason,
    coverage: raw?.coverage ?? null,
    noData: data.noData,
    noDataReason: data.reason,
  };
  for (const f of ZONE_COUNT_FIELDS) out[f] = show(f);
  return out;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** GeoJSON FeatureCollection (lonLat) of the zones with their class and figures. */
export function changesToGeoJSON(result: ChangesResult): FeatureCollection<Polygonal> {
  return {
    type: 'FeatureCollection',
    features: result.zones.map((z) => ({
      type: 'Feature',
      geometry: z.lonLat,
      properties: {
        zone: z.zone, codeFrom: z.codeFrom, codeTo: z.codeTo, class: z.class, areaHa: z.figures.areaHa,
        ind: z.figures.ind, men: z.figures.men, men_pauv: z.figures.men_pauv, men_fmp: z.figures.men_fmp, log_soc: z.figures.log_soc,
        secret: z.figures.secret, noData: z.figures.noData,
      },
    })),
  };
}

/**
 * Returns the perimeters of both sets that a comparison focused on `isSeed` quartiers needs: the
 * seeds and, two hops out, every perimeter of the other set whose lonLat bbox comes within `marginDeg`.
 */
export function changesNeighbourhood(from: LoadedPerimeter[], to: LoadedPerimeter[], isSeed: (p: LoadedPerimeter) => boolean, marginDeg = 0.005): { from: LoadedPerimeter[]; to: LoadedPerimeter[] } {
  const near = (a: LoadedPerimeter, b: LoadedPerimeter) =>
    a.bbox[0] - marginDeg <= b.bbox[2] && b.bbox[0] - marginDeg <= a.bbox[2] && a.bbox[1] - marginDeg <= b.bbox[3] && b.bbox[1] - marginDeg <= a.bbox[3];
  const F = new Set(from.filter(isSeed));
  const T = new Set(to.filter(isSeed));
  for (let hop = 0; hop < 2; hop++) {
    for (const t of to) if (!T.has(t) && [...F].some((f) => near(f, t))) T.add(t);
    for (const f of from) if (!F.has(f) && [...T].some((t) => near(f, t))) F.add(f);
  }
  return { from: from.filter((f) => F.has(f)), to: to.filter((t) => T.has(t)) };
}
