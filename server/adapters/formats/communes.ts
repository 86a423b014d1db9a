// Commune outlines (IGN Admin Express, geo.api.gouv.fr, france-geojson...) → Commune records in lon/lat, valid.
import { IngestError, type Commune, type IngestIssue } from '../../domain/model.ts';
import { checkPolygonal, departementOfCommune, pick, readPolygonalSource, reasonFr } from './polygonal.ts';

export interface CommuneReadOptions {
  crs?: number;
  fileName?: string;
  layer?: string;
}

export interface CommuneReadResult {
  records: Commune[];
  issues: IngestIssue[];
  sourceCrs: number;
  counts: Record<string, number>;
}

const CODE = ['insee_com', 'code_insee', 'codgeo', 'code', 'insee', 'com'];
const NAME = ['nom', 'nom_com', 'lib_com', 'libgeo', 'nom_m', 'name'];
const DEP = ['insee_dep', 'code_dep', 'dep', 'code_departement'];
const EPCI = ['siren_epci', 'code_epci', 'epci'];

/** Communes of a vector file in lonLat, valid; throws IngestError listing refused features (no code, duplicate, bad geometry). */
export async function readCommunes(path: string, opts: CommuneReadOptions = {}): Promise<CommuneReadResult> {
  const { fileName, src, issues } = await readPolygonalSource(path, opts);
  const refused: IngestIssue[] = [];
  const records: Commune[] = [];
  const seen = new Set<string>();
  let repaired = 0;
  for (const f of src.features) {
    const where = `#${f.index + 1}`;
    let code = pick(f.properties, CODE)?.toUpperCase() ?? null;
    if (code && /^\d{4}$/.test(code)) code = `0${code}`; // a code read as a number lost its leading zero
    if (!code || !/^(\d{5}|2[AB]\d{3})$/.test(code)) {
      refused.push({ file: fileName, feature: where, message: `Entité ${where} : code commune INSEE absent ou invalide (${code ?? 'vide'}).` });
      continue;
    }
    if (seen.has(code)) {
      refused.push({ file: fileName, feature: code, message: `Commune ${code} en double.` });
      continue;
    }
    seen.add(code);
    const check = checkPolygonal(f.geometry);
    if (check.problem || !check.geometry) {
      refused.push({ file: fileName, feature: code, message: `${code} : ${check.problem}.` });
      continue;
    }
    if (check.repaired) {
      repaired++;
      issues.push({ file: fileName, feature: code, message: `${code} : géométrie invalide réparée (MakeValid) — ${reasonFr(check.repaired)}.` });
    }
    const dep = pick(f.properties, DEP);
    records.push({
      code,
      name: pick(f.properties, NAME) ?? code,
      departement: dep ? dep.replace(/^0(\d{2}|2[AB])$/, '$1') : departementOfCommune(code),
      epci: pick(f.properties, EPCI),
      geometry: check.geometry,
    });
  }
  if (refused.length) {
    throw new IngestError(
      `${refused.length} commune(s) refusée(s) dans ${fileName} : ${refused.map((r) => r.feature).slice(0, 20).join(', ')}. Rien n'a été importé.`,
      refused,
    );
  }
  if (records.length === 0) throw new IngestError(`Aucune commune dans ${fileName}.`, [{ file: fileName, message: 'Le fichier ne contient aucune entité.' }]);
  return { records, issues, sourceCrs: src.sourceCrs, counts: { features: src.features.length, communes: records.length, repaired } };
}
