import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { lookupRouter } from './lookup.ts';
import { lonLatOf, perimeterL93, squareL93, X0, Y0 } from '../../../domain/testFixtures/squares.ts';
import { ref, serve } from '../../../../test/support/h7Api.ts';

const p15 = { ...perimeterL93('QP060901', squareL93(X0, Y0, 1000)), generation: '2015' };
const p24 = { ...perimeterL93('QN06091M', squareL93(X0 + 500, Y0, 1000)), generation: '2024', version: '2024-08-20' };
const ws = createWorkspace({
  perimeters: [
    { ref: ref('qpv2015', 'perimeters', { generation: '2015' }), perimeters: [p15] },
    { ref: ref('qpv2024', 'perimeters', { generation: '2024', version: '2024-08-20' }), perimeters: [p24] },
  ],
});
let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => { api = await serve(ws, [lookupRouter]); });
afterAll(() => api.close());

describe('GET /lookup', () => {
  it('answers for every generation loaded, with the disclaimer and provenance', async () => {
    const p = lonLatOf(X0 + 200, Y0 + 500);
    const res = await fetch(`${api.base}/lookup?lon=${p.lon}&lat=${p.lat}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.answers.map((a: any) => [a.generation, a.version, a.status, a.qpv?.code ?? a.nearest?.code])).toEqual([
      ['2015', null, 'inside', 'QP060901'],
      ['2024', '2024-08-20', 'outside', 'QN06091M'],
    ]);
    expect(body.answers[1].nearest.distance).toBeCloseTo(300, 3);
    expect(body.disclaimer).toMatch(/^Résultat indicatif, qui ne constitue pas un certificat réglementaire/);
    expect(body.provenance.datasets.map((d: any) => d.id)).toEqual(['qpv2015', 'qpv2024']);
    expect(body.provenance.parameters.tolerance).toBe(0);
  });

  it('takes x/y with a CRS, a tolerance and one generation', async () => {
    const res = await fetch(`${api.base}/lookup?x=${X0 + 1505}&y=${Y0 + 500}&crs=EPSG:2154&tolerance=10&generation=2024`);
    const body = await res.json();
    expect(body.answers).toHaveLength(1);
    expect(body.answers[0]).toMatchObject({ generation: '2024', status: 'near-boundary', qpv: { code: 'QN06091M' } });
  });

  it('names the nearest QPV only within the far distance, which the caller can set', async () => {
    const p = lonLatOf(X0 + 200, Y0 + 500); // 300 m from the 2024 square
    const near = await (await fetch(`${api.base}/lookup?lon=${p.lon}&lat=${p.lat}&generation=2024`)).json();
    expect(near.answers[0].message).toMatch(/QN06091M/);
    const strict = await (await fetch(`${api.base}/lookup?lon=${p.lon}&lat=${p.lat}&generation=2024&far=100`)).json();
    expect(strict.answers[0].message).toMatch(/aucun QPV/);
    expect(strict.answers[0].nearest.code).toBe('QN06091M');
    expect(strict.provenance.parameters.farDistance).toBe(100);
    expect((await fetch(`${api.base}/lookup?lon=${p.lon}&lat=${p.lat}&far=0`)).status).toBe(400);
  });

  it('refuses missing or bad input with 400/404 in French', async () => {
    const a = await fetch(`${api.base}/lookup`);
    expect(a.status).toBe(400);
    expect((await a.json()).error).toMatch(/^Point manquant/);
    const b = await fetch(`${api.base}/lookup?lon=200&lat=49`);
    expect(b.status).toBe(400);
    const c = await fetch(`${api.base}/lookup?lon=2&lat=49&generation=2030`);
    expect(c.status).toBe(404);
    const d = await fetch(`${api.base}/lookup?address=1+rue+de+la+Paix+Creil`);
    expect(d.status).toBe(400);
    expect((await d.json()).error).toMatch(/géocodage d’adresses est désactivé/);
    const e = await fetch(`${api.base}/lookup?x=1&y=2&crs=EPSG:9999`);
    expect(e.status).toBe(400);
  });
});

describe('POST /lookup', () => {
  const a = lonLatOf(X0 + 200, Y0 + 500);
  const csv = `nom;lat;lon\r\nA;${a.lat};${a.lon}\r\n`;

  it('returns the CSV with columns appended (text/csv body)', async () => {
    const res = await fetch(`${api.base}/lookup`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [head, row] = text.slice(1).split('\r\n');
    expect(head).toBe('nom;lat;lon;qpv_2015;qpv_proche_2015;distance_2015_m;statut_2015;qpv_2024;qpv_proche_2024;distance_2024_m;statut_2024;avertissement');
    expect(row.split(';').slice(3, 11)).toEqual(['QP060901', 'QP060901', '0', 'dans un QPV', '', 'QN06091M', '300', 'hors QPV']);
  });

  it('carries the provenance of the CSV answer in the X-Provenance header', async () => {
    const res = await fetch(`${api.base}/lookup?tolerance=5&generation=2024`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const prov = JSON.parse(decodeURIComponent(res.headers.get('x-provenance')!));
    expect(prov.datasets.map((d: { id: string }) => d.id)).toEqual(['qpv2024']);
    expect(prov.parameters).toMatchObject({ tolerance: 5, crs: null, generation: '2024' });
  });

  it('accepts a multipart file field and named coordinate columns', async () => {
    const form = new FormData();
    form.append('file', new Blob([`id,Y_WGS,X_WGS\n1,${a.lat},${a.lon}\n`], { type: 'text/csv' }), 'ecoles.csv');
    const res = await fetch(`${api.base}/lookup?lonColumn=X_WGS&latColumn=Y_WGS&generation=2015`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('ecoles_qpv.csv');
    expect((await res.text()).split('\r\n')[1]).toMatch(/^1,[\d.]+,[\d.]+,QP060901,QP060901,0,dans un QPV,/);
  });

  it('refuses an empty body (400) and a file without coordinates (422)', async () => {
    expect((await fetch(`${api.base}/lookup`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '' })).status).toBe(400);
    const res = await fetch(`${api.base}/lookup`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a;b\n1;2\n' });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/Colonnes de coordonnées introuvables/);
  });
});
