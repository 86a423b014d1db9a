// Facilities that entered or left priority geography between two perimeter sets, as JSON or CSV.
import { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { list, num, oneOf, str } from '../params.ts';
import { requirePerimeterSet } from './data.ts';
import { HttpError } from '../errors.ts';
import { setProvenanceHeader } from '../provenance.ts';
import { facilityChanges, facilityChangesRows } from '../../../domain/facilityChanges.ts';
import { comparableSets } from '../../../app/comparableSets.ts';
import { toCsv } from '../../formats/csvWrite.ts';

/** Router for /facility-changes?from=&to=&types=&near=&format=json|csv (mounted under /api). */
export function facilityChangesRouter(ctx: ApiContext): Router {
  const r = Router();
  r.get('/facility-changes', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const ws = ctx.workspace();
    const fromGen = str(q, 'from') ?? '2015';
    const toGen = str(q, 'to') ?? '2024';
    const from = requirePerimeterSet(ws, fromGen, str(q, 'fromVersion'));
    const to = requirePerimeterSet(ws, toGen, str(q, 'toVersion'));
    const types = list(q, 'types');
    const facilities = ws.facilities(types.length ? types : undefined);
    if (!ws.has('facilities')) throw new HttpError(404, 'Aucun équipement n’est chargé : importez une BPE, une liste d’écoles ou vos points.');
    const nearDistance = num(q, 'near', 300, 0, 5000)!;
    const precisionThreshold = num(q, 'precision', 25, 0, 1000)!;
    const code = str(q, 'code');
    const format = oneOf(q, 'format', ['json', 'csv'] as const, 'json');
    const scope = comparableSets(from, to, facilities.items);
    const result = facilityChanges(scope.facilities, scope.from, scope.to, { nearDistance, precisionThreshold, code });
    const provenance = {
      datasets: [...from.refs, ...to.refs, ...facilities.refs],
      parameters: {
        from: fromGen, to: toGen, fromVersion: from.version, toVersion: to.version, nearDistance, precisionThreshold, code: code ?? null, types,
        regionsCompared: scope.coverage.regions, coverageNote: scope.note,
      },
    };
    if (format === 'csv') {
      const separator = oneOf(q, 'separator', [';', ','] as const, ';');
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="equipements_${fromGen}_${toGen}${code ? `_${code}` : ''}.csv"`);
      setProvenanceHeader(res, provenance);
      res.send(toCsv(facilityChangesRows(result), { separator, bom: true, decimalComma: separator === ';' }));
      return;
    }
    res.json({ ...result, provenance });
  });
  return r;
}
