// The fiche ("portrait de quartier") of one QPV: GET /perimeters/:code/fiche.
import { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { num, str } from '../params.ts';
import { quartierFiche } from '../../../app/fiche.ts';

const asHttp = httpErrorFrom();

/** Router for /perimeters/:code/fiche?generation=&version=&vintage=&distance=300&tolerance=20 (mounted under /api). */
export function ficheRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/perimeters/:code/fiche', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const code = String(req.params.code);
    if (!/^[\w.-]{1,40}$/.test(code)) throw new HttpError(400, `Code de quartier invalide : « ${code} » (ex. QN03107M ou QP031007).`, { code });
    const opts = {
      generation: str(q, 'generation'), version: str(q, 'version'), vintage: str(q, 'vintage'),
      distance: num(q, 'distance', 300, 1, 5000), tolerance: num(q, 'tolerance', undefined, 0, 200),
    };
    res.json(await quartierFiche(ctx.workspace(), code, opts).catch(asHttp));
  });
  return router;
}
