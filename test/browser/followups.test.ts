// Follow-ups of the viewer on the demo territory: "hors données" vs "secret statistique" in the fiche,
// the facility popup, the Filosofi vintage picker, the CSV batch lookup, click-to-lookup, and the tablet layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, screenshot, tempDir, waitFirstRender, waitIdle } from './server.ts';
import { harness, type Harness } from './setup.ts';

let h: Harness;
beforeAll(async () => { h = await harness(); });
afterAll(async () => { await h?.close(); });

const TOULOUSE = 'c=1.41500,43.58000,13.00';

async function mapRect(page: Page) {
  const r = await page.locator('#map-area').boundingBox();
  if (!r) throw new Error('no map area');
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}

describe('fiche: missing figures say why', () => {
  it('Saint-Gaudens (outside the Toulouse cells) is "hors données" with the reason, never "secret statistique"', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?c=0.72500,43.11000,13.00&sel=QP031003@2015`);
    const fiche = page.locator('#fiche');
    await expect.poll(() => fiche.textContent(), { timeout: 30_000 }).toContain('Coeur De Ville');
    const text = (await fiche.textContent()) ?? '';
    expect(text).toContain('hors données');
    expect(text).toContain('hors de l’emprise des carreaux Filosofi');
    expect(text).not.toContain('secret statistique');
    expect(text).toContain('QN03103M'); // its 2024 successor, whose figures are also out of the cells
    // the fiche is longer than the screen: it scrolls within its column (the wheel reaches its last section)
    const box = (await fiche.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(801);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 3000);
    await expect.poll(() => fiche.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
    expect(await fiche.locator('.sources').isVisible()).toBe(true);
    await screenshot(page, 'fiche-hors-donnees-bas');
    await fiche.evaluate((el) => { el.scrollTop = 0; });
    await page.waitForTimeout(300);
    await screenshot(page, 'fiche-hors-donnees');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a quartier partly outside the cells keeps its figures with "couverture partielle (x %)"', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}&sel=QN03116N@2024`);
    const fiche = page.locator('#fiche');
    await expect.poll(() => fiche.textContent(), { timeout: 30_000 }).toMatch(/couverture partielle \(\d+,\d\s%\)/);
    const header = (await fiche.locator('.fiche-table thead').first().textContent()) ?? '';
    expect(header).toMatch(/couverture partielle/);
    expect(await fiche.locator('.fiche-table tbody tr').first().locator('td').last().textContent()).toMatch(/^\d[\d\s\u202f]*$/);
    await screenshot(page, 'fiche-couverture-partielle');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an Oise quartier says no 2015 perimeter is loaded in its région (lineage note), without an empty changes table', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?c=2.47000,49.26000,13.00&sel=QN06001M@2024`);
    const fiche = page.locator('#fiche');
    await expect.poll(() => fiche.locator('.note').textContent(), { timeout: 30_000 }).toContain('Aucun périmètre 2015 chargé en Hauts-de-France');
    expect(await fiche.textContent()).not.toContain('Zones entrées et sorties');
    await page.waitForTimeout(300);
    await screenshot(page, 'fiche-oise-note');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('facilities', () => {
  it('a click on a facility symbol opens a popup with its name, type, commune and identifier', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?c=1.40873,43.58811,14.50&l=communes,qpv2024,facilities`);
    await waitFirstRender(page);
    await waitIdle(page);
    const target = await page.evaluate(() => {
      const map = window.atlas!.ctx.main.map;
      const fs = map.queryRenderedFeatures({ layers: ['facilities-symbol'] });
      const c = map.getCanvas();
      for (const f of fs) {
        const pt = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        if (pt.x > 320 && pt.y > 200 && pt.x < c.clientWidth - 80 && pt.y < c.clientHeight - 60) return { x: pt.x, y: pt.y, p: f.properties };
      }
      return null;
    });
    expect(target).not.toBeNull();
    const rect = await mapRect(page);
    await page.mouse.click(rect.x + target!.x, rect.y + target!.y);
    const popup = page.locator('.facility-popup');
    await popup.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain(String(target!.p.name));
    expect(text).toContain(String(target!.p.typeLabel));
    expect(text).toContain(String(target!.p.commune));
    expect(text).toContain(String(target!.p.id));
    expect(await page.locator('#fiche').isVisible()).toBe(false); // the facility answered, not the quartier under it
    await screenshot(page, 'facility-popup');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('Filosofi vintage', () => {
  it('with one vintage loaded (the demo), the cells panel states it and shows no picker', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}`);
    await waitFirstRender(page);
    await page.locator('#panel-cells summary').click();
    await expect.poll(() => page.locator('#cells-vintage-single').textContent()).toBe('Millésime Filosofi : 2017');
    expect(await page.locator('#cells-vintage').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('with several vintages, the picker switches the cell tiles and the URL (v=)', async () => {
    // the demo loads Filosofi 2017 only: /api/datasets is made to announce a 2019 set too, and its tiles are served from 2017
    const tileVintages: string[] = [];
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?c=1.41500,43.58000,13.20&l=cells,qpv2024`, undefined, async (p) => {
      await p.route('**/api/datasets', async (route) => {
        const res = await route.fetch();
        const list = await res.json() as { kind: string; label: string; vintage: string | null }[];
        list.push({ ...list.find((d) => d.kind === 'cells')!, id: 'cells-2019-test', label: 'INSEE, Filosofi 2019', vintage: '2019' } as never);
        await route.fulfill({ response: res, json: list });
      });
      await p.route('**/api/tiles/cells/**', async (route) => {
        const u = new URL(route.request().url());
        tileVintages.push(u.searchParams.get('vintage') ?? '');
        if (u.searchParams.get('vintage') === '2019') u.searchParams.set('vintage', '2017');
        await route.continue({ url: u.toString() });
      });
    });
    await waitFirstRender(page);
    await waitIdle(page);
    await page.locator('#panel-cells summary').click();
    const picker = page.locator('#cells-vintage');
    expect(await picker.locator('option').allTextContents()).toEqual(['2019 (le plus récent)', '2017']);
    expect(await picker.inputValue()).toBe('2019');
    expect(await page.locator('label[for="cells-vintage"]').textContent()).toBe('Millésime Filosofi');
    tileVintages.length = 0;
    await picker.selectOption('2017');
    await expect.poll(() => new URL(page.url()).searchParams.get('v')).toBe('2017');
    await waitIdle(page);
    expect(tileVintages.length).toBeGreaterThan(0);
    expect(new Set(tileVintages)).toEqual(new Set(['2017']));
    await expect.poll(() => page.locator('[data-legend="cells"] h3').textContent()).toContain('Filosofi 2017');
    expect(await page.locator('#legend .sources').textContent()).not.toContain('Filosofi 2019');
    tileVintages.length = 0;
    await picker.selectOption('2019');
    await expect.poll(() => new URL(page.url()).searchParams.get('v')).toBe('2019');
    await waitIdle(page);
    expect(new Set(tileVintages)).toEqual(new Set(['2019']));
    await screenshot(page, 'cells-vintage-picker');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** Returns the map-area pixel of a lonLat on the main map. */
async function pixelOf(page: Page, lonLat: [number, number]) {
  const rect = await mapRect(page);
  const p = await page.evaluate((ll) => window.atlas!.ctx.main.map.project(ll), lonLat);
  return { x: rect.x + p.x, y: rect.y + p.y };
}

const MIRAIL: [number, number] = [1.3975, 43.5665]; // inside QN03107M Grand Mirail (Toulouse), 43 m from its edge

describe('lookup', () => {
  it('a CSV of points uploaded for batch lookup comes back with the qpv_2024 column appended, with a BOM for Excel', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}`);
    await waitFirstRender(page);
    await page.locator('#panel-lookup summary').click();
    const csv = `nom;lon;lat\nGrand Mirail;${MIRAIL.map((v) => String(v).replace('.', ',')).join(';')}\nCapitole;1,4442;43,6045\nCreil gare;2,4686;49,2640\n`;
    await page.locator('#lk-file').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const downloading = page.waitForEvent('download', { timeout: 30_000 });
    await page.locator('#lookup-batch button[type="submit"]').click();
    const dl = await downloading;
    expect(dl.suggestedFilename()).toBe('points-qpv.csv');
    const path = join(tempDir('qpv-batch-'), dl.suggestedFilename());
    await dl.saveAs(path);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(4);
    const header = lines[0].split(';');
    expect(header.slice(0, 3)).toEqual(['nom', 'lon', 'lat']); // the user's columns first, unchanged
    const col = header.indexOf('qpv_2024');
    expect(col).toBeGreaterThan(2);
    const rows = lines.slice(1).map((l) => l.split(';'));
    expect(rows[0][0]).toBe('Grand Mirail');
    expect(rows[0][col]).toBe('QN03107M');
    expect(rows[1][col]).toBe(''); // the Capitole is in no QPV
    await expect.poll(() => page.locator('#lookup-batch').textContent()).toContain('Résultat téléchargé');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in click-to-lookup mode a map click answers for the point instead of opening a fiche; off again, a click opens the fiche', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}&l=communes,qpv2015,qpv2024`);
    await waitFirstRender(page);
    await waitIdle(page);
    await page.locator('#panel-lookup summary').click();
    const mode = page.locator('#lk-mode');
    await mode.click();
    expect(await mode.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.body.classList.contains('click-lookup'))).toBe(true);
    await expect.poll(() => page.locator('#live').textContent()).toContain('Cliquez sur la carte');
    const at = await pixelOf(page, MIRAIL);
    await page.mouse.click(at.x, at.y);
    const result = page.locator('#lookup-result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('indicatif');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('QPV 2024');
    expect(text).toContain('QN03107M');
    expect(text).toContain('Dans un QPV');
    expect(text).toContain('Quartier vécu d’autres QPV : QN03119N'); // the 1 000 m band of a neighbour, named once
    expect(text).not.toMatch(/m de ;|m de\s*$/m);
    expect(await page.locator('#fiche').isVisible()).toBe(false);
    const typed = Number((await page.locator('#lk-lon').inputValue()).replace(',', '.'));
    expect(typed).toBeCloseTo(MIRAIL[0], 3);
    await page.waitForTimeout(300);
    await screenshot(page, 'lookup-click');

    await mode.click();
    expect(await mode.getAttribute('aria-pressed')).toBe('false');
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('#fiche-title').textContent(), { timeout: 30_000 }).toMatch(/Mirail/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('tablet (768×1024)', () => {
  it('the panels collapse, the map fills the screen and stays usable; the fiche floats over it', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}&l=communes,qpv2015,qpv2024`, { width: 768, height: 1024 });
    await waitFirstRender(page);
    await waitIdle(page);
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    expect(await page.locator('#toggle-sidebar').getAttribute('aria-expanded')).toBe('false');
    const canvas = (await page.locator('#map canvas').boundingBox())!;
    expect(canvas.width).toBeGreaterThan(760);
    expect(canvas.height).toBeGreaterThan(900);
    // every header control stays on screen
    for (const sel of ['#toggle-sidebar', '#search-q', '#copy-link']) {
      const b = (await page.locator(sel).boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(768);
    }
    await screenshot(page, 'tablet-collapsed');

    // usable: drag pans, the zoom button zooms
    const centre = await page.evaluate(() => window.atlas!.ctx.main.map.getCenter().toArray());
    await page.mouse.move(400, 700);
    await page.mouse.down();
    await page.mouse.move(250, 600, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.evaluate(() => window.atlas!.ctx.main.map.getCenter().toArray())).not.toEqual(centre);
    const zoom = await page.evaluate(() => window.atlas!.ctx.main.map.getZoom());
    await page.locator('.maplibregl-ctrl-zoom-in').click();
    await expect.poll(() => page.evaluate(() => window.atlas!.ctx.main.map.getZoom())).toBeGreaterThan(zoom + 0.5);
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('Zoomer');

    // a quartier's fiche floats over the map and closes again
    await page.evaluate((ll) => window.atlas!.ctx.main.map.jumpTo({ center: ll, zoom: 13.5 }), MIRAIL);
    await waitIdle(page);
    const at = await pixelOf(page, MIRAIL);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('#fiche-title').textContent(), { timeout: 30_000 }).toMatch(/Mirail/);
    const fiche = (await page.locator('#fiche').boundingBox())!;
    expect(fiche.x + fiche.width).toBeLessThanOrEqual(769);
    expect((await page.locator('#map canvas').boundingBox())!.width).toBeGreaterThan(760); // the map did not shrink
    await page.waitForTimeout(300);
    await screenshot(page, 'tablet-fiche');
    await page.locator('#fiche .close').click();
    expect(await page.locator('#fiche').isVisible()).toBe(false);

    // the panels open on demand
    await page.locator('#toggle-sidebar').click();
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    expect(await page.locator('#toggle-sidebar').getAttribute('aria-expanded')).toBe('true');
    await waitIdle(page);
    await screenshot(page, 'tablet-panels-open');
    expect(errors).toEqual([]);
    await context.close();
  });
});
