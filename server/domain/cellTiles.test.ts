import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { CellTiler, cellFactorForZoom, cellTile, tileBoundsLonLat } from './cellTiles.ts';
import { CellGridBuilder, cellCentreLonLat, cellId, findCellAt } from './cellGrid.ts';
import { converter } from './crs.ts';
import type { CellGrid } from './model.ts';
import { readFilosofiCells } from '../adapters/formats/filosofi.ts';
import { resolveSharedDataDir } from '../config.ts';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// @mapbox/vector-tile decodes with its own pbf (v5); the top-level pbf 3 has no types.
type PbfReader = ConstructorParameters<typeof VectorTile>[0];
const fromVectorTile = createRequire(createRequire(import.meta.url).resolve('@mapbox/vector-tile'));
const Pbf = (await import(pathToFileURL(fromVectorTile.resolve('pbf')).href)).PbfReader as new (b: Uint8Array) => PbfReader;
const decode = (bytes: Uint8Array) => new VectorTile(new Pbf(bytes));

/** Tile z/x/y containing a lonLat point. */
function tileAt(z: number, lon: number, lat: number): [number, number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}
function features(bytes: Uint8Array): VectorTileFeature[] {
  const layer = decode(bytes).layers.cells;
  return Array.from({ length: layer.length }, (_, k) => layer.feature(k));
}
function signedArea(ring: { x: number; y: number }[]): number {
  let s = 0;
  for (let k = 0, p = ring.length - 1; k < ring.length; p = k++) s += (ring[p].x - ring[k].x) * (ring[k].y + ring[p].y);
  return s;
}

/** Two neighbouring cells in Creil: one of 5 households (secret), one of 40. */
function creilPair(): CellGrid {
  const b = new CellGridBuilder(3035, 200, ['ind', 'men', 'men_pauv', 'ind_snv', 'ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17', 'ind_65_79', 'ind_80p']);
  b.add(3769600, 2921600, false, [100, 40, 9, 2_000_000, 5, 3, 6, 8, 10, 2]);
  b.add(3769800, 2921600, true, [12, 5, 1, 250_000, 1, 0, 1, 1, 2, 1]);
  return b.finish();
}

describe('cell tiles', () => {
  it('picks 200 m at z ≥ 12, 1 km at z 9–11, coarser below', () => {
    expect([14, 12, 11, 9, 8, 7, 6, 3].map(cellFactorForZoom)).toEqual([1, 1, 5, 5, 10, 20, 40, 80]);
  });

  it('encodes the figures of a cell and withholds those of a 5-household cell', () => {
    const g = creilPair();
    const [lon, lat] = cellCentreLonLat(g, 0);
    const bytes = new CellTiler(g).tile(...tileAt(14, lon, lat))!.bytes;
    const fs = features(bytes);
    expect(fs).toHaveLength(2);
    const open = fs.find((f) => f.properties.id === 'CRS3035RES200mN2921600E3769600')!;
    expect(open.properties).toEqual({
      id: 'CRS3035RES200mN2921600E3769600', imputed: 0, ind: 100, men: 40, men_pauv: 9, ind_snv: 2_000_000, under18: 22, ind_65p: 12,
    });
    const secret = fs.find((f) => f.properties.id === 'CRS3035RES200mN2921600E3769800')!;
    expect(secret.properties).toEqual({ id: 'CRS3035RES200mN2921600E3769800', imputed: 1, secret: 1 });
    expect(open.type).toBe(3);
  });

  it('draws the square where the cell is, wound as an MVT exterior ring', () => {
    const g = creilPair();
    const [lon, lat] = cellCentreLonLat(g, 0);
    const [z, x, y] = tileAt(14, lon, lat);
    const f = features(new CellTiler(g).tile(z, x, y)!.bytes).find((f) => f.properties.id === 'CRS3035RES200mN2921600E3769600')!;
    const rings = f.loadGeometry();
    expect(rings).toHaveLength(1);
    expect(signedArea(rings[0])).toBeGreaterThan(0); // vector-tile's classifyRings convention for outer rings
    const geo = f.toGeoJSON(x, y, z).geometry;
    expect(geo.type).toBe('Polygon');
    const toLonLat = converter(3035, 4326);
    const corners = [toLonLat(3769600, 2921600), toLonLat(3769600, 2921800), toLonLat(3769800, 2921800), toLonLat(3769800, 2921600)];
    const ring = (geo as GeoJSON.Polygon).coordinates[0];
    corners.forEach(([clon, clat], k) => {
      expect(ring[k][0]).toBeCloseTo(clon, 4);
      expect(ring[k][1]).toBeCloseTo(clat, 4);
    });
  });

  it('returns null for a tile without cells', () => {
    const g = creilPair();
    expect(new CellTiler(g).tile(...tileAt(14, -4.5, 48.4))).toBeNull(); // Brest
    expect(cellTile([new CellTiler(g)], 0, 0, 0)).not.toBeNull();
  });

  it('serves the Oise extract: a known 200 m cell at z 14 and its 1 km parent at z 10', async () => {
    const g = (await readFilosofiCells(join(resolveSharedDataDir(), 'filosofi2017-200m-oise/filosofi2017_200m_compiegne_creil.csv'))).grids[0];
    const tiler = new CellTiler(g);
    const k = findCellAt(g, 3769601, 2921601);
    const [lon, lat] = cellCentreLonLat(g, k);
    const f14 = features(tiler.tile(...tileAt(14, lon, lat))!.bytes).find((f) => f.properties.id === 'CRS3035RES200mN2921600E3769600')!;
    // Ind 46.5, Men 16, Men_pauv 4, age bands 2 + 1 + 2 + 7.5 under 18, 3 + 3 aged 65+
    expect(f14.properties).toEqual({
      id: 'CRS3035RES200mN2921600E3769600', imputed: 0, ind: 46.5, men: 16, men_pauv: 4, ind_snv: 1422497, log_soc: 0, men_fmp: 2, men_prop: 14, under18: 12.5, ind_65p: 6,
    });

    const f10 = features(tiler.tile(...tileAt(10, lon, lat))!.bytes).find((f) => f.properties.id === 'CRS3035RES1000mN2921000E3769000')!;
    let ind = 0;
    for (let j = 2921000; j < 2922000; j += 200) for (let i = 3769000; i < 3770000; i += 200) {
      const c = findCellAt(g, i + 1, j + 1);
      if (c >= 0) ind += g.values.ind![c];
    }
    expect(f10.properties.ind).toBe(Math.round(ind)); // aggregated levels carry whole numbers
    expect(f10.properties.imputed_share).toBeGreaterThanOrEqual(0);

    // every populated cell whose centre lies in a z 12 tile is in it, once
    const [z, x, y] = tileAt(12, 2.47, 49.26); // Creil
    const [w, s, e, n] = tileBoundsLonLat(z, x, y);
    const ids = features(tiler.tile(z, x, y)!.bytes).map((f) => f.properties.id);
    expect(new Set(ids).size).toBe(ids.length);
    let expected = 0;
    for (let c = 0; c < g.count; c++) {
      const [clon, clat] = cellCentreLonLat(g, c);
      if (clon > w && clon < e && clat > s && clat < n) {
        expected++;
        expect(ids).toContain(cellId(g, c));
      }
    }
    expect(expected).toBeGreaterThan(100);
  });
});
