// QPV perimeter files (ANCT 2015 and 2024 schemas, and their common derivatives) → Perimeter records
// in lon/lat, valid, with every repair and refusal reported by code.
import { basename } from 'node:path';
import { IngestError, type IngestIssue, type Perimeter } from '../../domain/model.ts';
import { checkPolygonal, communeCodes, departementOfCommune, pick, readPolygonalSource, reasonFr } from './polygonal.ts';

export interface PerimeterReadOptions {
  generation?: string; // '2015' | '2024' | a user label; detected from the codes when absent
  version?: string; // ANCT file date or décret; else a date found in the file name
  crs?: number;
  fileName?: string;
  layer?: string;
}

export interface PerimeterReadResult {
  records: Perimeter[];
  issues: IngestIssue[];
  sourceCrs: number;
  counts: Record<string, number>;
  generation: string;
  version: string | null;
}

// Field names per schema, matched case-insensitively, first present wins.
const CODE = ['code_qp', 'codeqp', 'code_quartier', 'cod_qp', 'qp'];
const NAME = ['lib_qp', 'nom_qp', 'nom_quartier', 'libelle', 'nom', 'name'];
const COMMUNE_CODES = ['insee_com', 'code_commune', 'code_insee', 'codgeo', 'insee', 'depcom'];
const COMMUNE_FALLBACK = ['commune_qp']; // 2015: commune names, sometimes codes
const DEPARTEMENT = ['insee_dep', 'code_departement', 'code_dep', 'dep'];
const EPCI = ['siren_epci', 'code_epci', 'epci'];

/** The département of a QPV code: QP060004 / QN06007M → "60", QN97101N → "971", QP02A001 → "2A"; null if not a QPV code. */
export function departementOfQpCode(code: string): string | null {
  const m = /^Q[PN](\d{2}[\dAB])/i.exec(code);
  if (!m) return null;
  const d = m[1].toUpperCase();
  return d.startsWith('0') ? d.slice(1) : d;
}

/** The generation a QPV code belongs to: "QP…" → "2015", "QN…" → "2024", else null. */
export function generationOfCode(code: string): '2015' | '2024' | null {
  if (/^QP/i.test(code)) return '2015';
  if (/^QN/i.test(code)) return '2024';
  return null;
}

/** An ISO date (YYYY-MM-DD) found in a file name ("…_2024-08-20.shp", "QPV20240820.zip"), or null. */
export function versionFromFileName(name: string): string | null {
  const m = /(?:^|[^\d])(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(basename(name));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Perimeters of a QPV file (shp/zip/7z/geojson/gpkg) in lonLat, valid; throws IngestError listing every refused feature. */
export async function readPerimeters(path: string, opts: PerimeterReadOptions = {}): Promise<PerimeterReadResult> {
  const { fileName, src, issues } = await readPolygonalSource(path, opts);
  const refused: IngestIssue[] = [];
  const counts: Record<string, number> = { features: src.features.length, repaired: 0, closedRings: 0 };

  // Generation: detected from the codes; an explicit one wins but a contradiction is reported.
  const byGen: Record<string, number> = { '2015': 0, '2024': 0 };
  for (const f of src.features) {
    const c = pick(f.properties, CODE);
    const g = c ? generationOfCode(c) : null;
    if (g) byGen[g]++;
  }
  const detected = byGen['2015'] === 0 && byGen['2024'] === 0 ? null : byGen['2024'] >= byGen['2015'] ? '2024' : '2015';
  if (byGen['2015'] > 0 && byGen['2024'] > 0) {
    issues.push({ file: fileName, message: `Codes des deux générations mélangés : ${byGen['2015']} codes QP… (2015) et ${byGen['2024']} codes QN… (2024).` });
  }
  const generation = opts.generation ?? detected;
  if (!generation) {
    throw new IngestError(`Génération des périmètres impossible à déduire des codes de ${fileName}.`, [
      { file: fileName, message: 'Indiquez-la avec --generation 2015 ou --generation 2024 (ou un libellé).' },
    ]);
  }
  if (opts.generation && detected && opts.generation !== detected && (opts.generation === '2015' || opts.generation === '2024')) {
    issues.push({ file: fileName, message: `Génération ${opts.generation} indiquée, mais les codes (${detected === '2015' ? 'QP…' : 'QN…'}) sont ceux de la génération ${detected}.` });
  }
  const version = opts.version ?? versionFromFileName(fileName) ?? null;

  const records: Perimeter[] = [];
  const seen = new Map<string, number>();
  for (const f of src.features) {
    const where = `#${f.index + 1}`;
    const code = pick(f.properties, CODE)?.toUpperCase() ?? null;
    if (!code) {
      refused.push({ file: fileName, feature: where, message: `Entité ${where} sans code de quartier (champ code_qp / CODE_QP absent ou vide).` });
      continue;
    }
    if (seen.has(code)) {
      refused.push({ file: fileName, feature: code, message: `Code ${code} en double (entités #${seen.get(code)! + 1} et ${where}).` });
      continue;
    }
    seen.set(code, f.index);
    const check = checkPolygonal(f.geometry);
    if (check.problem || !check.geometry) {
      refused.push({ file: fileName, feature: code, message: `${code} : ${check.problem}.` });
      continue;
    }
    if (check.closedRings) {
      counts.closedRings += check.closedRings;
      issues.push({ file: fileName, feature: code, message: `${code} : ${check.closedRings} anneau(x) non fermé(s), fermé(s) automatiquement.` });
    }
    if (check.repaired) {
      counts.repaired++;
      issues.push({ file: fileName, feature: code, message: `${code} : géométrie invalide réparée (MakeValid) — ${reasonFr(check.repaired)}.` });
    }
    let name = pick(f.properties, NAME);
    if (!name) {
      issues.push({ file: fileName, feature: code, message: `${code} : nom absent, le code sert de nom.` });
      name = code;
    }
    const communes = communeCodes(pick(f.properties, COMMUNE_CODES) ?? pick(f.properties, COMMUNE_FALLBACK));
    const depField = pick(f.properties, DEPARTEMENT);
    const departement = depField ? normaliseDep(depField) : departementOfQpCode(code) ?? (communes[0] ? departementOfCommune(communes[0]) : null);
    records.push({
      code,
      name,
      communes,
      departement,
      epci: pick(f.properties, EPCI),
      generation,
      version,
      geometry: check.geometry,
      properties: f.properties,
    });
  }
  if (refused.length) {
    const list = refused.map((r) => r.feature).slice(0, 20).join(', ');
    throw new IngestError(
      `${refused.length} périmètre(s) refusé(s) dans ${fileName} : ${list}${refused.length > 20 ? '…' : ''}. Rien n'a été importé.`,
      [...refused, { file: fileName, message: 'Corrigez ces entités (géométrie, code) dans un SIG puis réimportez le fichier.' }],
    );
  }
  if (records.length === 0) {
    throw new IngestError(`Aucun périmètre dans ${fileName}.`, [{ file: fileName, message: 'Le fichier ne contient aucune entité.' }]);
  }
  counts.perimeters = records.length;
  counts.multiCommune = records.filter((r) => r.communes.length > 1).length;
  return { records, issues, sourceCrs: src.sourceCrs, counts, generation, version };
}

function normaliseDep(d: string): string {
  const s = d.toUpperCase();
  if (/^0\d{2}$/.test(s) || /^0[2][AB]$/.test(s)) return s.slice(1); // "060" → "60" (3-character forms of some files)
  if (/^\d$/.test(s)) return `0${s}`; // 9 read as a number → "09"
  return s;
}
