import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapsWorkspace } from '../../../../test/fixtures/mapsWorkspace.ts';
import { serve } from '../../../../test/support/h7Api.ts';
import { decodePng } from '../../../../test/support/pngPixels.ts';
import { mapsRouter } from './maps.ts';

let api: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => { api = await serve(await mapsWorkspace(), [mapsRouter]); });
afterAll(() => api.close());

const CREIL = '2.455,49.245,2.49,49.27';

describe('GET /maps/qpv/:code.:format', () => {
  it('returns the SVG of the QPV with its default layers, legend, sources and provenance header', async () => {
    const res = await fetch(`${api.base}/maps/qpv/QN06001M.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toContain('Les Hauts de Creil (QN06001M)');
    expect(svg).toContain('id="vecu"');
    expect(svg).toContain('Enseignement');
    const prov = JSON.parse(decodeURIComponent(res.headers.get('x-provenance')!));
    expect(prov.datasets.map((d: any) => d.id)).toEqual(['qpv2024', 'filosofi-2017-oise', 'colleges']);
    expect(prov.parameters).toMatchObject({ qpv: 'QN06001M', generation: '2024', vecu: 300, paper: 'A4', orientation: 'landscape' });
  });

  it('returns a PDF with the typed title, and a PNG at 300 dpi on A3 portrait', async () => {
    const pdf = await fetch(`${api.base}/maps/qpv/QN06001M.pdf?title=${encodeURIComponent('Contrat de ville — Creil')}&layers=p2024,cells,pockets&povertyRate=0.25`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'qpv-maps-route-')), 'map.pdf');
    writeFileSync(file, bytes);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Title:\s+Contrat de ville — Creil/);
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).toMatch(/[Pp]oches? de pauvreté/);
    const png = await fetch(`${api.base}/maps/qpv/QN06001M.png?paper=A3&orientation=portrait&layers=p2024,communes`);
    expect(png.status).toBe(200);
    const { width, height } = decodePng(Buffer.from(await png.arrayBuffer()));
    expect([width, height]).toEqual([3508, 4961]);
  });

  it('answers 404 for an unknown quartier and 400 naming a bad parameter or format', async () => {
    const unknown = await fetch(`${api.base}/maps/qpv/QN99999X.svg`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/QN99999X/);
    for (const [q, name] of [['layers=p2024,roads', 'layers'], ['indicator=income', 'indicator'], ['classes=kmeans', 'classes'], ['paper=A5', 'paper'], ['orientation=up', 'orientation'], ['vecu=-1', 'vecu'], ['povertyRate=abc', 'povertyRate']]) {
      const r = await fetch(`${api.base}/maps/qpv/QN06001M.svg?${q}`);
      expect(r.status, q).toBe(400);
      expect((await r.json()).error).toContain(`« ${name} »`);
    }
    const fmt = await fetch(`${api.base}/maps/qpv/QN06001M.gif`);
    expect(fmt.status).toBe(400);
    expect((await fmt.json()).error).toMatch(/Format invalide/);
  });
});

describe('GET /maps/view.:format', () => {
  it('draws the view of a bbox with the chosen indicator and classes', async () => {
    const res = await fetch(`${api.base}/maps/view.svg?bbox=${CREIL}&layers=p2024,cells,communes&indicator=livingStandard&classes=jenks&subtitle=Test&selected=QN06001M`);
    expect(res.status).toBe(200);
    const svg = await res.text();
    expect(svg).toContain('Niveau de vie moyen par habitant');
    expect(svg).toContain('seuils naturels de Jenks');
    expect(svg).toContain('CREIL');
    expect(svg).toContain('Limite de commune');
    expect(svg).toMatch(/\d\u00a0€/);
  });

  it('needs a bbox, and the pockets layer needs communes', async () => {
    const r1 = await fetch(`${api.base}/maps/view.svg`);
    expect(r1.status).toBe(400);
    expect((await r1.json()).error).toContain('« bbox »');
    const r2 = await fetch(`${api.base}/maps/view.svg?bbox=2.4,49.3,2.3,49.2`);
    expect(r2.status).toBe(400);
    const r3 = await fetch(`${api.base}/maps/view.svg?bbox=${CREIL}&layers=pockets`);
    expect(r3.status).toBe(400);
    expect((await r3.json()).error).toContain('« communes »');
    const r4 = await fetch(`${api.base}/maps/view.svg?bbox=${CREIL}&layers=pockets&communes=60175`);
    expect(r4.status).toBe(200);
    expect(await r4.text()).toContain('Poches de pauvreté');
  });
});

describe('GET /maps/atlas.pdf', () => {
  it('returns one page per QPV of the communes', async () => {
    const res = await fetch(`${api.base}/maps/atlas.pdf?communes=60175&generation=2024`);
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
    const prov = JSON.parse(decodeURIComponent(res.headers.get('x-provenance')!));
    expect(prov.parameters.codes.length).toBeGreaterThan(0);
    expect((pdf.match(/\/Type \/Page\b(?!s)/g) ?? []).length).toBe(prov.parameters.codes.length);
  });

  it('answers 400 without communes or epci and 404 when they hold no QPV', async () => {
    expect((await fetch(`${api.base}/maps/atlas.pdf`)).status).toBe(400);
    const none = await fetch(`${api.base}/maps/atlas.pdf?communes=60001`);
    expect(none.status).toBe(404);
    expect((await none.json()).error).toMatch(/Aucun quartier prioritaire 2024/);
  });
});
