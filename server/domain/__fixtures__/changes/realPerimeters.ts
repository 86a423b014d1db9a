// Test/bench/script support (not runtime code): reads the shared QPV extracts in place and
// prepares LoadedPerimeter objects the way the store would (metric geometry, bbox).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Polygon, MultiPolygon } from 'geojson';
import { metricCrsAt, WGS84 } from '../../crs.ts';
import { bboxOf, projectPolygonal } from '../../project.ts';
import type { LoadedPerimeter, Polygonal } from '../../model.ts';
import { resolveSharedDataDir } from '../../../config.ts';

export const OCCITANIE_2015 = 'qpv2015-occitanie-hackaviz/qp.geojson';
export const OCCITANIE_2024 = 'qpv2024-anct/qpv2024_occitanie.geojson';
export const IDF_2015 = 'qpv2015-les-emplois-testfixtures/qpv2015_les_emplois_3qpv.geojson';
export const IDF_2024 = 'qpv2024-anct/qpv2024_idf_pairs.geojson';

function departementOf(code: string, explicit: unknown): string | null {
  if (typeof explicit === 'string' && explicit) return explicit;
  const d = code.slice(2, 5); // QP031009 / QN03101M → "031"
  return d.startsWith('0') ? d.slice(1) : d;
}

/** A LoadedPerimeter built from a lon/lat polygonal geometry (metric in Lambert-93 or the UTM zone). */
export function loadedPerimeter(p: { code: string; name?: string; communes?: string[]; generation: string; geometry: Polygonal; departement?: string | null; epci?: string | null }): LoadedPerimeter {
  const first = p.geometry.type === 'Polygon' ? p.geometry.coordinates[0][0] : p.geometry.coordinates[0][0][0];
  const metricEpsg = metricCrsAt(first[0], first[1]);
  return {
    code: p.code,
    name: p.name ?? p.code,
    communes: p.communes ?? [],
    departement: p.departement ?? departementOf(p.code, null),
    epci: p.epci ?? null,
    generation: p.generation,
    version: null,
    geometry: p.geometry,
    properties: {},
    datasetId: `fixture-${p.generation}`,
    metricEpsg,
    metric: projectPolygonal(p.geometry, WGS84, metricEpsg),
    bbox: bboxOf(p.geometry),
  };
}

/** Reads one of the shared QPV GeoJSON extracts (2015 or 2024 schema) as LoadedPerimeters. */
export function readSharedPerimeters(relPath: string, generation: string): LoadedPerimeter[] {
  const fc = JSON.parse(readFileSync(join(resolveSharedDataDir(), relPath), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  return fc.features.map((f: Feature<Polygon | MultiPolygon>) => {
    const pr = (f.properties ?? {}) as Record<string, string | undefined>;
    const code = String(pr.code_qp);
    const communes = String(pr.insee_com ?? pr.code_commune ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return loadedPerimeter({
      code,
      name: pr.lib_qp ?? pr.nom_qp ?? code,
      communes,
      generation,
      geometry: f.geometry,
      departement: departementOf(code, pr.code_departement),
    });
  });
}
