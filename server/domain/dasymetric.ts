// Dasymetric weights: a cell's people are where its residential buildings are, not spread evenly.
// Needs GEOS initialised (initGeos) for buildings the outline cuts through. Pure computation.
import Flatbush from 'flatbush';
import type { Building, CellGrid, Polygonal } from './model.ts';
import { containsPoint, prepareClip, squareOverlapArea, type ArealWeights, type ClipPrepared } from './arealWeights.ts';
import { intersection } from './geometry/geos.ts';
import { WGS84 } from './crs.ts';
import { projectPolygonal } from './project.ts';

/** Residential buildings projected into one grid CRS, with their weights and a spatial index. */
interface PreparedBuildings {
  geoms: Polygonal[]; // EPSG:grid CRS
  clips: ClipPrepared[];
  factor: Float64Array; // floors when known (floor area = footprint × floors), else 1
  index: Flatbush | null; // null when there is no residential building
}

const prepared = new WeakMap<Building[], Map<number, PreparedBuildings>>();

/** Returns the residential buildings projected to EPSG:epsg and indexed; cached per array and CRS. */
export function prepareBuildings(buildings: Building[], epsg: number): PreparedBuildings {
  let byCrs = prepared.get(buildings);
  if (!byCrs) prepared.set(buildings, (byCrs = new Map()));
  let p = byCrs.get(epsg);
  if (p) return p;
  // A source that does not say (null) is taken as residential: footprint files often carry no use.
  const kept = buildings.filter((b) => b.residential !== false);
  const geoms = kept.map((b) => projectPolygonal(b.geometry, WGS84, epsg));
  const clips = geoms.map(prepareClip);
  const factor = Float64Array.from(kept, (b) => (b.floors !== null && b.floors > 0 ? b.floors : 1));
  let index: Flatbush | null = null;
  if (clips.length > 0) {
    index = new Flatbush(clips.length);
    for (const c of clips) index.add(c.bbox[0], c.bbox[1], c.bbox[2], c.bbox[3]);
    index.finish();
  }
  p = { geoms, clips, factor, index };
  byCrs.set(epsg, p);
  return p;
}

export interface DasymetricWeights {
  weights: ArealWeights; // same cells and order as the geometric weights; a fraction may be 0
  fallback: Uint8Array; // 1 where a border cell has no residential building: areal fraction kept
}

/**
 * Returns, for each cell of `geometric` (areal weights of `areaInGridCrs` in EPSG:grid.epsg), the share of
 * the cell's residential floor area (footprint × floors when known) lying inside the area. Cells wholly
 * inside keep 1; border cells without any residential building fall back to their areal fraction.
 */
export function dasymetricWeights(grid: CellGrid, areaInGridCrs: Polygonal, geometric: ArealWeights, buildings: Building[]): DasymetricWeights {
  const b = prepareBuildings(buildings, grid.epsg);
  const n = geometric.index.length;
  const fraction = new Float64Array(n);
  const fallback = new Uint8Array(n);
  if (n === 0) return { weights: geometric, fallback };
  const area = prepareClip(areaInGridCrs);
  const edges = edgeIndex(area);
  const insideParts = new Map<number, ClipPrepared | null>(); // building → its part inside the area
  const s = grid.size;

  for (let m = 0; m < n; m++) {
    if (geometric.fraction[m] === 1 || !b.index) {
      fraction[m] = geometric.fraction[m];
      fallback[m] = geometric.fraction[m] === 1 ? 0 : 1;
      continue;
    }
    const k = geometric.index[m];
    const x0 = grid.i[k] * s, y0 = grid.j[k] * s;
    let whole = 0, inside = 0;
    for (const bi of b.index.search(x0, y0, x0 + s, y0 + s)) {
      const w = squareOverlapArea(b.clips[bi], x0, y0, s) * b.factor[bi];
      if (w <= 0) continue;
      whole += w;
      let part = insideParts.get(bi);
      if (part === undefined) insideParts.set(bi, (part = partInside(b, bi, area, areaInGridCrs, edges)));
      if (part) inside += part === b.clips[bi] ? w : squareOverlapArea(part, x0, y0, s) * b.factor[bi];
    }
    if (whole > 0) fraction[m] = Math.min(1, inside / whole);
    else {
      fraction[m] = geometric.fraction[m];
      fallback[m] = 1;
    }
  }
  return { weights: { index: geometric.index, fraction }, fallback };
}

// The part of building bi inside the area: the building itself when no outline edge comes near it,
// null when it is outside, else the GEOS intersection.
function partInside(b: PreparedBuildings, bi: number, area: ClipPrepared, areaGeom: Polygonal, edges: Flatbush): ClipPrepared | null {
  const c = b.clips[bi];
  const [minX, minY, maxX, maxY] = c.bbox;
  if (edges.search(minX, minY, maxX, maxY).length === 0) {
    const r = c.rings[0];
    return containsPoint(area, r.xy[0], r.xy[1]) ? c : null;
  }
  const inter = intersection(b.geoms[bi], areaGeom);
  return inter ? prepareClip(inter) : null;
}

function edgeIndex(area: ClipPrepared): Flatbush {
  let count = 0;
  for (const r of area.rings) count += r.n;
  const idx = new Flatbush(count); // count > 0: an area with cells has rings
  for (const r of area.rings) {
    for (let a = 0, p = r.n - 1; a < r.n; p = a++) {
      const ax = r.xy[2 * a], ay = r.xy[2 * a + 1], px = r.xy[2 * p], py = r.xy[2 * p + 1];
      idx.add(Math.min(ax, px), Math.min(ay, py), Math.max(ax, px), Math.max(ay, py));
    }
  }
  idx.finish();
  return idx;
}
