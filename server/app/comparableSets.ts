// Restricts two perimeter sets (and facilities) to the départements both cover, for comparisons.
import type { Facility } from '../domain/model.ts';
import { commonCoverage, coverageNote, departementOfCommuneCode, inDepartements, type CommonCoverage } from '../domain/commonCoverage.ts';
import type { PerimeterSet } from './workspace.ts';

const label = (s: PerimeterSet) => `${s.generation}${s.version ? ` (version ${s.version})` : ''}`;

/** Returns both sets cut to their common départements, the facilities located there, and the note to show. */
export function comparableSets(from: PerimeterSet, to: PerimeterSet, facilities: Facility[]): {
  from: PerimeterSet; to: PerimeterSet; facilities: Facility[]; coverage: CommonCoverage; note: string | null;
} {
  const coverage = commonCoverage(from.items, to.items);
  if (!coverage.leftOut.length) return { from, to, facilities, coverage, note: null };
  const deps = new Set(coverage.departements);
  const cut = (s: PerimeterSet): PerimeterSet => ({ ...s, items: s.items.filter((p) => inDepartements(p, coverage.departements)) });
  return {
    from: cut(from),
    to: cut(to),
    // a facility with no commune code is kept: its position alone decides
    facilities: facilities.filter((f) => !f.commune || deps.has(departementOfCommuneCode(f.commune))),
    coverage,
    note: coverageNote(coverage, label(from), label(to)),
  };
}
