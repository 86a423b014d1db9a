// The HTTP API end to end on real extracts: each endpoint, and the JSON error bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { shared, startApi, tempDir } from './helpers.ts';
import { ENDPOINTS } from '../server/adapters/http/openapi.ts';

let api: { url: string; stop: () => Promise<void> };
const get = async (path: string) => {
  const res = await fetch(api.url + path);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() };
};
const upload = async (file: string, fields: Record<string, string>) => {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), basename(file));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${api.url}/api/datasets`, { method: 'POST', body: form });
  return { status: res.status, body: await res.json() };
};

const SEED_2024 = shared('qpv2024-anct/qpv2024_seed_territories.geojson');
const OISE_CELLS = shared('filosofi2017-200m-oise/filosofi2017_200m_compiegne_creil.csv');
const COLLEGES = shared('colleges-geoloc-men-2024/colleges_dep59_60_71_93.csv');
const OISE_COMMUNES = shared('communes-france-geojson/communes-60-oise.geojson');

beforeAll(async () => {
  api = await startApi(tempDir());
});
afterAll(async () => api?.stop());

describe('catalogue', () => {
  it('answers health on an empty store', async () => {
    const r = await get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', datasets: 0 });
  });

  it('refuses an upload without a file or with an unknown kind, with a JSON error', async () => {
    const noFile = await fetch(`${api.url}/api/datasets`, { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error).toMatch(/Aucun fichier/);
    const badKind = await upload(SEED_2024, { kind: 'zones' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error).toMatch(/kind/);
  });

  it('ingests perimeters, cells, facilities and communes and lists them', async () => {
    const p = await upload(SEED_2024, { kind: 'perimeters', generation: '2024' });
    expect(p.status).toBe(201);
    expect(p.body.dataset).toMatchObject({ kind: 'perimeters', generation: '2024', sourceName: 'qpv2024_seed_territories.geojson' });
    expect(p.body.dataset.counts.features).toBe(34);
    expect((await upload(OISE_CELLS, { kind: 'cells', vintage: '2017' })).status).toBe(201);
    expect((await upload(COLLEGES, { kind: 'facilities' })).status).toBe(201);
    expect((await upload(OISE_COMMUNES, { kind: 'communes' })).status).toBe(201);
    const list = await get('/api/datasets');
    expect(list.body.map((d: { kind: string }) => d.kind).sort()).toEqual(['cells', 'communes', 'facilities', 'perimeters']);
  });

  it('detects a file ingested twice (409) and leaves the store as it was', async () => {
    const again = await upload(SEED_2024, { kind: 'perimeters', generation: '2024' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/déjà été importé/);
    expect((await get('/api/datasets')).body).toHaveLength(4);
  });
});

describe('data endpoints', () => {
  it('serves perimeters filtered by commune, département and bbox', async () => {
    const creil = await get('/api/perimeters?generation=2024&commune=60175');
    expect(creil.status).toBe(200);
    expect(creil.body.features.map((f: any) => f.properties.code)).toContain('QN06001M');
    expect(creil.body.provenance.datasets[0].generation).toBe('2024');
    const dep93 = await get('/api/perimeters?departement=93');
    expect(dep93.body.features.length).toBeGreaterThan(5);
    expect(dep93.body.features.every((f: any) => f.properties.departement === '93')).toBe(true);
    const box = await get('/api/perimeters?bbox=2.44,49.24,2.52,49.28');
    expect(box.body.features.length).toBeGreaterThan(0);
    expect(box.body.features.length).toBeLessThan(34);
  });

  it('serves one perimeter and says 404 for an unknown code or generation', async () => {
    const one = await get('/api/perimeters/QN06001M?generation=2024');
    expect(one.status).toBe(200);
    expect(one.body.properties.name).toBe('Les Hauts de Creil');
    expect((await get('/api/perimeters/QN99999X')).status).toBe(404);
    const gen = await get('/api/perimeters?generation=2015');
    expect(gen.status).toBe(404);
    expect(gen.body.details.loaded).toEqual(['2024']);
  });

  it('refuses a malformed bbox with a 400 naming the parameter', async () => {
    const r = await get('/api/perimeters?bbox=650000,6860000,660000,6870000');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/bbox/);
  });

  it('serves cells for a small area and refuses a large one with the limit in the message', async () => {
    const small = await get('/api/cells?bbox=2.46,49.25,2.48,49.26');
    expect(small.status).toBe(200);
    expect(small.body.features.length).toBeGreaterThan(5);
    const cell = small.body.features[0].properties;
    expect(cell.id).toMatch(/^CRS3035RES200mN\d+E\d+$/);
    expect(typeof cell.ind).toBe('number');
    const big = await get('/api/cells?bbox=1.0,48.0,4.0,50.0');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/limite 150 km²/);
  });

  it('serves facilities by bbox and type, and their type table', async () => {
    const r = await get('/api/facilities?bbox=2.40,49.20,2.55,49.32');
    expect(r.status).toBe(200);
    expect(r.body.features.length).toBeGreaterThan(3);
    expect(r.body.features[0].properties.typeLabel).toMatch(/Collège/i);
    const types = await get('/api/facility-types');
    expect(types.body.present.length).toBeGreaterThan(0);
  });

  it('finds a quartier by name and a commune by INSEE code', async () => {
    const q = await get('/api/search?q=hauts%20de%20creil');
    expect(q.body[0]).toMatchObject({ kind: 'qpv', code: 'QN06001M' });
    const c = await get('/api/search?q=60175');
    expect(c.body[0]).toMatchObject({ kind: 'commune', name: 'Creil' });
    expect((await get('/api/search')).status).toBe(400);
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const r = await get('/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/Point d'accès inconnu/);
  });

  it('documents every endpoint in OpenAPI, and every documented GET path exists', async () => {
    const doc = await get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const e of ENDPOINTS.filter((x) => x.method === 'get')) {
      const path = '/api' + e.path.replace('{code}', 'QN06001M').replace('{insee}', '60175').replace('{format}', 'svg').replace('{z}/{x}/{y}', '12/2075/1395');
      const r = await get(path);
      expect(r.body?.error ?? '', `${path}`).not.toMatch(/Point d'accès inconnu/);
    }
    expect((await get('/api/docs')).body).toMatch(/QPV Atlas — API/);
  });
});

describe('removal', () => {
  it('deletes a dataset, then says 404 for it', async () => {
    const list = (await get('/api/datasets')).body as { id: string; kind: string }[];
    const facilities = list.find((d) => d.kind === 'facilities')!;
    const del = await fetch(`${api.url}/api/datasets/${facilities.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await get('/api/facilities')).body.features).toHaveLength(0);
    const again = await fetch(`${api.url}/api/datasets/${facilities.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });
});
