// What every facility reader shares: options, result shape, column lookup, coordinate checks
// and a bounded issue list. No file access here.
import { converter, CRS_EXTENTS, isKnownCrs, WGS84 } from '../../domain/crs.ts';
import { IngestError, type Facility, type IngestIssue } from '../../domain/model.ts';
import { parseFrenchNumber, readCsvRows, type CsvRow } from './csv.ts';

export type FacilityFormat = 'bpe' | 'schools' | 'points';

export interface FacilityReadOptions {
  format?: FacilityFormat; // default: detected from the header
  vintage?: string; // BPE vintage (e.g. "2023"); default: the file's AN column
  crs?: number; // EPSG of x/y columns (points; BPE files without EPSG column); default 4326 / 2154
  labelColumn?: string;
  idColumn?: string;
  typeColumn?: string;
  xColumn?: string;
  yColumn?: string;
  fileName?: string; // shown in issues; default: the file's base name
  onProgress?: (done: number, total: number) => void; // bytes read, file size
}

export interface FacilityReadResult {
  records: Facility[]; // lonLat (EPSG:4326)
  issues: IngestIssue[];
  sourceCrs: number | null; // the CRS most rows were given in
  counts: Record<string, number>;
  format: FacilityFormat;
  vintage: string | null;
}

export type ColumnFinder = (...candidates: (string | undefined)[]) => string | null;

/** Case- and accent-insensitive header lookup: returns the file's own column name or null. */
export function columnFinder(header: string[]): ColumnFinder {
  const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();
  const byNorm = new Map<string, string>();
  for (const h of header) if (!byNorm.has(norm(h))) byNorm.set(norm(h), h);
  return (...candidates) => {
    for (const c of candidates) if (c !== undefined && byNorm.has(norm(c))) return byNorm.get(norm(c))!;
    return null;
  };
}

const MAX_ISSUES = 500;

/** Collects issues, keeping the first MAX_ISSUES in full and counting the rest by message kind. */
export class IssueList {
  readonly items: IngestIssue[] = [];
  private dropped = 0;
  constructor(private readonly file: string) {}
  add(issue: Omit<IngestIssue, 'file'>): void {
    if (this.items.length < MAX_ISSUES) this.items.push({ file: this.file, ...issue });
    else this.dropped++;
  }
  /** The issues, with a last line saying how many were left out. */
  done(): IngestIssue[] {
    if (this.dropped) this.items.push({ file: this.file, message: `… et ${this.dropped} autres signalements du même genre non détaillés` });
    return this.items;
  }
}

/** True when (x, y) lies within the plausible extent of EPSG:epsg (true for CRS without a known extent). */
export function inCrsExtent(x: number, y: number, epsg: number): boolean {
  const e = CRS_EXTENTS[epsg];
  return !e || (x >= e[0] && x <= e[2] && y >= e[1] && y <= e[3]);
}

/** Converts (x, y) in EPSG:epsg to [lon, lat], or returns a French message saying why it cannot. */
export function toLonLat(x: number, y: number, epsg: number): [number, number] | string {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return 'coordonnées absentes ou illisibles';
  if (!isKnownCrs(epsg)) return `système de coordonnées EPSG:${epsg} inconnu`;
  if (!inCrsExtent(x, y, epsg)) return `coordonnées (${x}, ${y}) hors de l'emprise plausible d'EPSG:${epsg}`;
  const [lon, lat] = epsg === WGS84 ? [x, y] : converter(epsg, WGS84)(x, y);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    return `coordonnées (${x}, ${y}) non convertibles depuis EPSG:${epsg}`;
  }
  return [lon, lat];
}

/** Counts occurrences of keys and returns the most frequent (the dataset's main CRS). */
export class Tally {
  private readonly m = new Map<number, number>();
  add(k: number): void { this.m.set(k, (this.m.get(k) ?? 0) + 1); }
  top(): number | null {
    let best: number | null = null, n = 0;
    for (const [k, c] of this.m) if (c > n) { best = k; n = c; }
    return best;
  }
}

/** True when fewer than half the rows were usable: then the file or the options are wrong, so ingest must refuse it. */
export function mostRowsFailed(rows: number, kept: number): boolean {
  return rows > 0 && kept < rows / 2;
}

/** Returns the [property, file column] pairs of the wanted columns that this header holds. */
export function keptColumns(col: ColumnFinder, wanted: string[]): [string, string][] {
  return wanted.flatMap((k) => { const n = col(k); return n ? [[k, n] as [string, string]] : []; });
}

/** Returns a facility's properties: its line number and the non-empty kept columns of its row. */
export function keptProperties(line: number, record: Record<string, string>, kept: [string, string][]): Record<string, unknown> {
  const properties: Record<string, unknown> = { line };
  for (const [k, name] of kept) if (record[name]) properties[k] = record[name];
  return properties;
}

/** Returns [lon, lat] from longitude/latitude texts, the reason they are unusable, or null when either does not parse. */
export function lonLatFromTexts(lon: string, lat: string): [number, number] | string | null {
  const x = parseFrenchNumber(lon), y = parseFrenchNumber(lat);
  return Number.isFinite(x) && Number.isFinite(y) ? toLonLat(x, y, WGS84) : null;
}

/**
 * What a row-per-facility CSV reader (BPE, school lists) builds up: records, issues, counts, the
 * ids seen and the CRS tally, with the rules they share for unplaced rows, duplicate ids and refusal.
 */
export class FacilityCollector {
  readonly issues: IssueList;
  readonly records: Facility[] = [];
  readonly crsTally = new Tally();
  readonly counts: Record<string, number> = { rows: 0, facilities: 0, withoutCoordinates: 0, badCoordinates: 0 };
  private readonly ids = new Set<string>();

  /** `noun` names one row in French messages ('équipement'); `extraCounts` start at 0 after the shared ones. */
  constructor(readonly file: string, private readonly noun: string, extraCounts: string[] = []) {
    this.issues = new IssueList(file);
    for (const k of extraCounts) this.counts[k] = 0;
  }

  /** Streams the file's CSV rows, counting them in counts.rows, warnings kept as issues; `onHeader` gets a column finder over the header. */
  async *rows(path: string, opts: FacilityReadOptions, onHeader: (col: ColumnFinder, header: string[]) => void): AsyncGenerator<CsvRow> {
    for await (const row of readCsvRows(path, {
      onProgress: opts.onProgress,
      onWarning: (message) => this.issues.add({ message }),
      onHeader: (header) => onHeader(columnFinder(header), header),
    })) {
      this.counts.rows++;
      yield row;
    }
  }

  /** Counts and reports a row left out for want of a position: "without" when all its coordinate texts are empty. */
  unplaced(line: number, feature: string | undefined, coordinateTexts: string[], reason: string): void {
    const missing = coordinateTexts.every((t) => !t);
    if (missing) this.counts.withoutCoordinates++;
    else this.counts.badCoordinates++;
    this.issues.add({ line, feature, message: missing ? `${this.noun} sans coordonnées, ignoré` : `${reason}, ${this.noun} ignoré` });
  }

  /** Returns id, or id-line (reported) when the file already used it; `label` names the id in French ('identifiant', 'UAI'). */
  uniqueId(id: string, line: number, field: string | undefined, label: string): string {
    let unique = id;
    if (this.ids.has(id)) {
      this.issues.add({ line, feature: id, field, message: `${label} ${id} en double, rendu unique par le numéro de ligne` });
      unique = `${id}-${line}`;
    }
    this.ids.add(unique);
    return unique;
  }

  /** Returns the read result, or throws an IngestError when most rows had no usable position. */
  finish(format: FacilityFormat, vintage: string | null): FacilityReadResult {
    const { counts, records, file } = this;
    counts.facilities = records.length;
    if (mostRowsFailed(counts.rows, records.length)) {
      throw new IngestError(`${file} : ${counts.rows - records.length} lignes sur ${counts.rows} sans coordonnées utilisables, fichier refusé`, this.issues.done().slice(0, 50));
    }
    return { records, issues: this.issues.done(), sourceCrs: this.crsTally.top(), counts, format, vintage };
  }
}
