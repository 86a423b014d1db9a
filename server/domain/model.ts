// The internal model every adapter produces and every analysis consumes. Plain data, no I/O.
import type { Polygon, MultiPolygon } from 'geojson';
import { RequestError } from './requestError.ts';

/** A polygonal GeoJSON geometry; the CRS is said by the name of the field that holds it. */
export type Polygonal = Polygon | MultiPolygon;

export type DatasetKind = 'perimeters' | 'extensions' | 'cells' | 'facilities' | 'communes' | 'buildings';

/** One problem found while ingesting: where (file, feature, line, field) and what to do. */
export interface IngestIssue {
  file?: string;
  feature?: string; // feature code or index, e.g. "QP075019" or "#12"
  line?: number; // 1-based line number in a CSV
  field?: string;
  message: string; // French or English sentence, specific and actionable
}

/** Thrown by adapters for input that must be refused whole; carries the specifics. */
export class IngestError extends RequestError {
  constructor(message: string, public override readonly details: IngestIssue[] = []) {
    super(message, 422, details);
    this.name = 'IngestError';
  }
}

/** A QPV perimeter normalised from the 2015 or 2024 schema. Geometry in WGS84 lon/lat, valid. */
export interface Perimeter {
  code: string; // QP060004 (2015) or QN06007M (2024)
  name: string;
  communes: string[]; // INSEE commune codes, 5 characters
  departement: string | null;
  epci: string | null; // SIREN when known
  generation: string; // '2015' | '2024' | a user label
  version: string | null; // ANCT file date or décret, e.g. '2024-08-20'
  geometry: Polygonal; // lonLat (EPSG:4326)
  properties: Record<string, unknown>; // original attributes, for reference
}

/** A perimeter with what computing needs, prepared at load. */
export interface LoadedPerimeter extends Perimeter {
  datasetId: string;
  metricEpsg: number; // 2154 in métropole, the UTM zone overseas
  metric: Polygonal; // the geometry in EPSG:metricEpsg (metres)
  bbox: [number, number, number, number]; // lonLat
}

/** The perimeters of one generation (and version) as analyses take them: every dataset of that generation merged. */
export interface PerimeterSet {
  ref: DatasetRef; // one ref standing for every dataset of the set
  refs: DatasetRef[]; // the datasets merged into this set (extracts of the same generation and version)
  generation: string;
  version: string | null;
  items: LoadedPerimeter[];
}

/** A perimeter extension (or reduction) drawn by a user and attached to a QPV. Geometry lonLat. */
export interface PerimeterExtension {
  code: string; // the QPV code it belongs to
  generation: string;
  change: 'extension' | 'reduction';
  label: string | null;
  geometry: Polygonal; // lonLat
  properties: Record<string, unknown>;
}

/** A commune outline. Geometry lonLat. */
export interface Commune {
  code: string; // INSEE code, e.g. "60175", "2A004"
  name: string;
  departement: string; // "60", "2A", "971"
  epci: string | null;
  geometry: Polygonal; // lonLat
}

/** A building footprint (for dasymetric weighting). Geometry lonLat. */
export interface Building {
  id: string;
  residential: boolean | null; // null when the source does not say
  floors: number | null;
  geometry: Polygonal; // lonLat
}

/** INSEE's own QPV tags on a BPE row, kept for cross-checks. */
export interface InseeQpTags {
  qp2015: string | null;
  qualiQp2015: string | null; // 1 sure, 2 probable, 3 random
  qp2024: string | null;
  qualiQp2024: string | null;
}

/** A facility (BPE row, school, user point). Coordinates lonLat. */
export interface Facility {
  id: string; // stable within its dataset (BPE row id, UAI, user id column, or row number)
  type: string; // BPE TYPEQU (e.g. "C201") or a source-specific code ("college", "ecole:maternelle", "user")
  typeLabel: string; // French label, e.g. "Collège"
  name: string | null;
  lon: number;
  lat: number;
  commune: string | null; // INSEE code when known
  quality: string | null; // geocoding quality as the source says it
  inseeQp: InseeQpTags | null;
  properties: Record<string, unknown>;
}

/** Filosofi count fields, normalised names (2019/2021 lower case). */
export const CELL_FIELDS = [
  'ind', 'men', 'men_pauv', 'men_1ind', 'men_5ind', 'men_prop', 'men_fmp', 'ind_snv', 'men_surf',
  'men_coll', 'men_mais', 'log_av45', 'log_45_70', 'log_70_90', 'log_ap90', 'log_inc', 'log_soc',
  'ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17', 'ind_18_24', 'ind_25_39', 'ind_40_54', 'ind_55_64',
  'ind_65_79', 'ind_80p', 'ind_inc',
] as const;
export type CellField = (typeof CELL_FIELDS)[number];

/** Sums that exceed float32 precision; the other counts are stored as float32. */
export const CELL_FIELDS_F64: readonly CellField[] = ['ind_snv', 'men_surf'];

/**
 * Filosofi cells of one vintage in one grid CRS, column-oriented.
 * Cell k covers x ∈ [i[k]·size, (i[k]+1)·size], y ∈ [j[k]·size, (j[k]+1)·size] in EPSG:epsg.
 * Cells are sorted by (j, i) so a cell is found by binary search on the grid key.
 * A field absent from the vintage is absent from `values`; an empty value in the file is NaN.
 */
export interface CellGrid {
  epsg: number; // 3035 métropole, 5490 Martinique, 2975 Réunion
  size: number; // metres, 200
  count: number;
  i: Int32Array;
  j: Int32Array;
  imputed: Uint8Array; // 1 when INSEE imputed the cell (i_est_200 / I_est_cr = 1)
  values: Partial<Record<CellField, Float32Array | Float64Array>>;
  communes?: string[]; // lcog_geo per cell when the file has it ('' otherwise)
}

/** Where a result's inputs came from: every analysis returns these with its figures. */
export interface DatasetRef {
  id: string;
  kind: DatasetKind;
  label: string; // human-readable, e.g. "ANCT, QPV 2024 (version 2024-08-20)"
  generation: string | null;
  version: string | null;
  vintage: string | null; // Filosofi vintage for cells, BPE vintage for facilities
  sourceName: string;
}

/** What produced a result: the datasets read and every parameter used. Returned with every analysis. */
export interface Provenance {
  datasets: DatasetRef[];
  parameters: Record<string, unknown>;
}
