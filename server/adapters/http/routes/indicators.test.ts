import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorsRouter } from './indicators.ts';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import type { Perimeter } from '../../../domain/model.ts';
import { oiseCommune, oiseGrid, oiseQpvs } from '../../../domain/__fixtures__/indicators/oise.ts';
import { getJson, postJson, ref, serve } from '../../../../test/support/h7Api.ts';

let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  const perimeters: Perimeter[] = oiseQpvs().map((q) => ({
    code: q.code, name: q.name, communes: q.communes, departement: '60', epci: null, generation: '2024', version: null, geometry: q.geometry, properties: {},
  }));
  const creil = oiseCommune('60175');
  const ws = createWorkspace({
    perimeters: [{ ref: ref('qpv2024', 'perimeters', { generation: '2024' }), perimeters }],
    cells: [{ ref: ref('filosofi2017', 'cells', { vintage: '2017' }), vintage: '2017', grids: [await oiseGrid()] }],
    communes: [{ ref: ref('communes60', 'communes'), items: [{ code: creil.code, name: creil.name, departement: '60', epci: null, geometry: creil.geometry }] }],
  });
  api = await serve(ws, [indicatorsRouter]);
});
afterAll(() => api?.close());

const get = (path: string) => getJson(api.base + path);
const post = (path: string, body: unknown) => postJson(api.base + path, body);

describe('GET /api/perimeters/:code/indicators', () => {
  it('returns Les Hauts de Creil with labels and provenance', async () => {
    const { status, body } = await get('/perimeters/QN06001M/indicators?vintage=2017');
    expect(status).toBe(200);
    expect(body.area).toMatchObject({ kind: 'perimeter', code: 'QN06001M', name: 'Les Hauts de Creil', generation: '2024' });
    expect(body.indicators.counts.ind).toBeCloseTo(16294.8962, 3);
    expect(body.indicators.secret).toBe(false);
    expect(body.labels.rates.povertyRate.label).toBe('Taux de pauvreté des ménages');
    expect(body.provenance.datasets.map((d: any) => d.id)).toEqual(['filosofi2017', 'qpv2024']);
    expect(body.provenance.parameters).toMatchObject({ mode: 'areal', vintage: '2017', generation: '2024' });
  });

  it('404 for an unknown code or vintage, 400 for an unknown mode, 409 for dasymetric without buildings', async () => {
    expect((await get('/perimeters/QN99999X/indicators')).status).toBe(404);
    expect((await get('/perimeters/QN06001M/indicators?vintage=2019')).body.error).toMatch(/2019/);
    expect((await get('/perimeters/QN06001M/indicators?mode=kriging')).status).toBe(400);
    const d = await get('/perimeters/QN06001M/indicators?mode=dasymetric');
    expect(d.status).toBe(409);
    expect(d.body.error).toMatch(/bâtiments/);
  });
});

describe('POST /api/indicators', () => {
  const qpv = () => oiseQpvs().find((q) => q.code === 'QN06002M')!;

  it('accepts a Feature or a bare geometry in WGS84 and gives the same figures as the perimeter', async () => {
    const a = await post('/indicators', { type: 'Feature', properties: {}, geometry: qpv().geometry });
    const b = await post('/indicators', qpv().geometry);
    expect(a.status).toBe(200);
    expect(a.body.indicators.counts.ind).toBeCloseTo(3318.9632, 3);
    expect(b.body.indicators).toEqual(a.body.indicators);
    expect(a.body.provenance.datasets.map((d: any) => d.id)).toEqual(['filosofi2017']);
  });

  it('refuses non-polygonal, Lambert-93, unclosed and self-intersecting input with specifics', async () => {
    const point = await post('/indicators', { type: 'Point', coordinates: [2.47, 49.26] });
    expect(point.status).toBe(400);
    expect(point.body.error).toMatch(/non polygonale.*Point/);
    const l93 = await post('/indicators', { type: 'Polygon', coordinates: [[[652000, 6870000], [652100, 6870000], [652100, 6870100], [652000, 6870000]]] });
    expect(l93.status).toBe(400);
    expect(l93.body.error).toMatch(/WGS84/);
    const open = await post('/indicators', { type: 'Polygon', coordinates: [[[2.47, 49.26], [2.48, 49.26], [2.48, 49.27], [2.47, 49.27]]] });
    expect(open.status).toBe(400);
    expect(open.body.error).toMatch(/non fermé/);
    const bowtie = await post('/indicators', { type: 'Polygon', coordinates: [[[2.47, 49.26], [2.48, 49.27], [2.48, 49.26], [2.47, 49.27], [2.47, 49.26]]] });
    expect(bowtie.status).toBe(422);
    expect(bowtie.body.error).toMatch(/invalide/);
    const huge = await post('/indicators', { type: 'Polygon', coordinates: [[[0, 45], [5, 45], [5, 49], [0, 45]]] });
    expect(huge.status).toBe(413);
  });

  it('withholds a small area (< 11 households) with every figure null', async () => {
    // ~40 m × 40 m in Creil's centre
    const { status, body } = await post('/indicators', { type: 'Polygon', coordinates: [[[2.4700, 49.2600], [2.4705, 49.2600], [2.4705, 49.2604], [2.4700, 49.2604], [2.4700, 49.2600]]] });
    expect(status).toBe(200);
    expect(body.indicators.secret).toBe(true);
    expect(body.indicators.counts.ind).toBeNull();
    expect(body.warnings.join(' ')).toMatch(/Secret statistique/);
  });
});

describe('GET /api/communes/:insee/indicators', () => {
  it('Creil: the commune, its QPVs together, the rest, and each QPV', async () => {
    const { status, body } = await get('/communes/60175/indicators');
    expect(status).toBe(200);
    expect(body.area).toMatchObject({ kind: 'commune', code: '60175', name: 'Creil' });
    expect(body.qpvs.counts.ind + body.rest.counts.ind).toBeCloseTo(body.commune.counts.ind, 3);
    expect(body.quartiers.map((q: any) => q.area.code).sort()).toEqual(['QN06001M', 'QN06019N']);
    expect(body.restGeometry.type).toMatch(/Polygon/);
    expect(body.provenance.datasets.map((d: any) => d.id).sort()).toEqual(['communes60', 'filosofi2017', 'qpv2024']);
  });

  it('400 for a malformed code, 404 for a commune not loaded', async () => {
    expect((await get('/communes/601/indicators')).status).toBe(400);
    expect((await get('/communes/60159/indicators')).status).toBe(404);
  });
});
