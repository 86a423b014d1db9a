// Restricts two perimeter sets (and facilities) to the régions both cover, for comparisons.
import type { Facility } from '../domain/model.ts';
import { regionOfDepartement } from '../domain/regions.ts';
import { commonCoverage, coverageNote, departementOfCommuneCode, inRegions, type CommonCoverage } from '../domain/commonCoverage.ts';
import type { PerimeterSet } from './workspace.ts';

const label = (s: PerimeterSet) => `${s.generation}${s.version ? ` (version ${s.version})` : ''}`;

/** Returns both sets cut to their common régions, the facilities located there, and the note to show. */
export function comparableSets(from: PerimeterSet, to: PerimeterSet, facilities: Facility[]): {
  from: PerimeterSet; to: PerimeterSet; facilities: Facility[]; coverage: CommonCoverage; note: string | null;
} {
  const coverage = commonCoverage(from.items, to.items);
  if (!coverage.leftOut.length) return { from, to, facilities, coverage, note: null };
  const cut = (s: PerimeterSet): PerimeterSet => ({ ...s, items: s.items.filter((p) => inRegions(p, coverage.regions)) });
  return {
    from: cut(from),
    to: cut(to),
    // a facility with no commune code is kept: its position alone decides
    facilities: facilities.filter((f) => { const r = f.commune ? regionOfDepartement(departementOfCommuneCode(f.commune)) : null; return r === null || coverage.regions.includes(r); }),
    coverage,
    note: coverageNote(coverage, label(from), label(to)),
  };
}
