import { describe, expect, it } from 'vitest';
import { cellClusters, clusterMembers, type GridIndex } from './cellClusters.ts';

/** A grid from a picture: '#' selected cell, 'o' unselected populated cell, '.' no cell. Top line = highest j. */
function gridFromPicture(lines: string[]): { grid: GridIndex; selected: Uint8Array; at: (i: number, j: number) => number } {
  const cells: { i: number; j: number; sel: number }[] = [];
  lines.forEach((line, row) => {
    const j = lines.length - 1 - row;
    [...line].forEach((ch, i) => {
      if (ch !== '.') cells.push({ i, j, sel: ch === '#' ? 1 : 0 });
    });
  });
  cells.sort((a, b) => a.j - b.j || a.i - b.i);
  const grid = { count: cells.length, i: Int32Array.from(cells, (c) => c.i), j: Int32Array.from(cells, (c) => c.j) };
  const at = (i: number, j: number) => cells.findIndex((c) => c.i === i && c.j === j);
  return { grid, selected: Uint8Array.from(cells, (c) => c.sel), at };
}

function groups(grid: GridIndex, selected: Uint8Array, n: 4 | 8): string[] {
  const res = cellClusters(grid, selected, n);
  return clusterMembers(res).map((m) => Array.from(m, (k) => `${grid.i[k]},${grid.j[k]}`).join(' '));
}

describe('cellClusters', () => {
  it('joins an L of three cells and, with 8 neighbours only, the cell on its diagonal', () => {
    const { grid, selected } = gridFromPicture([
      '...#',
      '##..',
      '#...',
    ]);
    expect(groups(grid, selected, 8)).toEqual(['0,0 0,1 1,1', '3,2']);
    // 1,1 and 3,2 do not touch (a gap of one column): 8 neighbours do not bridge gaps.
    const diag = gridFromPicture([
      '..#',
      '##.',
      '#..',
    ]);
    expect(groups(diag.grid, diag.selected, 8)).toEqual(['0,0 0,1 1,1 2,2']);
    expect(groups(diag.grid, diag.selected, 4)).toEqual(['0,0 0,1 1,1', '2,2']);
  });

  it('ignores unselected cells and joins only through selected ones', () => {
    const { grid, selected } = gridFromPicture([
      '#o#',
      'ooo',
      '#o#',
    ]);
    expect(groups(grid, selected, 8)).toEqual(['0,0', '2,0', '0,2', '2,2']);
    const res = cellClusters(grid, selected, 8);
    expect(res.clusters).toBe(4);
    expect(Array.from(res.label).filter((l) => l === -1)).toHaveLength(5);
  });

  it('joins a diagonal going north-west (the row above, one column to the left)', () => {
    const { grid, selected } = gridFromPicture([
      '#.',
      '.#',
    ]);
    expect(groups(grid, selected, 8)).toEqual(['1,0 0,1']);
    expect(groups(grid, selected, 4)).toEqual(['1,0', '0,1']);
  });

  it('does not join rows that are two apart, nor cells across a missing row', () => {
    const { grid, selected } = gridFromPicture([
      '#',
      '.',
      '#',
    ]);
    expect(groups(grid, selected, 8)).toEqual(['0,0', '0,2']);
  });

  it('merges a U shape whose arms meet only at the top (late union of two roots)', () => {
    const { grid, selected } = gridFromPicture([
      '###',
      '#.#',
      '#.#',
    ]);
    expect(cellClusters(grid, selected, 4).clusters).toBe(1);
  });

  it('agrees with a breadth-first search on random grids', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 30; trial++) {
      const w = 3 + Math.floor(rnd() * 15);
      const h = 3 + Math.floor(rnd() * 15);
      const lines = Array.from({ length: h }, () => Array.from({ length: w }, () => (rnd() < 0.15 ? '.' : rnd() < 0.45 ? '#' : 'o')).join(''));
      const { grid, selected } = gridFromPicture(lines);
      for (const n of [4, 8] as const) {
        const res = cellClusters(grid, selected, n);
        // Reference: BFS over a map of positions.
        const pos = new Map<string, number>();
        for (let k = 0; k < grid.count; k++) pos.set(`${grid.i[k]},${grid.j[k]}`, k);
        const ref = new Int32Array(grid.count).fill(-1);
        let next = 0;
        for (let k = 0; k < grid.count; k++) {
          if (!selected[k] || ref[k] >= 0) continue;
          const queue = [k];
          ref[k] = next;
          while (queue.length) {
            const c = queue.pop()!;
            for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) {
              if ((di === 0 && dj === 0) || (n === 4 && di !== 0 && dj !== 0)) continue;
              const q = pos.get(`${grid.i[c] + di},${grid.j[c] + dj}`);
              if (q !== undefined && selected[q] && ref[q] < 0) {
                ref[q] = next;
                queue.push(q);
              }
            }
          }
          next++;
        }
        expect(res.clusters).toBe(next);
        expect(Array.from(res.label)).toEqual(Array.from(ref));
      }
    }
  });

  it('refuses a selection of the wrong length', () => {
    const { grid } = gridFromPicture(['##']);
    expect(() => cellClusters(grid, new Uint8Array(3), 8)).toThrow(RangeError);
  });
});
