// Builds a Workspace from plain arrays: used by the store loader and by tests of routes and commands.
import { CELL_FIELDS, type Building, type CellGrid, type Commune, type DatasetKind, type DatasetRef, type Facility, type LoadedPerimeter, type Perimeter, type PerimeterExtension } from '../domain/model.ts';
import { CellGridBuilder } from '../domain/cellGrid.ts';
import { metricCrsAt } from '../domain/crs.ts';
import { bboxOf, projectPolygonal } from '../domain/project.ts';
import type { CellSet, DatasetInfo, PerimeterSet, Workspace } from './workspace.ts';

export interface WorkspaceInput {
  datasets?: DatasetInfo[];
  perimeters?: { ref: DatasetRef; perimeters: Perimeter[] }[];
  cells?: { ref: DatasetRef; vintage: string; grids: CellGrid[] }[];
  facilities?: { ref: DatasetRef; items: Facility[] }[];
  communes?: { ref: DatasetRef; items: Commune[] }[];
  extensions?: { ref: DatasetRef; items: PerimeterExtension[] }[];
  buildings?: { ref: DatasetRef; items: Building[] }[];
}

/** Returns a perimeter prepared for computing: metric geometry (Lambert-93 or the overseas UTM) and lonLat bbox. */
export function loadPerimeter(p: Perimeter, datasetId: string): LoadedPerimeter {
  const bbox = bboxOf(p.geometry);
  const metricEpsg = metricCrsAt((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2);
  return { ...p, datasetId, metricEpsg, metric: projectPolygonal(p.geometry, 4326, metricEpsg), bbox };
}

/** Compares versions so that the newest sorts last (null = oldest; ISO dates compare as strings). */
function versionOrder(a: string | null, b: string | null): number {
  return (a ?? '').localeCompare(b ?? '');
}

/** A ref standing for several datasets read as one (extracts of the same generation/version or vintage). */
function combinedRef(refs: DatasetRef[]): DatasetRef {
  if (refs.length === 1) return refs[0];
  return { ...refs[0], id: refs.map((r) => r.id).join('+'), sourceName: refs.map((r) => r.sourceName).join(' + ') };
}

/** Perimeter datasets of the same generation and version form one set (e.g. two départements' extracts). */
function groupPerimeterSets(parts: NonNullable<WorkspaceInput['perimeters']>): PerimeterSet[] {
  const groups = new Map<string, { refs: DatasetRef[]; items: LoadedPerimeter[]; generation: string; version: string | null }>();
  for (const { ref, perimeters } of parts) {
    const generation = ref.generation ?? perimeters[0]?.generation ?? 'inconnue';
    const key = `${generation}\u0000${ref.version ?? ''}`;
    const g = groups.get(key) ?? { refs: [], items: [], generation, version: ref.version };
    groups.set(key, g);
    g.refs.push(ref);
    const seen = new Set(g.items.map((p) => p.code));
    for (const p of perimeters) if (!seen.has(p.code)) g.items.push(loadPerimeter(p, ref.id));
  }
  return [...groups.values()].map((g) => ({ ref: combinedRef(g.refs), refs: g.refs, generation: g.generation, version: g.version, items: g.items }));
}

/** Cell datasets of the same vintage form one set; grids of the same CRS and size are merged (later files win). */
function groupCellSets(parts: NonNullable<WorkspaceInput['cells']>): CellSet[] {
  const groups = new Map<string, { refs: DatasetRef[]; grids: CellGrid[] }>();
  for (const c of parts) {
    const g = groups.get(c.vintage) ?? { refs: [], grids: [] };
    groups.set(c.vintage, g);
    g.refs.push(c.ref);
    g.grids.push(...c.grids);
  }
  return [...groups.entries()].map(([vintage, g]) => {
    const byEpsg = new Map<string, CellGrid[]>(); // grids merge only with grids of the same CRS and cell size
    for (const grid of g.grids) byEpsg.set(`${grid.epsg}/${grid.size}`, [...(byEpsg.get(`${grid.epsg}/${grid.size}`) ?? []), grid]);
    const grids = [...byEpsg.values()].map((gs) => (gs.length === 1 ? gs[0] : mergeCellGrids(gs.reverse())));
    return { ref: combinedRef(g.refs), refs: g.refs, vintage, grids };
  });
}

/** Merges grids of one CRS into one sorted grid; on a duplicated cell the first grid given wins. */
export function mergeCellGrids(grids: CellGrid[]): CellGrid {
  const fields = CELL_FIELDS.filter((f) => grids.some((g) => g.values[f]));
  const b = new CellGridBuilder(grids[0].epsg, grids[0].size, fields);
  const row = new Float64Array(fields.length);
  for (const g of grids) {
    for (let k = 0; k < g.count; k++) {
      fields.forEach((f, fi) => (row[fi] = g.values[f]?.[k] ?? NaN));
      b.add(g.i[k] * g.size, g.j[k] * g.size, g.imputed[k] === 1, row, g.communes?.[k]);
    }
  }
  return b.finishWithDuplicates().grid;
}

/** Returns a Workspace over the given data; inputs listed later win ties (they are newer). */
export function createWorkspace(input: WorkspaceInput): Workspace {
  const perimeterSets = groupPerimeterSets(input.perimeters ?? []);
  const cellSets = groupCellSets(input.cells ?? []);
  const merge = <T>(parts: { ref: DatasetRef; items: T[] }[] | undefined) => ({
    refs: (parts ?? []).map((p) => p.ref),
    items: (parts ?? []).flatMap((p) => p.items),
  });
  const facilities = merge(input.facilities);
  const communes = merge(input.communes);
  const extensions = merge(input.extensions);
  const buildings = merge(input.buildings);
  const datasets = input.datasets ?? [];

  const newestPerGeneration = (): PerimeterSet[] => {
    const best = new Map<string, PerimeterSet>();
    for (const s of perimeterSets) {
      const cur = best.get(s.generation);
      if (!cur || versionOrder(cur.version, s.version) <= 0) best.set(s.generation, s);
    }
    return [...best.values()].sort((a, b) => a.generation.localeCompare(b.generation));
  };

  return {
    datasets: () => datasets,
    perimeterSets(query) {
      if (!query?.generation) return query?.version ? perimeterSets.filter((s) => s.version === query.version) : newestPerGeneration();
      const s = this.perimeterSet(query.generation, query.version);
      return s ? [s] : [];
    },
    perimeterSet(generation, version) {
      const matching = perimeterSets.filter((s) => s.generation === generation && (version === undefined || s.version === version));
      if (!matching.length) return null;
      return matching.reduce((a, b) => (versionOrder(a.version, b.version) <= 0 ? b : a));
    },
    cells(vintage) {
      if (vintage) return [...cellSets].reverse().find((c) => c.vintage === vintage) ?? null;
      if (!cellSets.length) return null;
      return cellSets.reduce((a, b) => (a.vintage.localeCompare(b.vintage) <= 0 ? b : a));
    },
    facilities(types) {
      if (!types?.length) return facilities;
      const wanted = new Set(types);
      return { refs: facilities.refs, items: facilities.items.filter((f) => wanted.has(f.type)) };
    },
    communes: () => communes,
    extensions: () => extensions,
    buildings: () => buildings,
    has(kind: DatasetKind) {
      switch (kind) {
        case 'perimeters': return perimeterSets.length > 0;
        case 'cells': return cellSets.length > 0;
        case 'facilities': return facilities.refs.length > 0;
        case 'communes': return communes.refs.length > 0;
        case 'extensions': return extensions.refs.length > 0;
        case 'buildings': return buildings.refs.length > 0;
      }
    },
  };
}
