import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import { tilesRouter } from './tiles.ts';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { CellGridBuilder } from '../../../domain/cellGrid.ts';
import type { DatasetRef } from '../../../domain/model.ts';
import { serve } from '../../../../test/support/h7Api.ts';

type PbfReader = ConstructorParameters<typeof VectorTile>[0];
const fromVectorTile = createRequire(createRequire(import.meta.url).resolve('@mapbox/vector-tile'));
const Pbf = (await import(pathToFileURL(fromVectorTile.resolve('pbf')).href)).PbfReader as new (b: Uint8Array) => PbfReader;

const ref: DatasetRef = { id: 'f17', kind: 'cells', label: 'INSEE, Filosofi 2017', generation: null, version: null, vintage: '2017', sourceName: 'test.csv' };
// One 40-household cell and one 5-household cell in Creil, and one cell in Martinique (EPSG:5490).
const metro = new CellGridBuilder(3035, 200, ['ind', 'men']);
metro.add(3769600, 2921600, false, [100, 40]);
metro.add(3769800, 2921600, true, [12, 5]);
const martinique = new CellGridBuilder(5490, 200, ['ind', 'men']);
martinique.add(708400, 1616200, false, [80, 30]);
const ws = createWorkspace({ cells: [{ ref, vintage: '2017', grids: [metro.finish(), martinique.finish()] }] });

let api: Awaited<ReturnType<typeof serve>>;
let base: string;
beforeAll(async () => {
  api = await serve(ws, [tilesRouter]);
  base = api.base;
});
afterAll(() => api.close());

function tileOf(z: number, lon: number, lat: number): string {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return `${z}/${Math.floor(((lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)}`;
}

// The z 14 tile holding the shared edge of the two Creil cells (2.4305, 49.1530).
const CREIL_14 = tileOf(14, 2.4305, 49.153);

describe('GET /api/tiles/cells/:z/:x/:y.pbf', () => {
  it('serves an MVT with a cells layer, secret below 11 households', async () => {
    const res = await fetch(`${base}/tiles/cells/${CREIL_14}.pbf?vintage=2017`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/vnd\.mapbox-vector-tile/);
    const tile = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
    const layer = tile.layers.cells;
    expect(layer.length).toBe(2);
    const props = [layer.feature(0).properties, layer.feature(1).properties];
    expect(props).toContainEqual({ id: 'CRS3035RES200mN2921600E3769600', imputed: 0, ind: 100, men: 40 });
    expect(props).toContainEqual({ id: 'CRS3035RES200mN2921600E3769800', imputed: 1, secret: 1 });
  });

  it('serves overseas grids of the same vintage', async () => {
    const [lon, lat] = [-61.064, 14.612]; // the Martinique cell (UTM 20N 708400 1616200)
    const res = await fetch(`${base}/tiles/cells/${tileOf(9, lon, lat)}.pbf`);
    expect(res.status).toBe(200);
    const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.cells;
    expect(layer.feature(0).properties).toMatchObject({ id: 'CRS5490RES1000mN1616000E708000', ind: 80 });
  });

  it('answers 204 for an empty tile', async () => {
    const res = await fetch(`${base}/tiles/cells/${tileOf(14, -4.5, 48.4)}.pbf`);
    expect(res.status).toBe(204);
  });

  it('refuses bad coordinates and unknown vintages', async () => {
    for (const path of ['3/8/0', '23/0/0', 'a/0/0', '2/-1/0']) {
      const res = await fetch(`${base}/tiles/cells/${path}.pbf`);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error).toMatch(/Coordonnée de tuile/);
    }
    const res = await fetch(`${base}/tiles/cells/${CREIL_14}.pbf?vintage=2021`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('Millésime Filosofi « 2021 » non chargé (millésimes chargés : 2017).');
  });
});
