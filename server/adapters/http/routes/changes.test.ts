import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesRouter } from './changes.ts';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { readFilosofiCells } from '../../formats/filosofi.ts';
import { resolveSharedDataDir } from '../../../config.ts';
import { readSharedPerimeters, OCCITANIE_2015, OCCITANIE_2024 } from '../../../domain/__fixtures__/changes/realPerimeters.ts';
import type { Perimeter } from '../../../domain/model.ts';
import { getJson, ref, serve } from '../../../../test/support/h7Api.ts';

const plain = (ps: Perimeter[]): Perimeter[] => ps.map(({ code, name, communes, departement, epci, generation, version, geometry, properties }) => ({ code, name, communes, departement, epci, generation, version, geometry, properties }));

let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  const cells = await readFilosofiCells(join(resolveSharedDataDir(), 'filosofi2017-200m-toulouse/filosofi2017_200m_toulouse.csv'), { vintage: '2017' });
  const ws = createWorkspace({
    perimeters: [
      { ref: ref('qpv2015', 'perimeters', { generation: '2015' }), perimeters: plain(readSharedPerimeters(OCCITANIE_2015, '2015')) },
      { ref: ref('qpv2024', 'perimeters', { generation: '2024' }), perimeters: plain(readSharedPerimeters(OCCITANIE_2024, '2024')) },
    ],
    cells: [{ ref: ref('filosofi2017', 'cells', { vintage: '2017' }), vintage: '2017', grids: cells.grids }],
  });
  api = await serve(ws, [changesRouter]);
});
afterAll(() => api?.close());

const get = (path: string) => getJson(api.base + path);

describe('GET /api/changes', () => {
  it('compares one Toulouse quartier with Filosofi 2017 counts in its zones and full provenance', async () => {
    const { status, body } = await get('/changes?from=2015&to=2024&code=QN03107M&vintage=2017');
    expect(status).toBe(200);
    expect(body.quartiers).toHaveLength(1);
    const q = body.quartiers[0];
    expect(q.class).toBe('extended');
    expect(q.from.map((f: any) => f.code)).toEqual(['QP031007']);
    // Grand Mirail gained about 51 ha holding some 3,800 inhabitants (Filosofi 2017)
    expect(q.gained.areaHa).toBeCloseTo(50.67, 1);
    expect(q.gained.ind).toBeGreaterThan(3000);
    expect(q.gained.secret).toBe(false);
    expect(q.gained.men).toBeGreaterThan(11);
    expect(q.gained.men_pauv).toBeLessThanOrEqual(q.gained.men);
    expect(body.summary.counts.extended).toBe(1);
    expect(body.zones.type).toBe('FeatureCollection');
    expect(Object.keys(body.zones.features[0].properties).sort()).toEqual(['areaHa', 'class', 'codeFrom', 'codeTo', 'ind', 'log_soc', 'men', 'men_fmp', 'men_pauv', 'noData', 'secret', 'zone']);
    expect(body.provenance.datasets.map((d: any) => d.id)).toEqual(['qpv2015', 'qpv2024', 'filosofi2017']);
    expect(body.provenance.parameters).toMatchObject({ from: '2015', to: '2024', vintage: '2017', tolerance: 20, code: 'QN03107M' });
  });

  it('withholds counts of zones under 11 households but still sums them into the totals', async () => {
    const { body } = await get('/changes?from=2015&to=2024&departement=31&vintage=2017');
    const zones = body.zones.features.map((f: any) => f.properties);
    for (const z of zones) if (z.secret) expect([z.ind, z.men, z.men_pauv, z.men_fmp, z.log_soc]).toEqual([null, null, null, null, null]);
    expect(body.totals.departements.map((t: any) => t.key)).toEqual(['31']);
    expect(body.totals.departements[0].gained.secret).toBe(false);
    expect(body.summary.counts.removed).toBe(3); // QP031009, QP031015, QP031018
  });

  it('tolerance=0 turns redrawn-only quartiers into reshaped ones', async () => {
    const strict = await get('/changes?from=2015&to=2024&code=QN03106I&tolerance=0');
    expect(strict.body.quartiers[0].class).toBe('reshaped');
    const tolerant = await get('/changes?from=2015&to=2024&code=QN03106I');
    expect(tolerant.body.quartiers[0].class).toBe('identical');
  });

  it('404 names the generation that is not loaded and lists the loaded ones', async () => {
    const { status, body } = await get('/changes?from=2015&to=2030');
    expect(status).toBe(404);
    expect(body.error).toContain('2030');
    expect(body.details.available).toEqual(['2015', '2024']);
  });

  it('400 on a missing generation or a bad tolerance, 404 on an unknown code', async () => {
    expect((await get('/changes?from=2015')).status).toBe(400);
    const bad = await get('/changes?from=2015&to=2024&tolerance=-3');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('tolerance');
    expect((await get('/changes?from=2015&to=2024&code=QN99999X')).status).toBe(404);
  });
});
