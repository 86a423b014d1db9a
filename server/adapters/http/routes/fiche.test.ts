import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ficheRouter } from './fiche.ts';
import { toulouseWorkspace } from '../../../../test/support/ficheWorkspace.ts';
import { serve } from '../../../../test/support/h7Api.ts';

let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => { api = await serve(await toulouseWorkspace(), [ficheRouter]); });
afterAll(() => api.close());

describe('GET /perimeters/:code/fiche', () => {
  it('returns the fiche with the requested band distance and provenance', async () => {
    const res = await fetch(`${api.base}/perimeters/QN03107M/fiche?distance=500&vintage=2017`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.identity.code).toBe('QN03107M');
    expect(body.lineage.predecessors[0].code).toBe('QP031007');
    expect(body.quartierVecu.ruleText).toMatch(/bande de 500 m/);
    expect(body.changes.zones.type).toBe('FeatureCollection');
    expect(body.provenance.parameters).toMatchObject({ distance: 500, vintage: '2017' });
  });

  it('answers 404 for an unknown code or generation, 400 for a bad distance', async () => {
    expect((await fetch(`${api.base}/perimeters/QN99999X/fiche`)).status).toBe(404);
    expect((await fetch(`${api.base}/perimeters/QN03107M/fiche?generation=2015`)).status).toBe(404);
    const bad = await fetch(`${api.base}/perimeters/QN03107M/fiche?distance=abc`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/distance/);
  });
});
