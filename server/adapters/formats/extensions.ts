// Perimeter extensions/reductions drawn by users (polygons attached to a QPV code) → PerimeterExtension
// records in lon/lat, valid.
import { IngestError, type IngestIssue, type PerimeterExtension } from '../../domain/model.ts';
import { checkPolygonal, pick, readPolygonalSource, reasonFr } from './polygonal.ts';
import { generationOfCode } from './perimeters.ts';

export interface ExtensionReadOptions {
  generation?: string;
  code?: string; // the QPV every feature belongs to, when the file has no code column
  crs?: number;
  fileName?: string;
  layer?: string;
}

export interface ExtensionReadResult {
  records: PerimeterExtension[];
  issues: IngestIssue[];
  sourceCrs: number;
  counts: Record<string, number>;
}

const CODE = ['code_qp', 'codeqp', 'code_quartier', 'qp', 'code'];
const CHANGE = ['type', 'nature', 'change', 'evolution', 'modification'];
const LABEL = ['label', 'libelle', 'lib', 'nom', 'name', 'description', 'commentaire'];

/** 'reduction' when the text speaks of a reduction/removal, 'extension' when it speaks of an extension/addition, else null. */
export function changeOf(text: string | null): 'extension' | 'reduction' | null {
  if (!text) return null;
  const t = text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (/reduc|retrait|sortie|suppression/.test(t)) return 'reduction';
  if (/exten|ajout|entree|agrandissement/.test(t)) return 'extension';
  return null;
}

/** Extensions of a vector file in lonLat, valid; throws IngestError listing refused features. */
export async function readExtensions(path: string, opts: ExtensionReadOptions = {}): Promise<ExtensionReadResult> {
  const { fileName, src, issues } = await readPolygonalSource(path, opts);
  const refused: IngestIssue[] = [];
  const records: PerimeterExtension[] = [];
  const counts: Record<string, number> = { features: src.features.length, extensions: 0, reductions: 0, repaired: 0 };
  for (const f of src.features) {
    const where = `#${f.index + 1}`;
    const code = (pick(f.properties, CODE) ?? opts.code ?? null)?.toUpperCase() ?? null;
    if (!code) {
      refused.push({ file: fileName, feature: where, message: `Entité ${where} sans code de quartier : ajoutez une colonne code_qp ou indiquez --code.` });
      continue;
    }
    const check = checkPolygonal(f.geometry);
    if (check.problem || !check.geometry) {
      refused.push({ file: fileName, feature: `${code} ${where}`, message: `${code} (${where}) : ${check.problem}.` });
      continue;
    }
    if (check.repaired) {
      counts.repaired++;
      issues.push({ file: fileName, feature: `${code} ${where}`, message: `${code} (${where}) : géométrie invalide réparée (MakeValid) — ${reasonFr(check.repaired)}.` });
    }
    if (check.closedRings) issues.push({ file: fileName, feature: `${code} ${where}`, message: `${code} (${where}) : anneau non fermé, fermé automatiquement.` });
    const changeText = pick(f.properties, CHANGE);
    const change = changeOf(changeText);
    if (changeText && !change) {
      issues.push({ file: fileName, feature: `${code} ${where}`, field: 'type', message: `${code} (${where}) : type « ${changeText} » non reconnu, compté comme extension.` });
    }
    let generation = opts.generation ?? generationOfCode(code);
    if (!generation) {
      generation = '2024';
      issues.push({ file: fileName, feature: `${code} ${where}`, message: `${code} : génération inconnue, 2024 retenue (indiquez --generation).` });
    }
    const rec: PerimeterExtension = {
      code, generation, change: change ?? 'extension', label: pick(f.properties, LABEL), geometry: check.geometry, properties: f.properties,
    };
    counts[rec.change === 'extension' ? 'extensions' : 'reductions']++;
    records.push(rec);
  }
  if (refused.length) {
    throw new IngestError(
      `${refused.length} entité(s) refusée(s) dans ${fileName} : ${refused.map((r) => r.message).slice(0, 5).join(' ; ')}${refused.length > 5 ? ' ; …' : ''} Rien n'a été importé.`,
      refused,
    );
  }
  if (records.length === 0) throw new IngestError(`Aucune extension dans ${fileName}.`, [{ file: fileName, message: 'Le fichier ne contient aucune entité.' }]);
  return { records, issues, sourceCrs: src.sourceCrs, counts };
}
