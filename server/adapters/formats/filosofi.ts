// Reads INSEE Filosofi gridded data (200 m "carreaux", every vintage) from CSV, GeoPackage, or the
// zip / 7z archives INSEE distributes, into one CellGrid per grid CRS. Streams: a 2.3 M-row national
// file never sits in memory as text or as row objects.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { CellGridBuilder, parseCellId } from '../../domain/cellGrid.ts';
import { extractArchive } from './archive.ts';
import { readHead } from './csv.ts';
import { streamCsvRows } from './csvSplit.ts';
import { CELL_FIELDS, IngestError, type CellField, type CellGrid, type IngestIssue } from '../../domain/model.ts';

export interface FilosofiReadOptions {
  /** Filosofi vintage ('2015', '2017', '2019', '2021'); else taken from the file name, else from the schema. */
  vintage?: string;
  /** The file's original name (uploads arrive under a temporary name): used for the vintage and messages. */
  fileName?: string;
  /** Called now and then with bytes (or rows, for GeoPackage) done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface FilosofiReadResult {
  grids: CellGrid[]; // one per grid CRS (and cell size), sorted by EPSG
  vintage: string;
  issues: IngestIssue[];
  counts: Record<string, number>;
  fields: CellField[];
}

const MAX_ISSUES = 100;

/** Column names (lower case) that name the cell id, by preference: the 200 m id first. */
const ID_COLUMNS = ['idcar_200m', 'idinspire', 'idcar200m', 'idcar_1km', 'id_carr1km'];
/** 1 when INSEE imputed the cell: 2017+ `i_est_200`, 2015 `I_est_cr`. */
const IMPUTED_COLUMNS = ['i_est_200', 'i_est_cr'];
/** Commune code(s) of the cell: 2019+ `lcog_geo`, 2015 `Depcom`. */
const COMMUNE_COLUMNS = ['lcog_geo', 'depcom'];
/**
 * Known columns without a place in the model: parent-cell ids, their imputation flags, coordinates
 * (the id already is the geometry), INSEE's grouping id, geometry columns of GeoPackage tables.
 */
const IGNORED_COLUMNS = new Set([
  'idcar_1km', 'idcar_nat', 'id_carr1km', 'id_carr_n', 'id_car2010', 'i_est_1km', 'i_pauv', 'groupe',
  'e_3035', 'n_3035', 'x', 'y', 'x_laea', 'y_laea', 'fid', 'ogc_fid', 'geom', 'geometry', 'the_geom', 'nbcar', 'id',
]);
/**
 * Count names that differ from the 2019/2021 names. Assumptions, from INSEE's documentation of the
 * older releases: `ind_srf` (2010, also seen in some 2015 extracts) is the sum of winsorised standards of
 * living, i.e. `ind_snv`; `ind_c` (2010) is the inhabitants count; `men_basr` (2010, households with low
 * income) is taken as `men_pauv`. `men_occ5` (households in dwellings of 5+ rooms) has no 2015+
 * equivalent (it is NOT `men_5ind`, households of 5+ persons) and is reported as unknown.
 */
const FIELD_ALIASES: Record<string, CellField> = { ind_srf: 'ind_snv', ind_c: 'ind', men_basr: 'men_pauv' };
const CELL_FIELD_SET = new Set<string>(CELL_FIELDS);
const KNOWN_VINTAGES = ['2010', '2015', '2017', '2019', '2021'];

interface FileSchema {
  idCol: number;
  imputedCol: number; // -1 when absent
  communeCol: number; // -1 when absent
  fieldCols: { col: number; field: CellField }[];
  unknown: string[];
  vintageHint: string | null; // from the column names' style
  width: number;
}

/** Maps a header row (any vintage, any case) to column positions; throws IngestError without an id column. */
function mapHeader(raw: string[], file: string): FileSchema {
  const header = raw.map((h) => String(h).replace(/^\uFEFF/, '').trim());
  const lower = header.map((h) => h.toLowerCase());
  const idName = ID_COLUMNS.find((n) => lower.includes(n));
  if (!idName) {
    throw new IngestError(
      `Aucune colonne d'identifiant de carreau dans ${file} (attendu : ${ID_COLUMNS.slice(0, 3).join(', ')}).`,
      [{ file, line: 1, message: `En-tête lu : ${header.slice(0, 12).join(', ')}${header.length > 12 ? '…' : ''}` }],
    );
  }
  const idCol = lower.indexOf(idName);
  const imputedCol = lower.findIndex((h) => IMPUTED_COLUMNS.includes(h));
  const communeCol = lower.findIndex((h) => COMMUNE_COLUMNS.includes(h));
  const fieldCols: FileSchema['fieldCols'] = [];
  const seen = new Set<CellField>();
  const unknown: string[] = [];
  lower.forEach((h, col) => {
    if (col === idCol || col === imputedCol || col === communeCol) return;
    const field = (CELL_FIELD_SET.has(h) ? h : FIELD_ALIASES[h]) as CellField | undefined;
    if (field && !seen.has(field)) {
      seen.add(field);
      fieldCols.push({ col, field });
    } else if (!IGNORED_COLUMNS.has(h) && !ID_COLUMNS.includes(h) && !IMPUTED_COLUMNS.includes(h) && h !== '') unknown.push(header[col]);
  });
  // Keep the model's field order whatever the file's column order.
  fieldCols.sort((a, b) => CELL_FIELDS.indexOf(a.field) - CELL_FIELDS.indexOf(b.field));
  let vintageHint: string | null = null;
  if (idName === 'idinspire' || lower.includes('i_est_cr')) vintageHint = '2015';
  else if (header[idCol] === 'Idcar_200m' || header.some((h) => h === 'Ind' || h === 'Men')) vintageHint = '2017';
  return { idCol, imputedCol, communeCol, fieldCols, unknown, vintageHint, width: header.length };
}

/** Parses one value: '' / null → NaN (empty in the source), numbers as is, French decimal commas tolerated. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined || v === '') return NaN;
  const s = typeof v === 'string' ? v : String(v);
  const n = Number(s);
  if (!Number.isNaN(n)) return n === 0 && s.trim() === '' ? NaN : n; // Number('  ') is 0
  const fixed = Number(s.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
  return Number.isNaN(fixed) ? BAD : fixed;
}
/** Sentinel for a value that is present but not a number (NaN is reserved for empty). */
const BAD = Number.NEGATIVE_INFINITY;

/** Accumulates rows of one or several files (an archive may hold métropole, Martinique, Réunion). */
class CellAccumulator {
  readonly builders = new Map<string, CellGridBuilder>();
  private readonly lines = new Map<string, number[]>(); // line of each added cell, for duplicate reports
  readonly issues: IngestIssue[] = [];
  issueCount = 0;
  rows = 0;
  bad = 0;
  imputed = 0;
  fields: CellField[] | null = null;
  vintageHints = new Set<string>();
  private values = new Float64Array(0);
  private map: Int32Array = new Int32Array(0); // builder field position → file column (-1: absent)
  private schema: FileSchema | null = null;
  private file = '';

  issue(i: IngestIssue): void {
    this.issueCount++;
    if (this.issues.length < MAX_ISSUES) this.issues.push(i);
  }

  startFile(header: string[], file: string): void {
    const schema = mapHeader(header, file);
    this.schema = schema;
    this.file = file;
    if (schema.vintageHint) this.vintageHints.add(schema.vintageHint);
    if (!this.fields) this.fields = schema.fieldCols.map((c) => c.field);
    const fields = this.fields;
    this.map = new Int32Array(fields.map((f) => schema.fieldCols.find((c) => c.field === f)?.col ?? -1));
    this.values = new Float64Array(fields.length);
    if (schema.unknown.length > 0) {
      this.issue({ file, line: 1, message: `Colonnes inconnues ignorées : ${schema.unknown.join(', ')}.` });
    }
    const extra = schema.fieldCols.filter((c) => !fields.includes(c.field)).map((c) => c.field);
    if (extra.length > 0) this.issue({ file, line: 1, message: `Colonnes absentes du premier fichier, ignorées : ${extra.join(', ')}.` });
  }

  private fail(line: number, message: string, field?: string): void {
    this.bad++;
    this.issue({ file: this.file, line, field, message });
  }

  /** Adds one data row (values as read: strings from CSV, numbers or null from GeoPackage). */
  row(rec: ArrayLike<unknown>, line: number): void {
    const s = this.schema!;
    if (rec.length === 1 && (rec[0] === '' || rec[0] === null)) return; // blank line
    this.rows++;
    if (rec.length < s.width) return this.fail(line, `Ligne incomplète : ${rec.length} colonnes au lieu de ${s.width}.`);
    const rawId = String(rec[s.idCol] ?? '');
    const id = parseCellId(rawId);
    if (!id) return this.fail(line, `Identifiant de carreau illisible : « ${rawId.slice(0, 60)} ».`, 'idcar_200m');
    if (id.x % id.size !== 0 || id.y % id.size !== 0) {
      return this.fail(line, `Coin du carreau « ${rawId} » non aligné sur la grille de ${id.size} m.`, 'idcar_200m');
    }
    const values = this.values;
    for (let f = 0; f < values.length; f++) {
      const col = this.map[f];
      if (col < 0) {
        values[f] = NaN;
        continue;
      }
      const v = toNumber(rec[col]);
      if (v === BAD) return this.fail(line, `Valeur non numérique « ${String(rec[col]).slice(0, 30)} » (carreau ${rawId}).`, this.fields![f]);
      values[f] = v;
    }
    let imputed = false;
    if (s.imputedCol >= 0) {
      const v = toNumber(rec[s.imputedCol]);
      if (v === BAD) return this.fail(line, `Indicateur d'imputation non numérique « ${String(rec[s.imputedCol]).slice(0, 30)} ».`, 'i_est_200');
      imputed = v === 1;
    }
    const key = `${id.epsg}/${id.size}`;
    let b = this.builders.get(key);
    if (!b) {
      b = new CellGridBuilder(id.epsg, id.size, this.fields!);
      this.builders.set(key, b);
      this.lines.set(key, []);
    }
    b.add(id.x, id.y, imputed, values, s.communeCol >= 0 ? String(rec[s.communeCol] ?? '') : undefined);
    this.lines.get(key)!.push(line);
    if (imputed) this.imputed++;
  }

  /** Finishes every grid, reporting duplicated cells (the first occurrence is kept). */
  finish(): { grids: CellGrid[]; duplicates: number } {
    let duplicates = 0;
    const grids: CellGrid[] = [];
    for (const [key, b] of [...this.builders].sort(([a], [c]) => Number.parseInt(a) - Number.parseInt(c))) {
      const r = b.finishWithDuplicates();
      const lines = this.lines.get(key)!;
      for (const d of r.duplicates) {
        duplicates++;
        this.issue({
          line: lines[d.index],
          feature: `CRS${b.epsg}RES${b.size}mN${d.j * b.size}E${d.i * b.size}`,
          message: `Carreau en double, ignoré (déjà lu ligne ${lines[d.duplicateOf]}).`,
        });
      }
      grids.push(r.grid);
    }
    return { grids, duplicates };
  }
}

/** The CSV separator that occurs most in the header line. */
function sniffDelimiter(first: Buffer): string {
  const text = first.toString('utf8').replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/, 1)[0];
  const counts = [';', ',', '\t', '|'].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

async function readCsvInto(acc: CellAccumulator, path: string, file: string, onProgress?: (d: number, t: number) => void): Promise<void> {
  const total = (await stat(path)).size;
  const delimiter = sniffDelimiter(await readHead(path));
  let header = true;
  await streamCsvRows(
    path,
    delimiter,
    (rec, line) => {
      if (header) {
        acc.startFile(rec, file);
        header = false;
      } else acc.row(rec, line);
    },
    onProgress && ((done) => onProgress(done, total)),
  );
  if (header) throw new IngestError(`Fichier vide : ${file}.`);
}

function readGpkgInto(acc: CellAccumulator, path: string, file: string, onProgress?: (d: number, t: number) => void): void {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const tables = (db.prepare(`SELECT table_name FROM gpkg_contents WHERE data_type IN ('features', 'attributes')`).all() as { table_name: string }[])
      .map((t) => t.table_name)
      .filter((t) => {
        const cols = (db.prepare(`PRAGMA table_info(${quote(t)})`).all() as { name: string }[]).map((c) => c.name.toLowerCase());
        return ID_COLUMNS.some((c) => cols.includes(c));
      });
    if (tables.length === 0) throw new IngestError(`Aucune table de carreaux (colonne idcar_200m ou IdINSPIRE) dans le GeoPackage ${file}.`);
    for (const t of tables) {
      const total = (db.prepare(`SELECT count(*) AS n FROM ${quote(t)}`).get() as { n: number }).n;
      const stmt = db.prepare(`SELECT * FROM ${quote(t)}`).raw(true);
      acc.startFile(stmt.columns().map((c) => c.name), `${file}:${t}`);
      let r = 0;
      for (const rec of stmt.iterate() as IterableIterator<unknown[]>) {
        acc.row(rec, ++r); // a GeoPackage has no lines: the row number stands in
        if (onProgress && r % 65536 === 0) onProgress(r, total);
      }
      onProgress?.(r, total);
    }
  } finally {
    db.close();
  }
}

type Kind = 'csv' | 'gpkg' | 'zip' | '7z';

function kindOf(first: Buffer, name: string): Kind {
  if (first.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'zip';
  if (first.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))) return '7z';
  if (first.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') return 'gpkg';
  const ext = extname(name).toLowerCase();
  if (ext === '.zip') return 'zip';
  if (ext === '.7z') return '7z';
  return 'csv';
}

/** The Filosofi vintage written in a file name (`Filosofi2017_carreaux_200m.csv` → '2017'), or null. */
export function vintageFromFileName(name: string): string | null {
  const m = /(?:^|\D)(2010|2015|2017|2019|2021|202[2-9])(?:\D|$)/.exec(basename(name));
  return m ? m[1] : null;
}

/**
 * Reads Filosofi cells from a CSV (`,` or `;`, BOM or not, decimal comma tolerated), a GeoPackage, or a
 * zip / 7z archive holding them; returns one CellGrid per grid CRS (cell geometry from the id, grid
 * CRS metres), the vintage, row issues (capped) and counts. Refuses the file when most rows are bad.
 */
export async function readFilosofiCells(path: string, opts: FilosofiReadOptions = {}): Promise<FilosofiReadResult> {
  const name = opts.fileName ?? basename(path);
  const acc = new CellAccumulator();
  const kind = kindOf(await readHead(path, 16), name);
  const innerNames: string[] = [];
  if (kind === 'zip' || kind === '7z') {
    const dir = await mkdtemp(join(tmpdir(), 'qpv-filosofi-'));
    try {
      const files = await extractArchive(path, dir);
      const data = files.filter((f) => /\.(csv|gpkg)$/i.test(f) && !/(^|[\\/])(__MACOSX|\.)/.test(f));
      if (data.length === 0) throw new IngestError(`L'archive ${name} ne contient aucun fichier CSV ni GeoPackage.`);
      let read = 0;
      for (const f of data) {
        const inner = `${name}/${basename(f)}`;
        try {
          if (/\.gpkg$/i.test(f)) readGpkgInto(acc, f, inner, opts.onProgress);
          else await readCsvInto(acc, f, inner, opts.onProgress);
          innerNames.push(basename(f));
          read++;
        } catch (e) {
          // Archives also carry documentation tables: skip files that are not cell tables.
          if (e instanceof IngestError && /Aucune (colonne|table)/.test(e.message) && data.length > 1) {
            acc.issue({ file: inner, message: `Fichier ignoré : ce n'est pas une table de carreaux.` });
          } else throw e;
        }
      }
      if (read === 0) throw new IngestError(`Aucune table de carreaux Filosofi dans l'archive ${name}.`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else if (kind === 'gpkg') {
    readGpkgInto(acc, path, name, opts.onProgress);
  } else {
    await readCsvInto(acc, path, name, opts.onProgress);
  }

  if (acc.rows === 0) throw new IngestError(`Aucun carreau dans ${name}.`);
  if (acc.bad * 2 > acc.rows) {
    throw new IngestError(
      `Fichier refusé : ${acc.bad} lignes sur ${acc.rows} sont invalides (${name}). Est-ce bien un fichier Filosofi carroyé ?`,
      acc.issues,
    );
  }

  const vintage = resolveVintage(opts.vintage, [name, ...innerNames], acc.vintageHints, name);
  const { grids, duplicates } = acc.finish();
  if (acc.issueCount > acc.issues.length) {
    acc.issues.push({ file: name, message: `… et ${acc.issueCount - acc.issues.length} autres problèmes non listés.` });
  }
  const counts: Record<string, number> = {
    rows: acc.rows,
    cells: grids.reduce((s, g) => s + g.count, 0),
    imputed: acc.imputed,
    skipped: acc.bad,
    duplicates,
  };
  for (const g of grids) counts[`cells_${g.epsg}${g.size === 200 ? '' : `_${g.size}m`}`] = g.count;
  return { grids, vintage, issues: acc.issues, counts, fields: acc.fields ?? [] };
}

function resolveVintage(option: string | undefined, names: string[], hints: Set<string>, name: string): string {
  if (option !== undefined && option !== '') {
    if (!/^\d{4}$/.test(option)) throw new IngestError(`Millésime Filosofi invalide : « ${option} » (attendu : ${KNOWN_VINTAGES.join(', ')}).`);
    return option;
  }
  for (const n of names) {
    const v = vintageFromFileName(n);
    if (v) return v;
  }
  if (hints.size === 1) return [...hints][0];
  throw new IngestError(
    `Millésime Filosofi introuvable pour ${name} : les noms de colonnes en minuscules sont ceux de 2019 comme de 2021. Précisez-le (option --vintage 2019 ou 2021).`,
  );
}
