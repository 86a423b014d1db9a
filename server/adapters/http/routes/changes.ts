// GET /api/changes: perimeter changes between two generations (or versions), with zones as GeoJSON.
import { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { num, str } from '../params.ts';
import { changesResponse, compareGenerations } from '../../../app/compareGenerations.ts';
import { DEFAULT_TOLERANCE_M } from '../../../domain/perimeterChanges.ts';

/** Router for /changes (mounted under /api). */
export function changesRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/changes', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const from = str(q, 'from');
    const to = str(q, 'to');
    if (!from || !to) throw new HttpError(400, 'Paramètres « from » et « to » obligatoires (ex. from=2015&to=2024).', { from: from ?? null, to: to ?? null });
    const out = await compareGenerations(ctx.workspace(), {
      from, to,
      fromVersion: str(q, 'fromVersion'), toVersion: str(q, 'toVersion'),
      code: str(q, 'code'), commune: str(q, 'commune'), departement: str(q, 'departement'),
      vintage: str(q, 'vintage'),
      tolerance: num(q, 'tolerance', DEFAULT_TOLERANCE_M, 0, 200),
    }).catch(httpErrorFrom());
    res.json(changesResponse(out));
  });
  return router;
}
