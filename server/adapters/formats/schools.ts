// Éducation nationale school lists ("Adresse et géolocalisation des établissements
// d'enseignement du premier et second degrés") → facilities in lonLat.
import { basename } from 'node:path';
import { isKnownCrs, parseCrsName, WGS84 } from '../../domain/crs.ts';
import { facilityType } from '../../domain/facilityTypes.ts';
import { IngestError } from '../../domain/model.ts';
import { parseFrenchNumber } from './csv.ts';
import {
  FacilityCollector, keptColumns, keptProperties, lonLatFromTexts, toLonLat,
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
  const out = new FacilityCollector(opts.fileName ?? basename(path), 'établissement', ['fromLatLon']);
  const { file, records, counts } = out;
  let c = {} as Record<string, string | null>;
  let kept: [string, string][] = [];

  for await (const { line, record } of out.rows(path, opts, (col) => {
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
    kept = keptColumns(col, KEPT_COLUMNS);
    if (!c.id) throw new IngestError(`${file} : colonne numero_uai absente, ce n'est pas une liste d'établissements de l'Éducation nationale`, [{ file, line: 1, field: 'numero_uai', message: 'colonne numero_uai attendue' }]);
  })) {
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
      // Unlike BPE, an unusable lat/lon pair's reason replaces the projected pair's: it is what the row was read from.
      const fromLatLon = lonLatFromTexts(get('lon'), get('lat'));
      if (fromLatLon !== null) pos = fromLatLon;
      if (Array.isArray(fromLatLon)) { epsg = WGS84; counts.fromLatLon++; }
    }
    if (typeof pos === 'string') {
      out.unplaced(line, uai || undefined, [get('x'), get('y'), get('lon'), get('lat')], pos);
      continue;
    }
    out.crsTally.add(epsg!);

    const type = schoolTypeOf(get('nature'), get('natureLabel'));
    const t = facilityType(type);
    const id = out.uniqueId(uai || `L${line}`, line, c.id ?? undefined, 'UAI');
    const properties = keptProperties(line, record, kept);
    records.push({
      id, type, typeLabel: t.label, name: get('name') || null, lon: pos[0], lat: pos[1],
      commune: get('commune') || null, quality: get('quality') || null, inseeQp: null, properties,
    });
  }

  return out.finish('schools', opts.vintage ?? null);
}
