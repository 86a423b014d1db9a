// Builds a Workspace from plain arrays: used by the store loader and by tests of routes and commands.
import type { Building, CellGrid, Commune, DatasetKind, DatasetRef, Facility, LoadedPerimeter, Perimeter, PerimeterExtension } from '../domain/model.ts';
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

/** Returns a Workspace over the given data; inputs listed later win ties (they are newer). */
export function createWorkspace(input: WorkspaceInput): Workspace {
  const perimeterSets: PerimeterSet[] = (input.perimeters ?? []).map(({ ref, perimeters }) => ({
    ref,
    generation: ref.generation ?? perimeters[0]?.generation ?? 'inconnue',
    version: ref.version,
    items: perimeters.map((p) => loadPerimeter(p, ref.id)),
  }));
  const cellSets: CellSet[] = (input.cells ?? []).map((c) => ({ ref: c.ref, vintage: c.vintage, grids: c.grids }));
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
