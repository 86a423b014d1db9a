// Building footprints (IGN BD TOPO BATIMENT, OpenStreetMap extracts) → Building records in lon/lat,
// for dasymetric weighting. Bad footprints are skipped with a warning: one broken shed must not
// refuse a file of a million buildings.
import { IngestError, type Building, type IngestIssue } from '../../domain/model.ts';
import { checkPolygonal, pick, readPolygonalSource } from './polygonal.ts';

export interface BuildingReadOptions {
  crs?: number;
  fileName?: string;
  layer?: string;
}

export interface BuildingReadResult {
  records: Building[];
  issues: IngestIssue[];
  sourceCrs: number;
  counts: Record<string, number>;
}

const ID = ['cleabs', 'id', 'osm_id', '@id', 'fid', 'ogc_fid'];
const USAGE = ['usage1', 'usage_1'];
const OSM_BUILDING = ['building'];
const FLOORS = ['nb_etages', 'nombre_d_etages', 'building:levels', 'levels'];
const OSM_RESIDENTIAL = new Set(['house', 'apartments', 'residential', 'detached', 'semidetached_house', 'terrace', 'dormitory', 'bungalow', 'farm', 'cabin']);
const MAX_DETAILED_ISSUES = 200;

/** Whether a building is residential from BD TOPO USAGE1 or OSM building=*; null when the source does not say. */
export function residentialOf(props: Record<string, unknown>): boolean | null {
  const usage = pick(props, USAGE);
  if (usage) {
    const u = usage.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (u.startsWith('residentiel')) return true;
    if (u.startsWith('indifferencie')) return null;
    return false;
  }
  const osm = pick(props, OSM_BUILDING)?.toLowerCase();
  if (!osm) return null;
  if (OSM_RESIDENTIAL.has(osm)) return true;
  if (osm === 'yes') return null; // OSM's generic tag: a building of unknown use
  return false;
}

/** Number of floors from NB_ETAGES / nombre_d_etages / building:levels, or null. */
export function floorsOf(props: Record<string, unknown>): number | null {
  const v = pick(props, FLOORS);
  if (v === null) return null;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Buildings of a vector file in lonLat, valid; bad geometries are skipped and counted. */
export async function readBuildings(path: string, opts: BuildingReadOptions = {}): Promise<BuildingReadResult> {
  const { fileName, src, issues } = await readPolygonalSource(path, opts);
  const records: Building[] = [];
  const counts: Record<string, number> = { features: src.features.length, buildings: 0, residential: 0, nonResidential: 0, unknownUse: 0, repaired: 0, skipped: 0 };
  let detailed = 0;
  const note = (i: IngestIssue) => {
    if (detailed++ < MAX_DETAILED_ISSUES) issues.push(i);
  };
  for (const f of src.features) {
    const id = pick(f.properties, ID) ?? `#${f.index + 1}`;
    const check = checkPolygonal(f.geometry);
    if (check.problem || !check.geometry) {
      counts.skipped++;
      note({ file: fileName, feature: id, message: `Bâtiment ${id} ignoré : ${check.problem}.` });
      continue;
    }
    if (check.repaired) {
      counts.repaired++;
      note({ file: fileName, feature: id, message: `Bâtiment ${id} : géométrie réparée (${check.repaired}).` });
    }
    const residential = residentialOf(f.properties);
    counts[residential === true ? 'residential' : residential === false ? 'nonResidential' : 'unknownUse']++;
    records.push({ id, residential, floors: floorsOf(f.properties), geometry: check.geometry });
  }
  if (detailed > MAX_DETAILED_ISSUES) issues.push({ file: fileName, message: `${detailed - MAX_DETAILED_ISSUES} autres bâtiments ignorés ou réparés (voir les compteurs).` });
  if (records.length === 0) {
    throw new IngestError(`Aucun bâtiment exploitable dans ${fileName}.`, [{ file: fileName, message: 'Fournissez des emprises de bâtiments (polygones), par exemple BD TOPO BATIMENT ou un extrait OSM building=*.' }]);
  }
  counts.buildings = records.length;
  return { records, issues, sourceCrs: src.sourceCrs, counts };
}
