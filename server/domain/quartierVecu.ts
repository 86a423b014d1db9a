// The "quartier vécu" of a QPV as an explicit rule: a distance band around the perimeter, optionally
// clipped to its commune(s) or EPCI, with facilities added or excluded by hand. No official
// distance exists (DOMAIN.md §5), so the rule travels with every result as a French sentence.
// Geometry is computed in the perimeter's metric CRS (GEOS), returned in lonLat.
import type { CellGrid, Commune, Facility, LoadedPerimeter, Polygonal } from './model.ts';
import { buffer, difference, intersection, union, unionAll, area } from './geometry/geos.ts';
import { projectPolygonal, bboxOf, bboxIntersects } from './project.ts';
import { converter, WGS84 } from './crs.ts';
import { facilityType } from './facilityTypes.ts';
import { indicatorsForArea, type AreaIndicators } from './indicators.ts';
import { ringsContain, ringsDistance } from './perimeterIndex.ts';
import { RequestError } from './requestError.ts';

/** Distance presets (m) with the practice that justifies each; none is official. */
export const VECU_PRESETS: readonly { distance: number; label: string; justification: string }[] = [
  { distance: 300, label: '300 m', justification: 'Bande de TVA à taux réduit autour des QPV ; analyses scolaires « à moins de 300 m d’un QPV ».' },
  { distance: 500, label: '500 m', justification: 'Bande de TVA à taux réduit autour des quartiers du NPNRU (renouvellement urbain).' },
  { distance: 1000, label: '1 000 m', justification: 'Ancienne API publique : « à proximité d’un QPV ».' },
];

/** Segments per quarter circle for the band's rounded corners (area error < 0.2 % of the disc). */
export const VECU_QUAD_SEGS = 16;

export type VecuClip = 'none' | 'communes' | 'epci';

export interface VecuRule {
  distance: number; // m, > 0
  clip: VecuClip;
  include: string[]; // facility ids added by hand
  exclude: string[]; // facility ids removed by hand
  generation: string;
  version: string | null;
}

/** Bad rule or missing input for a rule (e.g. clip to communes without commune outlines); message in French. */
export class VecuInputError extends RequestError {
  constructor(message: string, details: unknown = null) {
    super(message, 422, details);
    this.name = 'VecuInputError';
  }
}

export type VecuPlace = 'qpv' | 'band' | 'added' | 'excluded';

export interface VecuFacility {
  id: string;
  name: string | null;
  type: string;
  typeLabel: string; // French
  group: string;
  groupLabel: string; // French
  symbol: string;
  lon: number;
  lat: number;
  distance: number; // m from the perimeter (0 inside), metric
  place: VecuPlace;
}

export interface VecuTypeCount {
  type: string;
  typeLabel: string;
  group: string;
  groupLabel: string;
  qpv: number;
  band: number;
  added: number;
  excluded: number;
}

export interface VecuResult {
  code: string;
  name: string;
  generation: string;
  version: string | null;
  rule: VecuRule;
  ruleText: string;
  metricEpsg: number;
  band: Polygonal | null; // lonLat; null when the clip leaves nothing
  qpvPlusBand: Polygonal; // lonLat
  bandAreaM2: number;
  qpvPlusBandAreaM2: number;
  clipCommunes: string[]; // commune codes whose union clipped the band ([] when clip = 'none')
  facilities: {
    qpv: VecuFacility[];
    band: VecuFacility[];
    added: VecuFacility[];
    excluded: VecuFacility[];
    byType: VecuTypeCount[];
    unknownIds: string[]; // include/exclude ids matching no facility
  };
  indicators: { band: AreaIndicators | null; qpvPlusBand: AreaIndicators | null }; // null without cells
}

export interface VecuContext {
  facilities: Facility[];
  grids?: CellGrid[];
  communes?: Commune[];
}

const fmt = (n: number) => n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');

/** Returns the rule as a French sentence for legends and exports. */
export function vecuRuleSentence(rule: VecuRule): string {
  const gen = `${rule.generation}${rule.version ? ` (version ${rule.version})` : ''}`;
  const clip = rule.clip === 'communes' ? ', limitée à la commune' : rule.clip === 'epci' ? ', limitée à l’EPCI' : '';
  let s = `Quartier vécu : bande de ${fmt(rule.distance)} m autour du périmètre ${gen}${clip}`;
  const extras: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
  if (rule.include.length) extras.push(plural(rule.include.length, 'équipement ajouté', 'équipements ajoutés'));
  if (rule.exclude.length) extras.push(plural(rule.exclude.length, 'équipement exclu', 'équipements exclus'));
  if (extras.length) s += ` ; ${extras.join(', ')} à la main`;
  return s;
}

/** Checks a rule and returns it normalised (deduplicated ids); throws VecuInputError in French. */
export function normaliseVecuRule(rule: VecuRule): VecuRule {
  if (!Number.isFinite(rule.distance) || rule.distance <= 0 || rule.distance > 5000) {
    throw new VecuInputError(`Distance du quartier vécu invalide : ${rule.distance} (attendu : un nombre de mètres entre 1 et 5 000, par exemple 300, 500 ou 1 000).`);
  }
  if (!['none', 'communes', 'epci'].includes(rule.clip)) {
    throw new VecuInputError(`Limite du quartier vécu invalide : « ${rule.clip} » (attendu : none, communes ou epci).`);
  }
  const both = rule.include.filter((id) => rule.exclude.includes(id));
  if (both.length) throw new VecuInputError(`Équipements à la fois ajoutés et exclus : ${both.join(', ')}.`, { ids: both });
  return { ...rule, include: [...new Set(rule.include)], exclude: [...new Set(rule.exclude)] };
}

/** Communes whose union clips the band: the QPV's own communes, or every commune of its EPCI(s). */
function clipCommunesFor(p: LoadedPerimeter, clip: VecuClip, communes: Commune[]): Commune[] {
  if (clip === 'none') return [];
  if (!communes.length) throw new VecuInputError('Limiter le quartier vécu aux communes demande les contours des communes : importez-les d’abord.');
  const own = communes.filter((c) => p.communes.includes(c.code));
  if (clip === 'communes') {
    if (!own.length) throw new VecuInputError(`Aucun contour de commune trouvé pour ${p.code} (communes ${p.communes.join(', ') || 'inconnues'}).`);
    return own;
  }
  const epcis = new Set([p.epci, ...own.map((c) => c.epci)].filter((e): e is string => !!e));
  if (!epcis.size) throw new VecuInputError(`EPCI inconnu pour ${p.code} : ni le périmètre ni ses communes ne portent de SIREN d’EPCI.`);
  return communes.filter((c) => c.epci && epcis.has(c.epci));
}

function flatRings(g: Polygonal): Float64Array[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flatMap((p) => p.map((r) => Float64Array.from(r.flatMap(([x, y]) => [x, y]))));
}

/** Returns the quartier vécu of one QPV under a rule: band and QPV+band outlines (lonLat), facilities, indicators. */
export function quartierVecu(perimeter: LoadedPerimeter, rule: VecuRule, ctx: VecuContext): VecuResult {
  return vecuWithMetricBand(perimeter, rule, ctx).result;
}

function vecuWithMetricBand(perimeter: LoadedPerimeter, rule: VecuRule, ctx: VecuContext): { result: VecuResult; bandMetric: Polygonal | null } {
  rule = normaliseVecuRule(rule);
  const epsg = perimeter.metricEpsg;
  const grown = buffer(perimeter.metric, rule.distance, VECU_QUAD_SEGS);
  if (!grown) throw new VecuInputError(`Impossible de construire la bande autour de ${perimeter.code}.`);
  let band = difference(grown, perimeter.metric);
  const clipBy = clipCommunesFor(perimeter, rule.clip, ctx.communes ?? []);
  if (clipBy.length && band) {
    const growBox = bboxOf(grown);
    const clipMetric = clipBy.map((c) => projectPolygonal(c.geometry, WGS84, epsg)).filter((g) => bboxIntersects(bboxOf(g), growBox));
    const clipArea = clipMetric.length ? unionAll(clipMetric) : null;
    band = clipArea ? intersection(band, clipArea) : null;
  }
  const whole = band ? union(perimeter.metric, band) ?? perimeter.metric : perimeter.metric;

  const facilities = classifyFacilities(perimeter, band, whole, rule, ctx.facilities);
  const bandLonLat = band ? projectPolygonal(band, epsg, WGS84) : null;
  const wholeLonLat = projectPolygonal(whole, epsg, WGS84);
  const grids = ctx.grids ?? [];
  const result: VecuResult = {
    code: perimeter.code,
    name: perimeter.name,
    generation: perimeter.generation,
    version: perimeter.version,
    rule,
    ruleText: vecuRuleSentence(rule),
    metricEpsg: epsg,
    band: bandLonLat,
    qpvPlusBand: wholeLonLat,
    bandAreaM2: band ? area(band) : 0,
    qpvPlusBandAreaM2: area(whole),
    clipCommunes: clipBy.map((c) => c.code),
    facilities,
    indicators: {
      band: grids.length && bandLonLat ? indicatorsForArea(grids, bandLonLat) : null,
      qpvPlusBand: grids.length ? indicatorsForArea(grids, wholeLonLat) : null,
    },
  };
  return { result, bandMetric: band };
}

function classifyFacilities(p: LoadedPerimeter, band: Polygonal | null, whole: Polygonal, rule: VecuRule, all: Facility[]): VecuResult['facilities'] {
  const toMetric = converter(WGS84, p.metricEpsg);
  const qpvRings = flatRings(p.metric);
  const bandRings = band ? flatRings(band) : [];
  const [minX, minY, maxX, maxY] = bboxOf(whole);
  const include = new Set(rule.include);
  const exclude = new Set(rule.exclude);
  const seen = new Set<string>();
  const out: VecuResult['facilities'] = { qpv: [], band: [], added: [], excluded: [], byType: [], unknownIds: [] };
  for (const f of all) {
    const wanted = include.has(f.id) || exclude.has(f.id);
    if (wanted) seen.add(f.id);
    const [x, y] = toMetric(f.lon, f.lat);
    const inBox = x >= minX && x <= maxX && y >= minY && y <= maxY;
    if (!inBox && !wanted) continue;
    const inQpv = inBox && ringsContain(qpvRings, x, y);
    const inBand = !inQpv && inBox && bandRings.length > 0 && ringsContain(bandRings, x, y);
    let place: VecuPlace | null = null;
    // The regulatory perimeter wins over a manual exclusion: a facility inside the QPV stays in it.
    if (inQpv) place = 'qpv';
    else if (exclude.has(f.id)) place = 'excluded';
    else if (inBand) place = 'band';
    else if (include.has(f.id)) place = 'added';
    if (!place) continue;
    const t = facilityType(f.type);
    out[place].push({
      id: f.id, name: f.name, type: f.type, typeLabel: f.typeLabel && f.typeLabel !== f.type ? f.typeLabel : t.label,
      group: t.group, groupLabel: t.groupLabel, symbol: t.symbol, lon: f.lon, lat: f.lat,
      distance: inQpv ? 0 : ringsDistance(qpvRings, x, y), place,
    });
  }
  out.unknownIds = [...include, ...exclude].filter((id) => !seen.has(id));
  const byType = new Map<string, VecuTypeCount>();
  for (const place of ['qpv', 'band', 'added', 'excluded'] as const) {
    for (const f of out[place]) {
      let c = byType.get(f.type);
      if (!c) byType.set(f.type, (c = { type: f.type, typeLabel: f.typeLabel, group: f.group, groupLabel: f.groupLabel, qpv: 0, band: 0, added: 0, excluded: 0 }));
      c[place]++;
    }
    out[place].sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
  }
  out.byType = [...byType.values()].sort((a, b) => a.group.localeCompare(b.group) || a.type.localeCompare(b.type));
  return out;
}

export interface VecuOverlap {
  code: string;
  otherCode: string;
  with: 'band' | 'perimeter'; // the other QPV's band, or its perimeter itself
  areaM2: number;
}

// Slivers below 1 m² come from coordinate noise between neighbouring outlines, not from real overlaps.
const MIN_OVERLAP_M2 = 1;

export interface VecuAllResult {
  results: VecuResult[];
  overlaps: VecuOverlap[]; // bands of different QPVs overlapping each other or another QPV
}

/** Returns the quartier vécu of every perimeter of a set under one rule, and where bands overlap (m²). */
export function quartierVecuAll(perimeters: LoadedPerimeter[], rule: VecuRule, ctx: VecuContext): VecuAllResult {
  const computed = perimeters.map((p) => vecuWithMetricBand(p, { ...rule, generation: p.generation, version: p.version }, ctx));
  const results = computed.map((c) => c.result);
  const bandsMetric = computed.map((c) => c.bandMetric);
  const overlaps: VecuOverlap[] = [];
  const boxes = results.map((r) => bboxOf(r.qpvPlusBand));
  for (let a = 0; a < results.length; a++) {
    const ba = bandsMetric[a];
    if (!ba) continue;
    for (let b = 0; b < results.length; b++) {
      if (a === b || perimeters[a].metricEpsg !== perimeters[b].metricEpsg || !bboxIntersects(boxes[a], boxes[b])) continue;
      const onPerimeter = intersection(ba, perimeters[b].metric);
      if (onPerimeter && area(onPerimeter) >= MIN_OVERLAP_M2) overlaps.push({ code: results[a].code, otherCode: results[b].code, with: 'perimeter', areaM2: area(onPerimeter) });
      const bb = bandsMetric[b];
      if (b > a && bb) {
        const common = intersection(ba, bb);
        if (common && area(common) >= MIN_OVERLAP_M2) overlaps.push({ code: results[a].code, otherCode: results[b].code, with: 'band', areaM2: area(common) });
      }
    }
  }
  return { results, overlaps };
}
