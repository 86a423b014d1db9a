// Éducation nationale school lists ("Adresse et géolocalisation des établissements
// d'enseignement du premier et second degrés") → facilities in lonLat.
import { basename } from 'node:path';
import { isKnownCrs, parseCrsName, WGS84 } from '../../domain/crs.ts';
import { facilityType } from '../../domain/facilityTypes.ts';
import { IngestError, type Facility } from '../../domain/model.ts';
import { parseFrenchNumber, readCsvRows } from './csv.ts';
import {
  columnFinder, IssueList, mostRowsFailed, Tally, toLonLat,
  type FacilityReadOptions, type FacilityReadResult,
} from './facilityRows.ts';

const KEPT_COLUMNS = [
  'secteur_public_prive_libe', 'nature_uai', 'nature_uai_libe', 'adresse_uai', 'code_postal_uai',
  'libelle_commune', 'code_departement', 'etat_etablissement_libe', 'appariement', 'localisation',
];

/** Returns the facility type code ('college', 'ecole:maternelle', ...) of an Éducation nationale nature_uai code and label. */
export function schoolTypeOf(nature: string, natureLabel = ''): string {
  const n = Number(nature);
  if (n >= 100 && n < 150) return 'ecole:maternelle';
  if (n === 162) return 'ecole:specialisee';
  if (n >= 150 && n < 200) return 'ecole:elementaire';
  if (n === 340 || n === 350 || n === 352) return 'college';
  if (n === 300 || n === 301 || n === 302 || n === 335) return 'lycee';
  if (n === 306) return 'lycee:polyvalent';
  if (n === 307 || n === 380) return 'lycee:agricole';
  if (n === 320 || n === 332 || n === 334) return 'lycee:professionnel';
  if (n === 310 || n === 370) return 'erea';
  const l = natureLabel.toUpperCase();
  if (l.includes('COLLEGE')) return 'college';
  if (l.includes('LYCEE') && l.includes('PROF')) return 'lycee:professionnel';
  if (l.includes('LYCEE')) return 'lycee';
  if (l.includes('MATERNELLE')) return 'ecole:maternelle';
  if (l.includes('ELEMENTAIRE') || l.includes('PRIMAIRE')) return 'ecole:elementaire';
  return 'etablissement';
}

/** Reads an Éducation nationale school list; coordonnee_x/y reprojected from their EPSG column, else latitude/longitude. */
export async function readSchools(path: string, opts: FacilityReadOptions = {}): Promise<FacilityReadResult> {
  const file = opts.fileName ?? basename(path);
  const issues = new IssueList(file);
  const records: Facility[] = [];
  const crsTally = new Tally();
  const counts: Record<string, number> = { rows: 0, facilities: 0, withoutCoordinates: 0, badCoordinates: 0, fromLatLon: 0 };
  const ids = new Set<string>();
  let c = {} as Record<string, string | null>;
  let kept: [string, string][] = [];

  for await (const { line, record } of readCsvRows(path, {
    onProgress: opts.onProgress,
    onWarning: (message) => issues.add({ message }),
    onHeader: (header) => {
      const col = columnFinder(header);
      c = {
        id: col(opts.idColumn, 'numero_uai'),
        name: col(opts.labelColumn, 'appellation_officielle', 'denomination_principale'),
        x: col(opts.xColumn, 'coordonnee_x'),
        y: col(opts.yColumn, 'coordonnee_y'),
        epsg: col('EPSG'),
        lat: col('latitude'),
        lon: col('longitude'),
        nature: col('nature_uai'),
        natureLabel: col('nature_uai_libe'),
        commune: col('code_commune'),
        quality: col('appariement'),
      };
      kept = KEPT_COLUMNS.flatMap((k) => { const n = col(k); return n ? [[k, n] as [string, string]] : []; });
      if (!c.id) throw new IngestError(`${file} : colonne numero_uai absente, ce n'est pas une liste d'établissements de l'Éducation nationale`, [{ file, line: 1, field: 'numero_uai', message: 'colonne numero_uai attendue' }]);
    },
  })) {
    counts.rows++;
    const get = (k: string) => (c[k] ? record[c[k]!].trim() : '');
    const uai = get('id');

    // The projected pair with its EPSG is the source of truth; latitude/longitude are derived from it.
    let pos: [number, number] | string = 'coordonnées absentes';
    let epsg: number | null = null;
    const x = parseFrenchNumber(get('x')), y = parseFrenchNumber(get('y'));
    const rowCrs = get('epsg') ? parseCrsName(get('epsg')) : opts.crs ?? null;
    if (Number.isFinite(x) && Number.isFinite(y) && rowCrs !== null && isKnownCrs(rowCrs)) {
      pos = toLonLat(x, y, rowCrs);
      epsg = rowCrs;
    }
    if (typeof pos === 'string') {
      const lon = parseFrenchNumber(get('lon')), lat = parseFrenchNumber(get('lat'));
      if (Number.isFinite(lon) && Number.isFinite(lat)) {
        const p2 = toLonLat(lon, lat, WGS84);
        if (typeof p2 === 'string') pos = p2;
        else { pos = p2; epsg = WGS84; counts.fromLatLon++; }
      }
    }
    if (typeof pos === 'string') {
      const missing = !get('x') && !get('y') && !get('lon') && !get('lat');
      if (missing) counts.withoutCoordinates++;
      else counts.badCoordinates++;
      issues.add({ line, feature: uai || undefined, message: missing ? 'établissement sans coordonnées, ignoré' : `${pos}, établissement ignoré` });
      continue;
    }
    crsTally.add(epsg!);

    const type = schoolTypeOf(get('nature'), get('natureLabel'));
    const t = facilityType(type);
    let id = uai || `L${line}`;
    if (ids.has(id)) {
      issues.add({ line, feature: id, field: c.id ?? undefined, message: `UAI ${id} en double, rendu unique par le numéro de ligne` });
      id = `${id}-${line}`;
    }
    ids.add(id);
    const properties: Record<string, unknown> = { line };
    for (const [k, name] of kept) if (record[name]) properties[k] = record[name];
    records.push({
      id, type, typeLabel: t.label, name: get('name') || null, lon: pos[0], lat: pos[1],
      commune: get('commune') || null, quality: get('quality') || null, inseeQp: null, properties,
    });
  }

  counts.facilities = records.length;
  if (mostRowsFailed(counts.rows, records.length)) {
    throw new IngestError(`${file} : ${counts.rows - records.length} lignes sur ${counts.rows} sans coordonnées utilisables, fichier refusé`, issues.done().slice(0, 50));
  }
  return { records, issues: issues.done(), sourceCrs: crsTally.top(), counts, format: 'schools', vintage: opts.vintage ?? null };
}
