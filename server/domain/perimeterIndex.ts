// A point-in-perimeter index over one perimeter set, shared by point lookup and facility changes.
// Perimeters are indexed by their metric bounding boxes (flatbush); the exact tests run in plain
// TypeScript on flattened metric rings, so a batch of points never touches GEOS.
import Flatbush from 'flatbush';
import type { LoadedPerimeter, PerimeterSet, Polygonal } from './model.ts';
import { converter, metricCrsAt, WGS84, type Converter } from './crs.ts';

/** Perimeters sharing one metric CRS: their boxes in a flatbush tree, their rings as flat x,y arrays. */
interface IndexGroup {
  epsg: number;
  items: LoadedPerimeter[];
  rings: Float64Array[][]; // per item, every ring (outer and holes) as [x0, y0, x1, y1, ...] in metres
  boxes: Float64Array; // per item, minX, minY, maxX, maxY in metres
  tree: Flatbush;
  toMetric: Converter; // lonLat → EPSG:epsg
}

/** A perimeter index built once per set; `groups` holds one tree per metric CRS present. */
export interface PerimeterIndex {
  set: PerimeterSet;
  groups: IndexGroup[];
}

/** One perimeter near a point: inside or not, and the distance to its outline (m, metric). */
export interface PerimeterHit {
  perimeter: LoadedPerimeter;
  inside: boolean;
  boundaryDistance: number; // metres from the point to the perimeter's outline
  distance: number; // 0 when inside, else boundaryDistance
}

function flattenRings(g: Polygonal): Float64Array[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Float64Array[] = [];
  for (const p of polys) {
    for (const r of p) {
      const a = new Float64Array(r.length * 2);
      for (let k = 0; k < r.length; k++) {
        a[2 * k] = r[k][0];
        a[2 * k + 1] = r[k][1];
      }
      out.push(a);
    }
  }
  return out;
}

/** Returns a point-in-polygon index over a perimeter set (metric boxes per metric CRS). */
export function buildLookupIndex(set: PerimeterSet): PerimeterIndex {
  const byEpsg = new Map<number, LoadedPerimeter[]>();
  for (const p of set.items) {
    const list = byEpsg.get(p.metricEpsg) ?? [];
    list.push(p);
    byEpsg.set(p.metricEpsg, list);
  }
  const groups: IndexGroup[] = [];
  for (const [epsg, items] of byEpsg) {
    const tree = new Flatbush(Math.max(items.length, 1));
    const rings = items.map((p) => flattenRings(p.metric));
    const boxes = new Float64Array(items.length * 4);
    for (const [k, rs] of rings.entries()) {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const r of rs) {
        for (let k = 0; k < r.length; k += 2) {
          if (r[k] < minX) minX = r[k];
          if (r[k] > maxX) maxX = r[k];
          if (r[k + 1] < minY) minY = r[k + 1];
          if (r[k + 1] > maxY) maxY = r[k + 1];
        }
      }
      tree.add(minX, minY, maxX, maxY);
      boxes.set([minX, minY, maxX, maxY], k * 4);
    }
    if (items.length === 0) tree.add(0, 0, 0, 0);
    tree.finish();
    groups.push({ epsg, items, rings, boxes, tree, toMetric: converter(WGS84, epsg) });
  }
  return { set, groups };
}

const cache = new WeakMap<PerimeterSet, PerimeterIndex>();

/** Returns the index of a set, built on first use and cached for the set's lifetime. */
export function lookupIndexFor(set: PerimeterSet): PerimeterIndex {
  let idx = cache.get(set);
  if (!idx) {
    idx = buildLookupIndex(set);
    cache.set(set, idx);
  }
  return idx;
}

/** True when (x, y) is inside the rings by the even-odd rule (holes and multipolygon parts included). */
export function ringsContain(rings: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length;
    for (let a = 0, b = n - 2; a < n; b = a, a += 2) {
      const ya = r[a + 1], yb = r[b + 1];
      if (ya > y !== yb > y) {
        const xCross = r[a] + ((y - ya) * (r[b] - r[a])) / (yb - ya);
        if (x < xCross) inside = !inside;
      }
    }
  }
  return inside;
}

/** Returns the planar distance from (x, y) to the nearest ring segment, in the rings' units. */
export function ringsDistance(rings: Float64Array[], x: number, y: number): number {
  let best = Infinity;
  for (const r of rings) {
    for (let k = 0; k + 3 < r.length; k += 2) {
      const x0 = r[k], y0 = r[k + 1], x1 = r[k + 2], y1 = r[k + 3];
      // Cheap lower bound from the segment's box: most segments of a long ring are skipped here.
      const bx = x < x0 && x < x1 ? Math.min(x0, x1) - x : x > x0 && x > x1 ? x - Math.max(x0, x1) : 0;
      if (bx * bx >= best) continue;
      const by = y < y0 && y < y1 ? Math.min(y0, y1) - y : y > y0 && y > y1 ? y - Math.max(y0, y1) : 0;
      if (by * by >= best) continue;
      const dx = x1 - x0, dy = y1 - y0;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = x0 + t * dx - x, ey = y0 + t * dy - y;
      const d2 = ex * ex + ey * ey;
      if (d2 < best) best = d2;
    }
  }
  return Math.sqrt(best);
}

function hit(g: IndexGroup, i: number, x: number, y: number): PerimeterHit {
  const b = g.boxes;
  const inBox = x >= b[4 * i] && x <= b[4 * i + 2] && y >= b[4 * i + 1] && y <= b[4 * i + 3];
  const inside = inBox && ringsContain(g.rings[i], x, y);
  const boundaryDistance = ringsDistance(g.rings[i], x, y);
  return { perimeter: g.items[i], inside, boundaryDistance, distance: inside ? 0 : boundaryDistance };
}

function boxDistance(boxes: Float64Array, i: number, x: number, y: number): number {
  const dx = Math.max(boxes[4 * i] - x, 0, x - boxes[4 * i + 2]);
  const dy = Math.max(boxes[4 * i + 1] - y, 0, y - boxes[4 * i + 3]);
  return Math.sqrt(dx * dx + dy * dy);
}

/** The groups whose metric CRS is the one used at this lon/lat; all groups when none matches. */
function groupsAt(index: PerimeterIndex, lon: number, lat: number): IndexGroup[] {
  const epsg = metricCrsAt(lon, lat);
  const same = index.groups.filter((g) => g.epsg === epsg && g.items.length > 0);
  return same.length ? same : index.groups.filter((g) => g.items.length > 0);
}

/** Returns every perimeter within `radius` m of a lonLat point (inside ones included), nearest first. */
export function perimetersNear(index: PerimeterIndex, lon: number, lat: number, radius: number): PerimeterHit[] {
  const out: PerimeterHit[] = [];
  for (const g of groupsAt(index, lon, lat)) {
    const [x, y] = g.toMetric(lon, lat);
    for (const i of g.tree.neighbors(x, y, Infinity, radius)) {
      const h = hit(g, i, x, y);
      if (h.distance <= radius) out.push(h);
    }
  }
  return out.sort((a, b) => a.distance - b.distance || a.boundaryDistance - b.boundaryDistance);
}

/** Returns the perimeter nearest to a lonLat point (distance 0 when inside; m, metric), or null for an empty set. */
export function nearestPerimeter(index: PerimeterIndex, lon: number, lat: number): PerimeterHit | null {
  let best: PerimeterHit | null = null;
  for (const g of groupsAt(index, lon, lat)) {
    const [x, y] = g.toMetric(lon, lat);
    // The nearest box gives an upper bound on the exact distance; only boxes within it can do better,
    // and they come nearest first, so the scan stops at the first box farther than the best exact hit.
    const first = g.tree.neighbors(x, y, 1);
    if (!first.length) continue;
    const bound = hit(g, first[0], x, y).distance;
    for (const i of g.tree.neighbors(x, y, Infinity, bound)) {
      if (best && boxDistance(g.boxes, i, x, y) > best.distance) break;
      const h = hit(g, i, x, y);
      if (!best || h.distance < best.distance || (h.distance === best.distance && h.boundaryDistance > best.boundaryDistance)) best = h;
    }
  }
  return best;
}

/** Returns the perimeters containing a lonLat point (several only where a set overlaps itself). */
export function perimetersContaining(index: PerimeterIndex, lon: number, lat: number): LoadedPerimeter[] {
  const out: LoadedPerimeter[] = [];
  for (const g of groupsAt(index, lon, lat)) {
    const [x, y] = g.toMetric(lon, lat);
    for (const i of g.tree.search(x, y, x, y)) if (ringsContain(g.rings[i], x, y)) out.push(g.items[i]);
  }
  return out;
}
