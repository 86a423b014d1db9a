// Hand-built perimeters for tests: axis-aligned squares drawn in Lambert-93 metres, so distances
// and areas are known exactly. Pure data builders, no I/O.
import type { DatasetRef, Facility, LoadedPerimeter, PerimeterSet, Polygonal } from '../model.ts';
import { projectPolygonal, bboxOf } from '../project.ts';
import { converter, LAMBERT93, WGS84 } from '../crs.ts';

/** Origin of the fixtures in Lambert-93 (near Creil), metres. */
export const X0 = 650000;
export const Y0 = 6900000;

/** A square [x, x+size] × [y, y+size] in Lambert-93 metres. */
export function squareL93(x: number, y: number, size: number): Polygonal {
  return { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] };
}

/** A LoadedPerimeter from a Lambert-93 geometry (lonLat geometry derived from it). */
export function perimeterL93(code: string, metric: Polygonal, extra: Partial<LoadedPerimeter> = {}): LoadedPerimeter {
  const geometry = projectPolygonal(metric, LAMBERT93, WGS84);
  return {
    code, name: `Quartier ${code}`, communes: ['60175'], departement: '60', epci: null,
    generation: '2024', version: null, geometry, properties: {},
    datasetId: 'fixture', metricEpsg: LAMBERT93, metric, bbox: bboxOf(geometry), ...extra,
  };
}

/** A perimeter set of a generation from LoadedPerimeters. */
export function fixtureSet(generation: string, items: LoadedPerimeter[], version: string | null = null): PerimeterSet {
  const ref: DatasetRef = { id: `fixture-${generation}`, kind: 'perimeters', label: `Fixture ${generation}`, generation, version, vintage: null, sourceName: 'fixture' };
  return { ref, refs: [ref], generation, version, items: items.map((p) => ({ ...p, generation, version, datasetId: ref.id })) };
}

/** lonLat of a Lambert-93 point. */
export function lonLatOf(x: number, y: number): { lon: number; lat: number } {
  const [lon, lat] = converter(LAMBERT93, WGS84)(x, y);
  return { lon, lat };
}

/** A facility at a Lambert-93 point. */
export function facilityAt(id: string, type: string, x: number, y: number, extra: Partial<Facility> = {}): Facility {
  const { lon, lat } = lonLatOf(x, y);
  return { id, type, typeLabel: type, name: `Équipement ${id}`, lon, lat, commune: null, quality: null, inseeQp: null, properties: {}, ...extra };
}
