// The loaded state the HTTP API and the CLI hand to analyses: datasets from the store, in memory,
// with metric geometries prepared once. Analyses (server/domain) take these plain objects.
import type { Building, CellGrid, Commune, DatasetKind, DatasetRef, Facility, PerimeterExtension, PerimeterSet } from '../domain/model.ts';
// Defined in the domain, whose analyses take them; re-exported for the callers that hand them over.
export type { LoadedPerimeter, PerimeterSet } from '../domain/model.ts';

/** A dataset as listed by the catalogue. */
export interface DatasetInfo extends DatasetRef {
  sha256: string;
  ingestedAt: string; // ISO date
  crs: string | null; // source CRS, e.g. "EPSG:2154"
  counts: Record<string, number>; // e.g. { features: 34, repaired: 1 }
  warnings: { feature?: string; line?: number; field?: string; message: string }[];
  options: Record<string, unknown>; // ingest options (generation, version, vintage, crs...)
}

export interface CellSet {
  ref: DatasetRef;
  refs: DatasetRef[];
  vintage: string;
  grids: CellGrid[]; // one per grid CRS (3035, 5490, 2975)
}

export interface Workspace {
  /** Every dataset in the catalogue, newest first. */
  datasets(): DatasetInfo[];
  /** Perimeter sets of a generation (and version); default: the newest version of each generation. */
  perimeterSets(query?: { generation?: string; version?: string }): PerimeterSet[];
  /** One perimeter set: the given generation/version, or the newest version of that generation. */
  perimeterSet(generation: string, version?: string): PerimeterSet | null;
  /** Cells of a Filosofi vintage; default: the newest vintage ingested. */
  cells(vintage?: string): CellSet | null;
  /** All facilities, optionally filtered by type codes. */
  facilities(types?: string[]): { refs: DatasetRef[]; items: Facility[] };
  communes(): { refs: DatasetRef[]; items: Commune[] };
  extensions(): { refs: DatasetRef[]; items: PerimeterExtension[] };
  buildings(): { refs: DatasetRef[]; items: Building[] };
  /** Kinds present, for quick "is there any ...?" checks. */
  has(kind: DatasetKind): boolean;
}
