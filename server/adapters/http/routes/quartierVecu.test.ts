import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { initGeos } from '../../../domain/geometry/geos.ts';
import { quartierVecuRouter } from './quartierVecu.ts';
import { facilityAt, perimeterL93, squareL93, X0, Y0 } from '../../../domain/testFixtures/squares.ts';
import { ref, serve } from '../../../../test/support/h7Api.ts';

const a = { ...perimeterL93('QN06091M', squareL93(X0, Y0, 100)), generation: '2024' };
const b = { ...perimeterL93('QN06092N', squareL93(X0 + 400, Y0, 100)), generation: '2024' };
const ws = createWorkspace({
  perimeters: [{ ref: ref('qpv2024', 'perimeters', { generation: '2024', version: '2024-08-20' }), perimeters: [a, b] }],
  facilities: [{ ref: ref('bpe', 'facilities', { vintage: '2023' }), items: [facilityAt('c1', 'C201', X0 + 50, Y0 + 50), facilityAt('m1', 'D113', X0 - 200, Y0 + 50), facilityAt('far', 'D113', X0 - 2000, Y0)] }],
});
let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => { await initGeos(); api = await serve(ws, [quartierVecuRouter]); });
afterAll(() => api.close());

describe('GET /quartier-vecu/:code', () => {
  it('returns rule, sentence, band and QPV+band features, facilities and provenance', async () => {
    const res = await fetch(`${api.base}/quartier-vecu/QN06091M?distance=300&include=far`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rule).toEqual({ distance: 300, clip: 'none', include: ['far'], exclude: [], generation: '2024', version: '2024-08-20' });
    expect(body.ruleText).toBe('Quartier vécu : bande de 300 m autour du périmètre 2024 (version 2024-08-20) ; 1 équipement ajouté à la main');
    expect(body.band.type).toBe('Feature');
    expect(body.qpvPlusBand.properties.kind).toBe('qpvPlusBand');
    expect(body.perimeter.properties.code).toBe('QN06091M');
    expect(body.facilities.qpv.map((f: any) => f.id)).toEqual(['c1']);
    expect(body.facilities.band.map((f: any) => f.id)).toEqual(['m1']);
    expect(body.facilities.added.map((f: any) => f.id)).toEqual(['far']);
    expect(body.indicators).toEqual({ band: null, qpvPlusBand: null });
    expect(body.provenance.datasets.map((d: any) => d.id)).toEqual(['qpv2024', 'bpe']);
    expect(body.provenance.parameters.distance).toBe(300);
  });

  it('answers 404 for an unknown code, 400 for a bad distance, 422 for clipping without communes', async () => {
    expect((await fetch(`${api.base}/quartier-vecu/QN99999X`)).status).toBe(404);
    expect((await fetch(`${api.base}/quartier-vecu/QN06091M?distance=-3`)).status).toBe(400);
    const r = await fetch(`${api.base}/quartier-vecu/QN06091M?clip=communes`);
    expect(r.status).toBe(422);
    expect((await r.json()).error).toMatch(/contours des communes/);
  });
});

describe('GET /quartier-vecu (all bands)', () => {
  it('returns a FeatureCollection of bands saying which bands overlap', async () => {
    const res = await fetch(`${api.base}/quartier-vecu?generation=2024&distance=300`);
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f: any) => [f.properties.code, f.properties.overlapsBandsOf])).toEqual([['QN06091M', ['QN06092N']], ['QN06092N', ['QN06091M']]]);
    expect(fc.features[0].properties.ruleText).toMatch(/^Quartier vécu : bande de 300 m/);
    expect(fc.provenance.parameters).toEqual({ distance: 300, clip: 'none', generation: '2024', version: '2024-08-20' });
  });
});
