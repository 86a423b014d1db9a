import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from './store.ts';
import { CellGridBuilder } from '../../domain/cellGrid.ts';
import type { DatasetInfo } from '../../app/workspace.ts';
import type { Perimeter } from '../../domain/model.ts';

const info = (id: string, kind: DatasetInfo['kind'], extra: Partial<DatasetInfo> = {}): DatasetInfo => ({
  id, kind, label: id, generation: null, version: null, vintage: null, sourceName: `${id}.geojson`, sha256: id.padEnd(64, '0'),
  ingestedAt: new Date().toISOString(), crs: 'EPSG:4326', counts: { features: 1 }, warnings: [], options: {}, ...extra,
});

const square = (lon: number, lat: number, d = 0.01): Perimeter['geometry'] => ({
  type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});

const perimeter = (code: string, generation: string): Perimeter => ({
  code, name: `Quartier ${code}`, communes: ['60175'], departement: '60', epci: null, generation, version: null,
  geometry: square(2.47, 49.25), properties: { code_qp: code },
});

describe('Store', () => {
  it('keeps datasets across reopenings and rebuilds the workspace from them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-store-'));
    let store = Store.open(dir);
    store.write(info('p24', 'perimeters', { generation: '2024' }), { kind: 'perimeters', records: [perimeter('QN06001M', '2024')] });
    const b = new CellGridBuilder(3035, 200, ['ind', 'men', 'ind_snv']);
    b.add(3802600, 2948600, true, [12.5, 4.2, 250000.25]);
    b.add(3802400, 2948600, false, [100, 40, 2000000.5]);
    store.write(info('c17', 'cells', { vintage: '2017' }), { kind: 'cells', grids: [b.finish()] });
    store.close();

    store = Store.open(dir);
    expect(store.listDatasets().map((d) => d.id).sort()).toEqual(['c17', 'p24']);
    const ws = store.loadWorkspace();
    const set = ws.perimeterSet('2024');
    expect(set?.items.map((p) => p.code)).toEqual(['QN06001M']);
    expect(set?.items[0].metricEpsg).toBe(2154);
    const cells = ws.cells('2017');
    expect(cells?.grids[0].count).toBe(2);
    expect(Array.from(cells!.grids[0].values.ind_snv!)).toEqual([2000000.5, 250000.25]);
    expect(Array.from(cells!.grids[0].imputed)).toEqual([0, 1]);
    store.close();
  });

  it('writes nothing when a dataset fails half-way through its records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-store-'));
    const store = Store.open(dir);
    store.write(info('p15', 'perimeters', { generation: '2015' }), { kind: 'perimeters', records: [perimeter('QP060001', '2015')] });
    const bad = [perimeter('QN06001M', '2024'), perimeter('QN06001M', '2024')]; // duplicate primary key on the 2nd row
    expect(() => store.write(info('p24', 'perimeters', { generation: '2024' }), { kind: 'perimeters', records: bad })).toThrow();
    expect(store.listDatasets().map((d) => d.id)).toEqual(['p15']);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM perimeters').get()).toEqual({ n: 1 });
    store.close();
  });

  it('replaces a dataset in the same transaction and deletes with its records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-store-'));
    const store = Store.open(dir);
    store.write(info('old', 'perimeters', { generation: '2024' }), { kind: 'perimeters', records: [perimeter('QN06001M', '2024')] });
    store.write(info('new', 'perimeters', { generation: '2024' }), { kind: 'perimeters', records: [perimeter('QN06002M', '2024')] }, 'old');
    expect(store.listDatasets().map((d) => d.id)).toEqual(['new']);
    expect(store.remove('new')).toBe(true);
    expect(store.remove('new')).toBe(false);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM perimeters').get()).toEqual({ n: 0 });
    store.close();
  });
});
