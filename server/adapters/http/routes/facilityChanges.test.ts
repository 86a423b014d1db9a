import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { facilityChangesRouter } from './facilityChanges.ts';
import { facilityAt, perimeterL93, squareL93, X0, Y0 } from '../../../domain/testFixtures/squares.ts';
import { ref, serve } from '../../../../test/support/h7Api.ts';

const ws = createWorkspace({
  perimeters: [
    { ref: ref('qpv2015', 'perimeters', { generation: '2015' }), perimeters: [{ ...perimeterL93('QP060901', squareL93(X0, Y0, 1000)), generation: '2015' }] },
    { ref: ref('qpv2024', 'perimeters', { generation: '2024' }), perimeters: [{ ...perimeterL93('QN06091M', squareL93(X0 + 500, Y0, 1000)), generation: '2024' }] },
  ],
  facilities: [{ ref: ref('bpe', 'facilities'), items: [
    facilityAt('left', 'C201', X0 + 200, Y0 + 500),
    facilityAt('entered', 'D113', X0 + 1200, Y0 + 500),
    facilityAt('near', 'D113', X0 + 1650.25, Y0 + 500),
  ] }],
});
let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => { api = await serve(ws, [facilityChangesRouter]); });
afterAll(() => api.close());

describe('GET /facility-changes', () => {
  it('returns transitions as JSON with provenance', async () => {
    const body = await (await fetch(`${api.base}/facility-changes?from=2015&to=2024`)).json();
    expect(body.counts).toEqual({ entered: 1, left: 1, 'stayed-inside': 0, 'stayed-near': 1, outside: 0 });
    expect(body.provenance.datasets.map((d: any) => d.id)).toEqual(['qpv2015', 'qpv2024', 'bpe']);
    expect(body.provenance.parameters).toMatchObject({ nearDistance: 300, types: [] });
  });

  it('filters by types and writes CSV for French Excel (BOM, ;, decimal comma)', async () => {
    const res = await fetch(`${api.base}/facility-changes?types=D113&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(';')[0]).toBe('identifiant');
    const near = lines.find((l) => l.startsWith('near;'))!.split(';');
    expect(near.at(-3)).toBe('150,3'); // distance_2024_m
    expect(near.at(-2)).toBe('Resté à proximité d’un QPV');
  });

  it('carries the provenance of a CSV answer in the X-Provenance header', async () => {
    const res = await fetch(`${api.base}/facility-changes?types=D113&format=csv`);
    const prov = JSON.parse(decodeURIComponent(res.headers.get('x-provenance')!));
    expect(prov.datasets.map((d: { id: string }) => d.id)).toEqual(['qpv2015', 'qpv2024', 'bpe']);
    expect(prov.parameters).toMatchObject({ from: '2015', to: '2024', nearDistance: 300, types: ['D113'] });
  });

  it('404 for a generation not loaded, 400 for a bad near distance', async () => {
    expect((await fetch(`${api.base}/facility-changes?from=2010`)).status).toBe(404);
    expect((await fetch(`${api.base}/facility-changes?near=abc`)).status).toBe(400);
  });
});
