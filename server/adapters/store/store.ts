// The durable store: one SQLite file (better-sqlite3) in the data directory. Every dataset is written
// in one transaction, so a failed or killed ingest leaves the store exactly as it was.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Building, CellGrid, Commune, Facility, Perimeter, PerimeterExtension } from '../../domain/model.ts';
import { decodeCellGrid, encodeCellGrid } from '../../domain/cellGrid.ts';
import type { DatasetInfo, Workspace } from '../../app/workspace.ts';
import { createWorkspace } from '../../app/memoryWorkspace.ts';
import { SCHEMA, SCHEMA_VERSION } from './schema.ts';

/** What an ingest writes, by kind. */
export type DatasetPayload =
  | { kind: 'perimeters'; records: Perimeter[] }
  | { kind: 'extensions'; records: PerimeterExtension[] }
  | { kind: 'communes'; records: Commune[] }
  | { kind: 'buildings'; records: Building[] }
  | { kind: 'facilities'; records: Facility[] }
  | { kind: 'cells'; grids: CellGrid[] };

interface DatasetRow {
  id: string; kind: string; label: string; generation: string | null; version: string | null; vintage: string | null;
  source_name: string; sha256: string; ingested_at: string; crs: string | null; counts: string; warnings: string; options: string;
}

const toInfo = (r: DatasetRow): DatasetInfo => ({
  id: r.id, kind: r.kind as DatasetInfo['kind'], label: r.label, generation: r.generation, version: r.version, vintage: r.vintage,
  sourceName: r.source_name, sha256: r.sha256, ingestedAt: r.ingested_at, crs: r.crs,
  counts: JSON.parse(r.counts), warnings: JSON.parse(r.warnings), options: JSON.parse(r.options),
});

/** Fault injection for the "ingest killed half-way" test: SIGKILL after N rows inside the transaction. */
const crashAfterRows = Number(process.env.QPV_ATLAS_CRASH_AFTER_ROWS ?? 0);

export class Store {
  readonly db: Database.Database;
  private rowsWritten = 0;

  private constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'atlas.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    const v = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (!v) this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    else if (Number(v.value) !== SCHEMA_VERSION) throw new Error(`Store ${dataDir}: schema version ${v.value}, this software expects ${SCHEMA_VERSION}.`);
  }

  /** Opens (creating if needed) the store of a data directory. */
  static open(dataDir: string): Store {
    return new Store(dataDir);
  }

  close(): void {
    this.db.close();
  }

  /** Every dataset, newest first. */
  listDatasets(): DatasetInfo[] {
    return (this.db.prepare('SELECT * FROM datasets ORDER BY ingested_at DESC, id').all() as DatasetRow[]).map(toInfo);
  }

  getDataset(id: string): DatasetInfo | null {
    const r = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    return r ? toInfo(r) : null;
  }

  /** The dataset of that kind already ingested from a file with this checksum, if any. */
  findBySha(kind: string, sha256: string): DatasetInfo | null {
    const r = this.db.prepare('SELECT * FROM datasets WHERE kind = ? AND sha256 = ?').get(kind, sha256) as DatasetRow | undefined;
    return r ? toInfo(r) : null;
  }

  /** Every commune in the store (all commune datasets). */
  loadCommunes(): Commune[] {
    return (this.db.prepare('SELECT code, name, departement, epci, geometry FROM communes').all() as any[]).map((r) => ({
      code: r.code, name: r.name, departement: r.departement, epci: r.epci, geometry: JSON.parse(r.geometry),
    }));
  }

  /** Codes of the perimeters of a dataset. */
  perimeterCodes(id: string): string[] {
    return (this.db.prepare('SELECT code FROM perimeters WHERE dataset_id = ?').all(id) as { code: string }[]).map((r) => r.code);
  }

  /** Writes a dataset and its records in one transaction; `replaceId` is deleted in the same transaction. */
  write(info: DatasetInfo, payload: DatasetPayload, replaceId?: string): void {
    const tx = this.db.transaction(() => {
      if (replaceId) this.db.prepare('DELETE FROM datasets WHERE id = ?').run(replaceId);
      this.db.prepare(`INSERT INTO datasets (id, kind, label, generation, version, vintage, source_name, sha256, ingested_at, crs, counts, warnings, options)
        VALUES (@id, @kind, @label, @generation, @version, @vintage, @sourceName, @sha256, @ingestedAt, @crs, @counts, @warnings, @options)`).run({
        ...info, counts: JSON.stringify(info.counts), warnings: JSON.stringify(info.warnings), options: JSON.stringify(info.options),
      });
      this.writeRecords(info.id, payload);
    });
    this.rowsWritten = 0;
    tx();
  }

  private tick(): void {
    if (crashAfterRows && ++this.rowsWritten >= crashAfterRows) process.kill(process.pid, 'SIGKILL');
  }

  private writeRecords(id: string, payload: DatasetPayload): void {
    const db = this.db;
    const json = JSON.stringify;
    switch (payload.kind) {
      case 'perimeters': {
        const st = db.prepare('INSERT INTO perimeters VALUES (?,?,?,?,?,?,?,?,?,?)');
        for (const p of payload.records) {
          st.run(id, p.code, p.name, json(p.communes), p.departement, p.epci, p.generation, p.version, json(p.geometry), json(p.properties));
          this.tick();
        }
        return;
      }
      case 'extensions': {
        const st = db.prepare('INSERT INTO extensions VALUES (?,?,?,?,?,?,?)');
        for (const e of payload.records) {
          st.run(id, e.code, e.generation, e.change, e.label, json(e.geometry), json(e.properties));
          this.tick();
        }
        return;
      }
      case 'communes': {
        const st = db.prepare('INSERT INTO communes VALUES (?,?,?,?,?,?)');
        for (const c of payload.records) {
          st.run(id, c.code, c.name, c.departement, c.epci, json(c.geometry));
          this.tick();
        }
        return;
      }
      case 'buildings': {
        const st = db.prepare('INSERT INTO buildings VALUES (?,?,?,?,?)');
        for (const b of payload.records) {
          st.run(id, b.id, b.residential === null ? null : b.residential ? 1 : 0, b.floors, json(b.geometry));
          this.tick();
        }
        return;
      }
      case 'facilities': {
        const st = db.prepare('INSERT INTO facilities VALUES (?,?,?,?,?,?,?,?,?,?,?)');
        for (const f of payload.records) {
          st.run(id, f.id, f.type, f.typeLabel, f.name, f.lon, f.lat, f.commune, f.quality, f.inseeQp ? json(f.inseeQp) : null, json(f.properties));
          this.tick();
        }
        return;
      }
      case 'cells': {
        const g = db.prepare('INSERT INTO cell_grids VALUES (?,?,?)');
        const c = db.prepare('INSERT INTO cell_columns VALUES (?,?,?,?)');
        payload.grids.forEach((grid, k) => {
          const { meta, columns } = encodeCellGrid(grid);
          g.run(id, k, json(meta));
          for (const [name, data] of Object.entries(columns)) {
            c.run(id, k, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
            this.tick();
          }
        });
        return;
      }
    }
  }

  /** Deletes a dataset and its records; false when there is no such id. */
  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }

  /** Loads every dataset into an in-memory Workspace. */
  loadWorkspace(): Workspace {
    const datasets = this.listDatasets().reverse(); // oldest first: later ones win ties
    const ref = (d: DatasetInfo) => ({ id: d.id, kind: d.kind, label: d.label, generation: d.generation, version: d.version, vintage: d.vintage, sourceName: d.sourceName });
    const of = (kind: string) => datasets.filter((d) => d.kind === kind);
    const rows = <T>(sql: string, id: string) => this.db.prepare(sql).all(id) as T[];
    const parse = JSON.parse;
    return createWorkspace({
      datasets: datasets.slice().reverse(),
      perimeters: of('perimeters').map((d) => ({
        ref: ref(d),
        perimeters: rows<any>('SELECT * FROM perimeters WHERE dataset_id = ? ORDER BY code', d.id).map((r) => ({
          code: r.code, name: r.name, communes: parse(r.communes), departement: r.departement, epci: r.epci,
          generation: r.generation, version: r.version, geometry: parse(r.geometry), properties: parse(r.properties),
        })),
      })),
      extensions: of('extensions').map((d) => ({
        ref: ref(d),
        items: rows<any>('SELECT * FROM extensions WHERE dataset_id = ?', d.id).map((r) => ({
          code: r.code, generation: r.generation, change: r.change, label: r.label, geometry: parse(r.geometry), properties: parse(r.properties),
        })),
      })),
      communes: of('communes').map((d) => ({
        ref: ref(d),
        items: rows<any>('SELECT * FROM communes WHERE dataset_id = ? ORDER BY code', d.id).map((r) => ({
          code: r.code, name: r.name, departement: r.departement, epci: r.epci, geometry: parse(r.geometry),
        })),
      })),
      buildings: of('buildings').map((d) => ({
        ref: ref(d),
        items: rows<any>('SELECT * FROM buildings WHERE dataset_id = ?', d.id).map((r) => ({
          id: r.id, residential: r.residential === null ? null : r.residential === 1, floors: r.floors, geometry: parse(r.geometry),
        })),
      })),
      facilities: of('facilities').map((d) => ({
        ref: ref(d),
        items: rows<any>('SELECT * FROM facilities WHERE dataset_id = ?', d.id).map((r) => ({
          id: r.id, type: r.type, typeLabel: r.type_label, name: r.name, lon: r.lon, lat: r.lat, commune: r.commune,
          quality: r.quality, inseeQp: r.insee_qp ? parse(r.insee_qp) : null, properties: parse(r.properties),
        })),
      })),
      cells: of('cells').map((d) => ({
        ref: ref(d),
        vintage: d.vintage ?? 'inconnu',
        grids: rows<{ grid: number; meta: string }>('SELECT grid, meta FROM cell_grids WHERE dataset_id = ? ORDER BY grid', d.id).map((g) => {
          const cols: Record<string, Uint8Array> = {};
          for (const c of this.db.prepare('SELECT name, data FROM cell_columns WHERE dataset_id = ? AND grid = ?').all(d.id, g.grid) as { name: string; data: Buffer }[]) {
            cols[c.name] = new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength);
          }
          return decodeCellGrid(parse(g.meta), cols);
        }),
      })),
    });
  }
}
