// Every analysis router, mounted under /api by app.ts.
import type { Router } from 'express';
import type { ApiContext } from '../context.ts';

/** Returns the analysis routers (indicators, changes, pockets, quartier vécu, lookup, tiles, maps...). */
export function analysisRouters(_ctx: ApiContext): Router[] {
  return [];
}
