// Every analysis router, mounted under /api by app.ts.
import type { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { changesRouter } from './changes.ts';
import { indicatorsRouter } from './indicators.ts';

/** Returns the analysis routers (indicators, changes, pockets, quartier vécu, lookup, tiles, maps...). */
export function analysisRouters(ctx: ApiContext): Router[] {
  return [changesRouter(ctx), indicatorsRouter(ctx)];
}
