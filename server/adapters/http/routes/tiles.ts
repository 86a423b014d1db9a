// Vector tiles of Filosofi cells: GET /api/tiles/cells/:z/:x/:y.pbf?vintage=2017
import { Router } from 'express';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { vintageNotLoaded } from '../../../app/vintages.ts';
import { str } from '../params.ts';
import { CellTiler, cellTile } from '../../../domain/cellTiles.ts';
import type { CellGrid } from '../../../domain/model.ts';

const MAX_ZOOM = 22;
// Low-zoom tiles cost tens of milliseconds (thousands of aggregated cells); keep the recent ones.
const CACHE_MAX_ZOOM = 10;
const CACHE_TILES = 512;

/** Returns the router serving cell tiles (MVT, one layer `cells`; 204 when a tile has no cell). */
export function tilesRouter(ctx: ApiContext): Router {
  const r = Router();
  // One tiler per loaded grid: its aggregated levels are built once and dropped with the grid on reload.
  const tilers = new WeakMap<CellGrid, CellTiler>();
  const tilerOf = (g: CellGrid) => {
    let t = tilers.get(g);
    if (!t) tilers.set(g, (t = new CellTiler(g)));
    return t;
  };
  const caches = new WeakMap<CellGrid, Map<string, Uint8Array | null>>();

  r.get('/tiles/cells/:z/:x/:y.pbf', (req, res) => {
    const z = tileIndex(req.params.z, 'z', MAX_ZOOM);
    const max = 2 ** z - 1;
    const x = tileIndex(req.params.x, 'x', max);
    const y = tileIndex(req.params.y, 'y', max);
    const vintage = str(req.query as Record<string, unknown>, 'vintage');
    const ws = ctx.workspace();
    const set = ws.cells(vintage);
    if (!set && vintage) {
      const { message, details } = vintageNotLoaded(ws, vintage);
      throw new HttpError(404, message, details);
    }
    if (!set) throw new HttpError(404, `Aucun carroyage Filosofi n'est chargé.`, { vintage: null });
    const key = `${z}/${x}/${y}`;
    let cache = set.grids.length > 0 ? caches.get(set.grids[0]) : undefined;
    if (!cache && set.grids.length > 0) caches.set(set.grids[0], (cache = new Map()));
    let bytes = cache?.get(key);
    if (bytes === undefined) {
      bytes = cellTile(set.grids.map(tilerOf), z, x, y);
      if (cache && z <= CACHE_MAX_ZOOM) {
        if (cache.size >= CACHE_TILES) cache.delete(cache.keys().next().value!);
        cache.set(key, bytes);
      }
    } else {
      cache!.delete(key); // most recently used goes last
      cache!.set(key, bytes);
    }
    res.set('Cache-Control', 'public, max-age=3600');
    res.set('X-Filosofi-Vintage', set.vintage);
    if (!bytes) return void res.status(204).end();
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
  return r;
}

function tileIndex(raw: string, name: string, max: number): number {
  const v = /^\d{1,8}$/.test(raw) ? Number(raw) : NaN;
  if (!(v >= 0 && v <= max)) {
    throw new HttpError(400, `Coordonnée de tuile « ${name} » invalide : « ${raw} » (attendu : un entier entre 0 et ${max}).`, { parameter: name, value: raw });
  }
  return v;
}
