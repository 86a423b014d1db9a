// Test support: reads the shared real extracts in place (never copied) into the domain model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { Commune, DatasetRef, Facility, LoadedPerimeter, Polygonal } from '../../server/domain/model.ts';
import type { PerimeterSet } from '../../server/app/workspace.ts';
import { resolveSharedDataDir } from '../../server/config.ts';
import { projectPolygonal, bboxOf } from '../../server/domain/project.ts';
import { metricCrsAt } from '../../server/domain/crs.ts';

export const shared = (...p: string[]) => join(resolveSharedDataDir(), ...p);

function readFc(path: string): FeatureCollection {
  return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
}

/** A perimeter set from one of the shared GeoJSON QPV files (2015 or 2024 schema). */
export function realPerimeterSet(relPath: string, generation: string, version: string | null = null): PerimeterSet {
  const ref: DatasetRef = { id: `real-${generation}-${relPath}`, kind: 'perimeters', label: `QPV ${generation} (${relPath})`, generation, version, vintage: null, sourceName: relPath };
  const items: LoadedPerimeter[] = readFc(shared(relPath)).features.map((f: Feature) => {
    const pr = (f.properties ?? {}) as Record<string, string>;
    const geometry = f.geometry as Polygonal;
    const first = geometry.type === 'Polygon' ? geometry.coordinates[0][0] : geometry.coordinates[0][0][0];
    const epsg = metricCrsAt(first[0], first[1]);
    const communes = String(pr.insee_com ?? pr.code_commune ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return {
      code: pr.code_qp, name: pr.lib_qp ?? pr.nom_qp ?? pr.code_qp, communes, departement: communes[0]?.slice(0, 2) ?? null, epci: null,
      generation, version, geometry, properties: pr, datasetId: ref.id, metricEpsg: epsg,
      metric: projectPolygonal(geometry, 4326, epsg), bbox: bboxOf(geometry),
    };
  });
  return { ref, refs: [ref], generation, version, items };
}

/** Commune outlines of one shared file (IGN 2018), as Commune records. */
export function realCommunes(fileName: string, epci: (code: string) => string | null = () => null): Commune[] {
  return readFc(shared('communes-france-geojson', fileName)).features.map((f) => {
    const pr = f.properties as { code: string; nom: string };
    return { code: pr.code, name: pr.nom, departement: pr.code.slice(0, 2), epci: epci(pr.code), geometry: f.geometry as Polygonal };
  });
}

/** Collèges of the 59/60/71/93 extract (or the national file) (`;` separated, BOM) as Facility records (C201), those with coordinates. */
export function realColleges(fileName = 'colleges_dep59_60_71_93.csv'): Facility[] {
  const text = readFileSync(shared('colleges-geoloc-men-2024', fileName), 'utf8').replace(/^\uFEFF/, '');
  const [head, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const cols = head.split(';');
  const at = (name: string) => cols.indexOf(name);
  const out: Facility[] = [];
  for (const line of lines) {
    const v = line.split(';');
    const lat = Number(v[at('latitude')]), lon = Number(v[at('longitude')]);
    if (!v[at('latitude')] || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    out.push({
      id: v[at('numero_uai')], type: 'C201', typeLabel: 'Collège', name: v[at('appellation_officielle')], lon, lat,
      commune: v[at('code_commune')] || null, quality: v[at('appariement')] || null, inseeQp: null, properties: {},
    });
  }
  return out;
}

/** The les-emplois oracle points: lon, lat, expected code ('' when outside). */
export function oraclePoints(): { lon: number; lat: number; code: string; inside: boolean }[] {
  const text = readFileSync(shared('qpv2015-les-emplois-testfixtures', 'oracle_points_from_les_emplois_tests.csv'), 'utf8');
  return text.split(/\r?\n/).slice(1).filter(Boolean).map((l) => {
    const [lat, lon, code, inside] = l.split(',');
    return { lon: Number(lon), lat: Number(lat), code, inside: inside === 'true' };
  });
}
