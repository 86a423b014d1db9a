// Indicators of a QPV perimeter, of a drawn area, and of a commune split into its QPVs and the rest.
import { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { HttpError, httpErrorFrom } from '../errors.ts';
import { oneOf, str } from '../params.ts';
import { communeIndicators, geometryIndicators, perimeterIndicators } from '../../../app/areaIndicators.ts';

const MODES = ['areal', 'dasymetric'] as const;

/** Router for /perimeters/:code/indicators, /indicators and /communes/:insee/indicators (mounted under /api). */
export function indicatorsRouter(ctx: ApiContext): Router {
  const router = Router();
  const query = (q: Record<string, unknown>) => ({
    vintage: str(q, 'vintage'), generation: str(q, 'generation'), version: str(q, 'version'), mode: oneOf(q, 'mode', MODES, 'areal'),
  });
  const asHttp = httpErrorFrom();
  const run = <T>(fn: () => Promise<T>): Promise<T> => fn().catch(asHttp);

  router.get('/perimeters/:code/indicators', async (req, res) => {
    const q = query(req.query as Record<string, unknown>);
    res.json(await run(() => perimeterIndicators(ctx.workspace(), String(req.params.code), q)));
  });

  router.post('/indicators', async (req, res) => {
    const q = query(req.query as Record<string, unknown>);
    if (req.body === undefined || typeof req.body !== 'object') {
      throw new HttpError(400, 'Corps attendu : une géométrie GeoJSON (Polygon ou MultiPolygon) ou une Feature, en WGS84, envoyée en application/json.');
    }
    res.json(await run(() => geometryIndicators(ctx.workspace(), req.body, q)));
  });

  router.get('/communes/:insee/indicators', async (req, res) => {
    const q = query(req.query as Record<string, unknown>);
    const insee = String(req.params.insee);
    if (!/^(\d{5}|2[AB]\d{3})$/i.test(insee)) throw new HttpError(400, `Code commune INSEE invalide : « ${insee} » (5 caractères, ex. 60175 ou 2A004).`, { insee });
    res.json(await run(() => communeIndicators(ctx.workspace(), insee.toUpperCase(), q)));
  });
  return router;
}
