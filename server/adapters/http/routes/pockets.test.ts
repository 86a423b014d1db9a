import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pocketsRouter } from './pockets.ts';
import { createWorkspace } from '../../../app/memoryWorkspace.ts';
import { initGeos } from '../../../domain/geometry/geos.ts';
import { loadOise, OISE_DEMO_COMMUNES } from '../../../../test/fixtures/pocketsOise.ts';
import { postJson, serve } from '../../../../test/support/h7Api.ts';

let api: Awaited<ReturnType<typeof serve>>;
let base: string;
beforeAll(async () => {
  await initGeos();
  const oise = await loadOise();
  const ws = createWorkspace({ perimeters: [oise.perimeters], cells: [oise.cells], communes: [oise.communes] });
  api = await serve(ws, [pocketsRouter]);
  base = api.base;
});
afterAll(() => api?.close());

const get = async (path: string) => {
  const res = await fetch(base + path);
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8'); // keeps the BOM, which fetch's text() would strip
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: text.startsWith('{') ? JSON.parse(text) : null };
};
const post = (body: unknown) => postJson(base + '/pockets', body);
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('GET /api/pockets', () => {
  it('returns the pockets of the demo communes as GeoJSON features, with the legend and provenance', async () => {
    const { status, body } = await get(`/pockets?communes=${OISE_DEMO_COMMUNES.join(',')}&qpvShare=0.5`);
    expect(status).toBe(200);
    expect(plain(body.legend)).toBe('Poches de pauvreté : carreaux hors QPV (moins de 50 % de leur surface en QPV) dont le taux de pauvreté ≥ 30 %, regroupés (8 voisins), ≥ 200 habitants et ≥ 11 ménages — Filosofi 2017');
    expect(body.pockets.type).toBe('FeatureCollection');
    expect(body.pockets.features).toHaveLength(18);
    const first = body.pockets.features[0];
    expect(first.geometry.type).toBe('MultiPolygon'); // two cells touching by a corner
    expect(first.properties).toMatchObject({ rank: 1, cells: 2, population: 885.5, poorHouseholds: 125, nearestQpv: 'QN06008I', communes: '60159', communeNames: 'Compiègne' });
    expect(body.studyArea.communes.map((c: any) => c.code).sort()).toEqual([...OISE_DEMO_COMMUNES].sort());
    expect(body.parameters.povertyRate).toBe(0.3);
    expect(body.provenance.datasets.map((d: any) => d.kind).sort()).toEqual(['cells', 'communes', 'perimeters']);
    expect(body.provenance.parameters).toMatchObject({ povertyRate: 0.3, neighbourhood: 8, vintage: '2017', generation: '2024' });
    expect(body.rejected.length).toBeGreaterThan(0);
  });

  it('applies parameters from the query: fewer pockets with 4 neighbours and a 300-inhabitant minimum', async () => {
    const { status, body } = await get('/pockets?communes=60159&neighbourhood=4&minPopulation=300&povertyRate=35%25');
    expect(status).toBe(200);
    expect(body.parameters).toMatchObject({ neighbourhood: 4, minPopulation: 300, povertyRate: 0.35 });
    for (const f of body.pockets.features) {
      expect(f.properties.population).toBeGreaterThanOrEqual(300);
      expect(f.properties.povertyRate).toBeGreaterThanOrEqual(0.35);
      expect(f.properties.communes).toContain('60159');
    }
    expect(plain(body.legend)).toContain('≥ 35 %, regroupés (4 voisins), ≥ 300 habitants');
  });

  it('turns a threshold off with "off" and resolves a relative one against the study area', async () => {
    const { status, body } = await get('/pockets?communes=60175,60463&povertyRate=off&relativeRate=1,5');
    expect(status).toBe(200);
    expect(body.parameters).toMatchObject({ povertyRate: null, relativeRate: 1.5 });
    expect(body.studyArea.thresholds.relativePovertyRate).toBeCloseTo(1.5 * body.studyArea.rate, 12);
    expect(plain(body.legend)).toMatch(/taux de pauvreté ≥ 1,5 × celui de la zone d'étude \(\d+,?\d* %\)/);
    const noCriterion = await get('/pockets?communes=60175&povertyRate=off');
    expect(noCriterion.status).toBe(400);
    expect(noCriterion.body.error).toMatch(/Aucun critère/);
  });

  it('carries the provenance of the CSV answer in the X-Provenance header', async () => {
    const res = await fetch(`${base}/pockets?communes=60159&format=csv`);
    const prov = JSON.parse(decodeURIComponent(res.headers.get('x-provenance')!));
    expect(prov.datasets.map((d: { kind?: string; id: string }) => d.id).length).toBeGreaterThanOrEqual(3);
    expect(prov.parameters).toMatchObject({ povertyRate: 0.3, neighbourhood: 8, vintage: '2017', generation: '2024' });
  });

  it('returns GeoJSON alone with format=geojson and a French Excel CSV with format=csv', async () => {
    const gj = await get('/pockets?communes=60175&format=geojson');
    expect(gj.status).toBe(200);
    expect(gj.type).toContain('application/geo+json');
    expect(gj.body.type).toBe('FeatureCollection');
    expect(gj.body.legend).toMatch(/^Poches de pauvreté/);
    const csv = await get('/pockets?communes=60159&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const [header, row] = csv.text.slice(1).split('\r\n');
    expect(header.split(';').slice(0, 3)).toEqual(['rang', 'nb_carreaux', 'population']);
    expect(row).toMatch(/^1;/);
    expect(row).toMatch(/;0,\d+;/); // decimal comma
  });

  it('refuses an unknown commune code (400, naming it), a bad parameter (400) and an area without cells (404)', async () => {
    const unknown = await get('/pockets?communes=60175,99999');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('99999');
    const bad = await get('/pockets?communes=60175&povertyRate=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.details.parameter).toBe('povertyRate');
    const secret = await get('/pockets?communes=60175&minHouseholds=5');
    expect(secret.status).toBe(400);
    expect(secret.body.error).toMatch(/secret statistique/);
    const none = await get('/pockets');
    expect(none.status).toBe(400);
    // Beauvais (60057) lies outside the 51.2 km square of the extract.
    const outside = await get('/pockets?communes=60057');
    expect(outside.status).toBe(404);
    expect(outside.body.error).toMatch(/Aucun carreau/);
    const noGeneration = await get('/pockets?communes=60175&generation=2015');
    expect(noGeneration.status).toBe(404);
  });
});

describe('POST /api/pockets', () => {
  // A square around the Compiègne pocket found 2.6 km from any QPV (cells E3802600 N2948600-2948800).
  const square = { type: 'Polygon', coordinates: [[[2.80, 49.40], [2.86, 49.40], [2.86, 49.44], [2.80, 49.44], [2.80, 49.40]]] };

  it('finds pockets inside a drawn polygon, with parameters in the body', async () => {
    const { status, body } = await post({ studyArea: { type: 'Feature', properties: {}, geometry: square }, params: { minPopulation: 250 } });
    expect(status).toBe(200);
    expect(body.parameters.minPopulation).toBe(250);
    expect(body.provenance.parameters.studyArea.polygon).toBe(true);
    expect(body.studyArea.cells).toBeGreaterThan(0);
    for (const f of body.pockets.features) expect(f.properties.population).toBeGreaterThanOrEqual(250);
  });

  it('refuses Lambert-93 coordinates posing as lon/lat, and a missing study area', async () => {
    const l93 = await post({ studyArea: { type: 'Polygon', coordinates: [[[650000, 6900000], [651000, 6900000], [651000, 6901000], [650000, 6900000]]] } });
    expect(l93.status).toBe(422);
    expect(l93.body.error).toMatch(/Lambert-93/);
    const missing = await post({ params: {} });
    expect(missing.status).toBe(400);
  });
});
