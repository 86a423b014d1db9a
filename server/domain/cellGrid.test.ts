import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  aggregateGrid, CellGridBuilder, cellCentreLonLat, cellId, cellsInBox, cellSquare, decodeCellGrid, encodeCellGrid,
  findCell, findCellAt, formatCellId, parseCellId,
} from './cellGrid.ts';
import { IngestError, type CellGrid } from './model.ts';
import { resolveSharedDataDir } from '../config.ts';

/**
 * A 3 × 2 block of 200 m cells plus one far cell, added out of order:
 *   row j=11: (10,11) (12,11)
 *   row j=10: (10,10) (11,10) (12,10)
 *   far:      (20,30)
 */
function tinyGrid(): CellGrid {
  const b = new CellGridBuilder(3035, 200, ['ind', 'men', 'ind_snv']);
  b.add(2400, 2200, false, [12, 5, 100_000]); // (12, 11)
  b.add(2000, 2000, true, [4, 2, 30_000], '60175'); // (10, 10)
  b.add(4000, 6000, false, [100, 40, 2_000_000]); // (20, 30)
  b.add(2200, 2000, true, [6, 3, 50_000]); // (11, 10)
  b.add(2000, 2200, false, [20, 8, 200_000]); // (10, 11)
  b.add(2400, 2000, false, [30, 11, 300_000], '60414'); // (12, 10)
  return b.finish();
}

describe('cell ids', () => {
  it('parses a real 200 m id into its lower-left corner', () => {
    expect(parseCellId('CRS3035RES200mN2948600E3802600')).toEqual({ epsg: 3035, size: 200, x: 3802600, y: 2948600 });
  });
  it('accepts zero-padded numbers, 1 km ids and overseas CRS', () => {
    expect(parseCellId('CRS3035RES200mN02948600E03802600')).toEqual({ epsg: 3035, size: 200, x: 3802600, y: 2948600 });
    expect(parseCellId('CRS3035RES1000mN2948000E3802000')).toEqual({ epsg: 3035, size: 1000, x: 3802000, y: 2948000 });
    expect(parseCellId('CRS5490RES200mN1616200E708400')?.epsg).toBe(5490);
  });
  it('returns null for malformed ids', () => {
    for (const bad of ['', 'CRS3035RES200N2948600E3802600', 'CRS3035RES200mN2948600', 'N2948600E3802600', 'CRS3035RES0mN1E1', 'CRS3035RES200mNabcE1']) {
      expect(parseCellId(bad)).toBeNull();
    }
  });
  it('formats the id back', () => {
    expect(formatCellId(3035, 200, 3802600, 2948600)).toBe('CRS3035RES200mN2948600E3802600');
  });
});

describe('CellGridBuilder', () => {
  it('sorts cells by (j, i) and keeps values, imputation and communes aligned', () => {
    const g = tinyGrid();
    expect(g.count).toBe(6);
    expect(Array.from(g.j)).toEqual([10, 10, 10, 11, 11, 30]);
    expect(Array.from(g.i)).toEqual([10, 11, 12, 10, 12, 20]);
    expect(Array.from(g.values.ind!)).toEqual([4, 6, 30, 20, 12, 100]);
    expect(Array.from(g.imputed)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(g.values.ind).toBeInstanceOf(Float32Array);
    expect(g.values.ind_snv).toBeInstanceOf(Float64Array);
    expect(g.communes).toEqual(['60175', '', '60414', '', '', '']);
  });
  it('refuses duplicate cells, or drops them and says which', () => {
    const make = () => {
      const b = new CellGridBuilder(3035, 200, ['ind']);
      b.add(0, 0, false, [1]);
      b.add(200, 0, false, [2]);
      b.add(0, 0, false, [3]);
      b.add(0, 0, false, [4]);
      return b;
    };
    expect(() => make().finish()).toThrow(IngestError);
    const { grid, duplicates } = make().finishWithDuplicates();
    expect(grid.count).toBe(2);
    expect(Array.from(grid.values.ind!)).toEqual([1, 2]);
    expect(duplicates.map((d) => [d.index, d.duplicateOf])).toEqual([[2, 0], [3, 0]]);
  });
  it('builds across several chunks (more than 65,536 cells)', () => {
    const b = new CellGridBuilder(3035, 200, ['ind']);
    const side = 300; // 90,000 cells, added in reverse order
    for (let y = side - 1; y >= 0; y--) for (let x = side - 1; x >= 0; x--) b.add(x * 200, y * 200, false, [x + side * y]);
    const g = b.finish();
    expect(g.count).toBe(side * side);
    for (const k of [0, 1, 65535, 65536, 89999]) expect(g.values.ind![k]).toBe(g.i[k] + side * g.j[k]);
    expect(g.i[1]).toBe(1);
  });
});

describe('lookup', () => {
  const g = tinyGrid();
  it('finds a cell by (i, j) or by a point, -1 when absent', () => {
    expect(findCell(g, 12, 10)).toBe(2);
    expect(findCell(g, 20, 30)).toBe(5);
    expect(findCell(g, 11, 11)).toBe(-1);
    expect(findCell(g, 0, 0)).toBe(-1);
    expect(findCell(g, 99, 99)).toBe(-1);
    expect(findCellAt(g, 2399.9, 2000)).toBe(1);
  });
  it('lists cells overlapping a box, not those merely touching its max edges', () => {
    expect(cellsInBox(g, 2000, 2000, 2600, 2400)).toEqual([0, 1, 2, 3, 4]);
    expect(cellsInBox(g, 2250, 2000, 2400, 2400)).toEqual([1]); // (11,10); (11,11) is empty
    expect(cellsInBox(g, 2100, 2100, 2500, 2300)).toEqual([0, 1, 2, 3, 4]);
    expect(cellsInBox(g, 2400, 2200, 4200, 6200)).toEqual([4, 5]);
    expect(cellsInBox(g, 0, 0, 100, 100)).toEqual([]);
  });
  it('gives the square in the grid CRS and the centre in lon/lat', () => {
    expect(cellSquare(g, 0).coordinates[0]).toEqual([[2000, 2000], [2200, 2000], [2200, 2200], [2000, 2200], [2000, 2000]]);
    expect(cellId(g, 2)).toBe('CRS3035RES200mN2000E2400');
  });
});

describe('aggregateGrid', () => {
  it('sums counts into coarser cells and flags imputed parents', () => {
    const g = tinyGrid();
    const a = aggregateGrid(g, 2); // 400 m: parents (5,5) ← (10,10) (11,10) (10,11); (6,5) ← (12,10) (12,11); (10,15) ← (20,30)
    expect(a.size).toBe(400);
    expect(Array.from(a.i)).toEqual([5, 6, 10]);
    expect(Array.from(a.j)).toEqual([5, 5, 15]);
    expect(Array.from(a.values.ind!)).toEqual([30, 42, 100]);
    expect(Array.from(a.values.ind_snv!)).toEqual([280_000, 400_000, 2_000_000]);
    expect(Array.from(a.imputed)).toEqual([1, 0, 0]);
    expect(Array.from(a.imputedInd)).toEqual([10, 0, 0]);
    expect(Array.from(a.children)).toEqual([3, 2, 1]);
    expect(findCell(a, 6, 5)).toBe(1);
  });
  it('gives the same coarse grid in one step or two (imputed population carried up)', () => {
    const g = tinyGrid();
    const once = aggregateGrid(g, 4);
    const twice = aggregateGrid(aggregateGrid(g, 2), 2);
    expect(twice.factor).toBe(4);
    expect(twice.size).toBe(800);
    for (const key of ['i', 'j', 'imputed', 'imputedInd', 'children'] as const) expect(Array.from(twice[key])).toEqual(Array.from(once[key]));
    expect(Array.from(twice.values.ind_snv!)).toEqual(Array.from(once.values.ind_snv!));
    expect(Array.from(once.imputedInd)).toEqual([10, 0, 0]); // parents (2,2) (3,2) (5,7)
  });
});

describe('encode / decode', () => {
  it('round-trips every column, also from misaligned buffers', () => {
    const g = tinyGrid();
    const { meta, columns } = encodeCellGrid(g);
    const misaligned: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(columns)) {
      const buf = new Uint8Array(v.byteLength + 1);
      buf.set(v, 1);
      misaligned[k] = buf.subarray(1);
    }
    for (const cols of [columns, misaligned]) {
      const d = decodeCellGrid(JSON.parse(JSON.stringify(meta)), cols);
      expect(d.count).toBe(6);
      expect(Array.from(d.i)).toEqual(Array.from(g.i));
      expect(Array.from(d.values.ind_snv!)).toEqual(Array.from(g.values.ind_snv!));
      expect(d.values.men).toBeInstanceOf(Float32Array);
      expect(d.communes).toEqual(g.communes);
    }
  });
  it('views aligned columns without copying', () => {
    const g = tinyGrid();
    const { meta, columns } = encodeCellGrid(g);
    expect(decodeCellGrid(meta, columns).values.ind!.buffer).toBe(g.values.ind!.buffer);
  });
});

describe('real ids from the Oise extract', () => {
  it('builds the 9,538 cells and finds a known one', () => {
    const text = readFileSync(join(resolveSharedDataDir(), 'filosofi2017-200m-oise/filosofi2017_200m_compiegne_creil.csv'), 'utf8');
    const lines = text.trim().split('\n').slice(1);
    const b = new CellGridBuilder(3035, 200, ['ind']);
    for (const line of lines) {
      const cols = line.split(',');
      const id = parseCellId(cols[0])!;
      b.add(id.x, id.y, cols[1] === '1', [Number(cols[2])]);
    }
    const g = b.finish();
    expect(g.count).toBe(9538);
    const k = findCellAt(g, 3769400 + 1, 2921600 + 1);
    expect(cellId(g, k)).toBe('CRS3035RES200mN2921600E3769400');
    expect(g.values.ind![k]).toBe(114);
    const [lon, lat] = cellCentreLonLat(g, k);
    expect(lon).toBeGreaterThan(2.2);
    expect(lon).toBeLessThan(3.2);
    expect(lat).toBeGreaterThan(49);
    expect(lat).toBeLessThan(49.6);
    // the whole 51.2 km extract square holds every cell
    expect(cellsInBox(g, 3763200, 2921600, 3814400, 2972800)).toHaveLength(9538);
    const a = aggregateGrid(g, 5);
    let total = 0;
    for (let p = 0; p < a.count; p++) total += a.values.ind![p];
    expect(total).toBeCloseTo(456807, 0);
  });
});
