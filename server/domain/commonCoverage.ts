// Two perimeter generations are comparable only where both were loaded: a 2024 quartier in a
// département with no 2015 perimeter loaded is not "new", it is outside the comparison.
import type { LoadedPerimeter } from './model.ts';

/** Département of an INSEE commune code: 3 characters overseas (971…), 2 elsewhere (2A, 2B included). */
export function departementOfCommuneCode(code: string): string {
  return code.startsWith('97') || code.startsWith('98') ? code.slice(0, 3) : code.slice(0, 2);
}

export interface CommonCoverage {
  departements: string[]; // covered by both generations
  leftOut: { departement: string; onlyIn: 'from' | 'to'; quartiers: string[] }[];
}

const depOf = (p: LoadedPerimeter) => p.departement ?? (p.communes[0] ? departementOfCommuneCode(p.communes[0]) : null);

/** Returns the départements both sets cover and, per département covered by one set only, its quartiers. */
export function commonCoverage(from: LoadedPerimeter[], to: LoadedPerimeter[]): CommonCoverage {
  const deps = (ps: LoadedPerimeter[]) => new Set(ps.map(depOf).filter((d): d is string => d !== null));
  const a = deps(from), b = deps(to);
  const leftOut: CommonCoverage['leftOut'] = [];
  for (const [set, other, side, items] of [[a, b, 'from', from], [b, a, 'to', to]] as const) {
    for (const d of [...set].filter((x) => !other.has(x)).sort()) {
      leftOut.push({ departement: d, onlyIn: side, quartiers: items.filter((p) => depOf(p) === d).map((p) => p.code) });
    }
  }
  return { departements: [...a].filter((d) => b.has(d)).sort(), leftOut };
}

/** True when a perimeter lies in one of the départements (perimeters with no known département are kept). */
export function inDepartements(p: LoadedPerimeter, departements: readonly string[]): boolean {
  const d = depOf(p);
  return d === null || departements.includes(d);
}

/** French sentence for results and legends, or null when nothing was left out. */
export function coverageNote(c: CommonCoverage, fromLabel: string, toLabel: string): string | null {
  if (!c.leftOut.length) return null;
  const part = (side: 'from' | 'to', label: string, other: string) => {
    const l = c.leftOut.filter((x) => x.onlyIn === side);
    return l.length ? `${l.reduce((n, x) => n + x.quartiers.length, 0)} quartier(s) ${label} des départements ${l.map((x) => x.departement).join(', ')} (sans périmètres ${other} chargés)` : null;
  };
  const parts = [part('from', fromLabel, toLabel), part('to', toLabel, fromLabel)].filter(Boolean);
  return `Comparaison limitée aux départements couverts par les deux générations (${c.departements.join(', ') || 'aucun'}) ; hors comparaison : ${parts.join(' ; ')}.`;
}
