// Connected components of selected grid cells (union-find on typed arrays). Pure computation.
//
// Cells are taken in CellGrid order, sorted by (j, i): a cell's neighbours to the east are the next
// cell of the same row, and its neighbours to the north sit in the next row, found by a pointer
// that only moves forward. One pass, no lookup table, no tree: near-linear in the number of cells.

/** Which cells touch: 4 = sharing an edge, 8 = sharing an edge or a corner. */
export type Neighbourhood = 4 | 8;

/** The grid positions clustering needs: (i, j) sorted by j then i, as in CellGrid. */
export interface GridIndex {
  count: number;
  i: Int32Array;
  j: Int32Array;
}

export interface CellClusters {
  /** Per cell: its cluster number 0..clusters-1, or -1 when the cell is not selected. */
  label: Int32Array;
  clusters: number;
}

function find(parent: Int32Array, k: number): number {
  let root = k;
  while (parent[root] !== root) root = parent[root];
  while (parent[k] !== root) {
    const next = parent[k];
    parent[k] = root;
    k = next;
  }
  return root;
}

function unite(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  // The smaller index becomes the root so labels come out in grid order (stable, testable).
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/**
 * Returns the clusters of the selected cells (selected[k] = 1) joined through 4- or 8-neighbours;
 * cluster numbers follow the grid order of each cluster's first cell (south-west first).
 */
export function cellClusters(grid: GridIndex, selected: Uint8Array, neighbourhood: Neighbourhood = 8): CellClusters {
  const n = grid.count;
  const { i: I, j: J } = grid;
  if (selected.length !== n) throw new RangeError(`selected has ${selected.length} entries for ${n} cells`);
  const parent = new Int32Array(n);
  for (let k = 0; k < n; k++) parent[k] = k;
  const diagonal = neighbourhood === 8;

  let rowStart = 0;
  while (rowStart < n) {
    const row = J[rowStart];
    let rowEnd = rowStart + 1;
    while (rowEnd < n && J[rowEnd] === row) rowEnd++;
    let nextEnd = rowEnd;
    if (rowEnd < n && J[rowEnd] === row + 1) while (nextEnd < n && J[nextEnd] === row + 1) nextEnd++;

    let p = rowEnd; // first candidate in the row above
    for (let k = rowStart; k < rowEnd; k++) {
      if (!selected[k]) continue;
      const ik = I[k];
      if (k + 1 < rowEnd && I[k + 1] === ik + 1 && selected[k + 1]) unite(parent, k, k + 1);
      while (p < nextEnd && I[p] < ik - 1) p++;
      for (let q = p; q < nextEnd && I[q] <= ik + 1; q++) {
        if (!selected[q]) continue;
        if (!diagonal && I[q] !== ik) continue;
        unite(parent, k, q);
      }
    }
    rowStart = rowEnd;
  }

  const label = new Int32Array(n).fill(-1);
  let clusters = 0;
  for (let k = 0; k < n; k++) {
    if (!selected[k]) continue;
    const r = find(parent, k);
    if (r === k) label[k] = clusters++;
    else label[k] = label[r]; // r < k: already labelled
  }
  return { label, clusters };
}

/** Returns the cell indices of each cluster, in grid order, from cellClusters' labels. */
export function clusterMembers(result: CellClusters): Int32Array[] {
  const sizes = new Int32Array(result.clusters);
  for (const l of result.label) if (l >= 0) sizes[l]++;
  const members = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(result.clusters);
  const { label } = result;
  for (let k = 0; k < label.length; k++) {
    const l = label[k];
    if (l >= 0) members[l][fill[l]++] = k;
  }
  return members;
}
