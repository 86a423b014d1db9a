// The study area of an analysis from commune outlines: chosen communes, an EPCI or a département,
// dissolved into one lonLat geometry. Pure computation (GEOS for the union).
import type { Commune, Polygonal } from './model.ts';
import { unionAll } from './geometry/geos.ts';

export interface StudyAreaQuery {
  communes?: string[]; // INSEE codes
  epci?: string; // SIREN
  departement?: string; // "60", "2A", "971"
}

export interface StudyAreaSelection {
  area: Polygonal | null; // lonLat union of the communes found; null when none
  communes: Commune[]; // the communes making up the area, by code
  unknown: string[]; // requested commune codes absent from the outlines
}

/**
 * Returns the union (lonLat) of the communes named by code, plus those of the EPCI and of the
 * département when given (the three add up), with the requested codes that no outline carries.
 */
export function studyAreaFromCommunes(all: Commune[], query: StudyAreaQuery): StudyAreaSelection {
  const byCode = new Map(all.map((c) => [c.code, c]));
  const chosen = new Map<string, Commune>();
  const unknown: string[] = [];
  for (const raw of query.communes ?? []) {
    const code = raw.trim().toUpperCase();
    if (!code) continue;
    const c = byCode.get(code);
    if (c) chosen.set(code, c);
    else if (!unknown.includes(code)) unknown.push(code);
  }
  if (query.epci) for (const c of all) if (c.epci === query.epci) chosen.set(c.code, c);
  if (query.departement) for (const c of all) if (c.departement === query.departement) chosen.set(c.code, c);
  const communes = [...chosen.values()].sort((a, b) => a.code.localeCompare(b.code));
  return { area: dissolve(communes.map((c) => c.geometry)), communes, unknown };
}

/** Returns the union of lonLat polygons; falls back to their plain collection when GEOS refuses the input. */
function dissolve(gs: Polygonal[]): Polygonal | null {
  if (gs.length === 0) return null;
  if (gs.length === 1) return gs[0];
  try {
    return unionAll(gs);
  } catch {
    // Simplified outlines can overlap by slivers; areal weights then double-count only those slivers.
    return { type: 'MultiPolygon', coordinates: gs.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) };
  }
}
