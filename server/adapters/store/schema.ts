// SQLite schema of the store. Geometries are GeoJSON text in lonLat; cells are typed-array columns as BLOBs.
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  generation TEXT, version TEXT, vintage TEXT,
  source_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  crs TEXT,
  counts TEXT NOT NULL,
  warnings TEXT NOT NULL,
  options TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS datasets_sha ON datasets(kind, sha256);
CREATE TABLE IF NOT EXISTS perimeters (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  code TEXT NOT NULL, name TEXT NOT NULL, communes TEXT NOT NULL, departement TEXT, epci TEXT,
  generation TEXT NOT NULL, version TEXT, geometry TEXT NOT NULL, properties TEXT NOT NULL,
  PRIMARY KEY (dataset_id, code)
);
CREATE TABLE IF NOT EXISTS extensions (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  code TEXT NOT NULL, generation TEXT NOT NULL, change TEXT NOT NULL, label TEXT,
  geometry TEXT NOT NULL, properties TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS communes (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  code TEXT NOT NULL, name TEXT NOT NULL, departement TEXT NOT NULL, epci TEXT, geometry TEXT NOT NULL,
  PRIMARY KEY (dataset_id, code)
);
CREATE TABLE IF NOT EXISTS buildings (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  id TEXT NOT NULL, residential INTEGER, floors REAL, geometry TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS facilities (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  id TEXT NOT NULL, type TEXT NOT NULL, type_label TEXT NOT NULL, name TEXT,
  lon REAL NOT NULL, lat REAL NOT NULL, commune TEXT, quality TEXT, insee_qp TEXT, properties TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cell_grids (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  grid INTEGER NOT NULL, meta TEXT NOT NULL,
  PRIMARY KEY (dataset_id, grid)
);
CREATE TABLE IF NOT EXISTS cell_columns (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  grid INTEGER NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (dataset_id, grid, name)
);
`;
