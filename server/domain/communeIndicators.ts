// Indicators of a commune split into its QPVs and the rest of the commune (commune minus QPVs).
// Needs GEOS initialised (initGeos). Pure computation.
import type { CellGrid, Polygonal } from './model.ts';
import { indicatorsForAreaInCrs, gridCrsFor, type AreaIndicators } from './indicators.ts';
import { difference, intersection, unionAll } from './geometry/geos.ts';
import { WGS84 } from './crs.ts';
import { projectPolygonal } from './project.ts';

export interface CommuneRestIndicators {
  commune: AreaIndicators;
  qpvs: AreaIndicators | null; // the QPVs' parts inside the commune, together; null when the commune has none
  rest: AreaIndicators | null; // commune minus QPVs; null when QPVs cover the whole commune
  restLonLat: Polygonal | null; // the rest's outline (WGS84)
}

/**
 * Returns the indicators of a commune, of its QPVs (clipped to the commune) and of the rest of the
 * commune; the split is computed with GEOS in the cell grid's CRS (EPSG:3035 in métropole), so the
 * QPV part and the rest add up to the commune.
 */
export function indicatorsForCommuneRest(grids: CellGrid[], communeLonLat: Polygonal, qpvsLonLat: Polygonal[]): CommuneRestIndicators {
  const epsg = gridCrsFor(communeLonLat);
  const commune = projectPolygonal(communeLonLat, WGS84, epsg);
  const qpvUnion = qpvsLonLat.length ? unionAll(qpvsLonLat.map((q) => projectPolygonal(q, WGS84, epsg))) : null;
  const qpvPart = qpvUnion ? intersection(commune, qpvUnion) : null;
  const rest = qpvPart ? difference(commune, qpvPart) : commune;
  return {
    commune: indicatorsForAreaInCrs(grids, commune, epsg),
    qpvs: qpvPart ? indicatorsForAreaInCrs(grids, qpvPart, epsg) : null,
    rest: rest ? indicatorsForAreaInCrs(grids, rest, epsg) : null,
    restLonLat: rest ? projectPolygonal(rest, epsg, WGS84) : null,
  };
}
