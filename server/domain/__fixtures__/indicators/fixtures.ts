// Test helpers for the indicator fixtures: cell grids from readable rows, and the fixture areas. Pure.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection } from 'geojson';
import { CellGridBuilder, cellId, parseCellId } from '../../cellGrid.ts';
import type { CellField, CellGrid, Polygonal } from '../../model.ts';

/** A cell as a reader writes it: INSEE id, imputed flag, and any count fields. */
export type CellRow = { id: string; imputed?: boolean } & Partial<Record<CellField, number>>;

/** Returns a grid of the given cells; its fields are those of the first row (missing values → NaN). */
export function gridFromCells(rows: CellRow[]): CellGrid {
  const first = parseCellId(rows[0].id)!;
  const fields = Object.keys(rows[0]).filter((k) => k !== 'id' && k !== 'imputed') as CellField[];
  const b = new CellGridBuilder(first.epsg, first.size, fields);
  for (const r of rows) {
    const c = parseCellId(r.id)!;
    b.add(c.x, c.y, !!r.imputed, fields.map((f) => r[f] ?? NaN));
  }
  return b.finish();
}

/** Returns a grid with every cell of [x0, x1) × [y0, y1) (EPSG:3035 metres) populated with ind = 1, men = 1. */
export function fullGrid(x0: number, y0: number, x1: number, y1: number): CellGrid {
  const b = new CellGridBuilder(3035, 200, ['ind', 'men']);
  for (let y = y0; y < y1; y += 200) for (let x = x0; x < x1; x += 200) b.add(x, y, false, [1, 1]);
  return b.finish();
}

export interface FixtureArea {
  name: string;
  area3035: Polygonal;
  expected: Record<string, number>; // cell id → fraction
}

/** The hand-drawn areas of areas-3035.geojson (EPSG:3035), by name. */
export function fixtureAreas(): Map<string, FixtureArea> {
  const fc = JSON.parse(readFileSync(new URL('./areas-3035.geojson', import.meta.url), 'utf8')) as FeatureCollection;
  const out = new Map<string, FixtureArea>();
  for (const f of fc.features as Feature<Polygonal>[]) {
    const p = f.properties as { name: string; expectedFractions: Record<string, number> };
    out.set(p.name, { name: p.name, area3035: f.geometry, expected: p.expectedFractions });
  }
  return out;
}

/** Returns { cell id: fraction } of arealWeights output. */
export function fractionsById(grid: CellGrid, w: { index: Int32Array; fraction: Float64Array }): Record<string, number> {
  const out: Record<string, number> = {};
  w.index.forEach((k, n) => (out[cellId(grid, k)] = w.fraction[n]));
  return out;
}
