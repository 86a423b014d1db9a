// Every analysis router, mounted under /api by app.ts.
import type { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { changesRouter } from './changes.ts';
import { indicatorsRouter } from './indicators.ts';
import { lookupRouter } from './lookup.ts';
import { quartierVecuRouter } from './quartierVecu.ts';
import { facilityChangesRouter } from './facilityChanges.ts';
import { pocketsRouter } from './pockets.ts';
import { tilesRouter } from './tiles.ts';
import { mapsRouter } from './maps.ts';
import { ficheRouter } from './fiche.ts';

/** Returns the analysis routers (indicators, changes, pockets, quartier vécu, lookup, tiles, maps...). */
export function analysisRouters(ctx: ApiContext): Router[] {
  return [changesRouter(ctx), indicatorsRouter(ctx), lookupRouter(ctx), quartierVecuRouter(ctx), facilityChangesRouter(ctx), pocketsRouter(ctx), tilesRouter(ctx), mapsRouter(ctx), ficheRouter(ctx)];
}
