// Resolves commune names to INSEE codes: the 2015 ANCT files list communes by name (COMMUNE_QP).
import type { Commune } from './model.ts';

/** Folds a French place name for comparison: no accents, case, hyphens, apostrophes or "Saint"/"St" variants. */
export function foldPlaceName(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/\bst(e?)\b\.?/g, 'saint$1').replace(/[^a-z0-9]+/g, ' ').trim();
}

const withoutArticle = (folded: string) => folded.replace(/^(la|le|les|l) /, '');

/**
 * Returns the INSEE codes of the communes named in `namesText` ("Creil", "Aubervilliers, La Courneuve",
 * "Saint-Denis / Stains"), looked up within the département; names not found are returned apart.
 */
export function communeCodesFromNames(namesText: string, departement: string | null, communes: Commune[]): { codes: string[]; unknown: string[] } {
  const names = namesText.split(/\s*[,;/]\s*|\s+et\s+/).map((n) => n.trim()).filter(Boolean);
  const candidates = departement ? communes.filter((c) => c.departement === departement) : communes;
  // Some outlines drop the article ("Courneuve" for "La Courneuve"): index both forms.
  const byName = new Map<string, string[]>();
  for (const c of candidates) {
    for (const k of new Set([foldPlaceName(c.name), withoutArticle(foldPlaceName(c.name))])) byName.set(k, [...(byName.get(k) ?? []), c.code]);
  }
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const hit = byName.get(foldPlaceName(n)) ?? byName.get(withoutArticle(foldPlaceName(n)));
    if (hit?.length === 1) codes.push(hit[0]);
    else unknown.push(n);
  }
  return { codes: [...new Set(codes)], unknown };
}
