// Loads the real Oise extracts in place (never copied): Filosofi 2017 cells and the 2024 QPVs of
// Creil, Montataire, Nogent-sur-Oise, Villers-Saint-Paul and Compiègne. For tests, bench, cross-check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { CellGrid, Polygonal } from '../../model.ts';
import { resolveSharedDataDir } from '../../../config.ts';
import { readFilosofiCells } from '../../../adapters/formats/filosofi.ts';

export const OISE_CELLS = join(resolveSharedDataDir(), 'filosofi2017-200m-oise', 'filosofi2017_200m_compiegne_creil.csv');
export const SEED_QPVS = join(resolveSharedDataDir(), 'qpv2024-anct', 'qpv2024_seed_territories.geojson');
export const OISE_COMMUNES = join(resolveSharedDataDir(), 'communes-france-geojson', 'communes-60-oise.geojson');

/** The Oise Filosofi 2017 grid (EPSG:3035). */
export async function oiseGrid(): Promise<CellGrid> {
  const { grids } = await readFilosofiCells(OISE_CELLS);
  return grids[0];
}

export interface NamedArea {
  code: string;
  name: string;
  communes: string[];
  geometry: Polygonal; // lonLat
}

/** The 2024 QPVs of the Oise (codes QN060…), lonLat. */
export function oiseQpvs(): NamedArea[] {
  const fc = JSON.parse(readFileSync(SEED_QPVS, 'utf8')) as FeatureCollection;
  return (fc.features as Feature<Polygonal>[])
    .filter((f) => String(f.properties?.code_qp).startsWith('QN060'))
    .map((f) => ({
      code: f.properties!.code_qp, name: f.properties!.lib_qp,
      communes: String(f.properties!.insee_com).split(',').map((c) => c.trim()), geometry: f.geometry,
    }));
}

/** One commune outline of the Oise (IGN 2018, simplified), lonLat. */
export function oiseCommune(code: string): NamedArea {
  const fc = JSON.parse(readFileSync(OISE_COMMUNES, 'utf8')) as FeatureCollection;
  const f = fc.features.find((x) => x.properties?.code === code) as Feature<Polygonal>;
  return { code, name: f.properties!.nom, communes: [code], geometry: f.geometry };
}
