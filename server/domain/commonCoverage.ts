// Two perimeter generations are comparable only where both were loaded. ANCT files are national or
// cut by région, so coverage is judged by région: a 2024 quartier in a région with no 2015 perimeter
// loaded is not "new", it is outside the comparison — while a new quartier in a département that had
// none in 2015 (Lozère) stays in, because the 2015 file covers its région.
import type { LoadedPerimeter } from './model.ts';
import { regionName, regionOfDepartement } from './regions.ts';

/** Département of an INSEE commune code: 3 characters overseas (971…), 2 elsewhere (2A, 2B included). */
export function departementOfCommuneCode(code: string): string {
  return code.startsWith('97') || code.startsWith('98') ? code.slice(0, 3) : code.slice(0, 2);
}

export interface CommonCoverage {
  regions: string[]; // INSEE région codes covered by both generations
  leftOut: { region: string; regionName: string; onlyIn: 'from' | 'to'; quartiers: string[] }[];
}

const depOf = (p: LoadedPerimeter) => p.departement ?? (p.communes[0] ? departementOfCommuneCode(p.communes[0]) : null);

/** Région of a perimeter, or null when its département is unknown. */
export function regionOfPerimeter(p: LoadedPerimeter): string | null {
  const d = depOf(p);
  return d === null ? null : regionOfDepartement(d);
}

/** Returns the régions both sets cover and, per région covered by one set only, its quartiers. */
export function commonCoverage(from: LoadedPerimeter[], to: LoadedPerimeter[]): CommonCoverage {
  const regions = (ps: LoadedPerimeter[]) => new Set(ps.map(regionOfPerimeter).filter((r): r is string => r !== null));
  const a = regions(from), b = regions(to);
  const leftOut: CommonCoverage['leftOut'] = [];
  for (const [set, other, side, items] of [[a, b, 'from', from], [b, a, 'to', to]] as const) {
    for (const r of [...set].filter((x) => !other.has(x)).sort()) {
      leftOut.push({ region: r, regionName: regionName(r), onlyIn: side, quartiers: items.filter((p) => regionOfPerimeter(p) === r).map((p) => p.code) });
    }
  }
  return { regions: [...a].filter((r) => b.has(r)).sort(), leftOut };
}

/** True when a perimeter lies in one of the régions (perimeters of unknown région are kept). */
export function inRegions(p: LoadedPerimeter, regions: readonly string[]): boolean {
  const r = regionOfPerimeter(p);
  return r === null || regions.includes(r);
}

/** French sentence for results and legends, or null when nothing was left out. */
export function coverageNote(c: CommonCoverage, fromLabel: string, toLabel: string): string | null {
  if (!c.leftOut.length) return null;
  const part = (side: 'from' | 'to', label: string, other: string) => {
    const l = c.leftOut.filter((x) => x.onlyIn === side);
    return l.length ? `${l.reduce((n, x) => n + x.quartiers.length, 0)} quartier(s) ${label} en ${l.map((x) => x.regionName).join(', ')} (sans périmètres ${other} chargés)` : null;
  };
  const parts = [part('from', fromLabel, toLabel), part('to', toLabel, fromLabel)].filter(Boolean);
  return `Comparaison limitée aux régions couvertes par les deux générations (${c.regions.map(regionName).join(', ') || 'aucune'}) ; hors comparaison : ${parts.join(' ; ')}.`;
}
