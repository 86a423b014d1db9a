// The viewer in a real browser on the demo territory (Toulouse: QPV 2015 and 2024, Filosofi 2017 cells).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { countColor, decodePng, diffCount } from './png.ts';
import { openPage, screenshot, waitFirstRender, waitIdle } from './server.ts';
import { harness, type Harness } from './setup.ts';

const TOULOUSE = 'c=1.41500,43.58000,12.60';
let h: Harness;
beforeAll(async () => { h = await harness(); });
afterAll(async () => { await h?.close(); });

async function mapRect(page: Page) {
  const r = await page.locator('#map-area').boundingBox();
  if (!r) throw new Error('no map area');
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}

/** Returns a screen point (in the map area) on a rendered feature of the layer, with its properties. */
async function pointOnLayer(page: Page, layer: string) {
  return page.evaluate((layerId) => {
    const map = window.atlas!.ctx.main.map;
    const c = map.getCanvas();
    const w = c.clientWidth, hgt = c.clientHeight;
    // from the centre outwards, so the point is away from the legend and the controls
    for (let r = 0; r < Math.max(w, hgt) / 2; r += 8) {
      for (let a = 0; a < 16; a++) {
        const x = w / 2 + r * Math.cos((a * Math.PI) / 8), y = hgt / 2 + r * Math.sin((a * Math.PI) / 8);
        if (x < 320 || y < 160 || x > w - 60 || y > hgt - 40) continue;
        const f = map.queryRenderedFeatures([x, y], { layers: [layerId] })[0];
        if (f) return { x, y, name: String(f.properties.name), code: String(f.properties.code) };
      }
    }
    return null;
  }, layer);
}

describe('viewer', () => {
  it('opens on the demo territory without console errors and draws both generations', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}`);
    const ms = await waitFirstRender(page);
    console.log(`first render (navigation start → map idle with perimeters drawn): ${ms} ms`);
    await waitIdle(page);
    const counts = await page.evaluate(() => {
      const map = window.atlas!.ctx.main.map;
      return { q24: map.queryRenderedFeatures({ layers: ['qpv2024-fill'] }).length, q15: map.queryRenderedFeatures({ layers: ['qpv2015-fill'] }).length, communes: map.queryRenderedFeatures({ layers: ['communes-line'] }).length };
    });
    expect(counts.q24).toBeGreaterThan(5);
    expect(counts.q15).toBeGreaterThan(5);
    expect(counts.communes).toBeGreaterThan(5);
    await expect.poll(() => page.locator('#legend').textContent()).toContain('Périmètres QPV 2024');
    await screenshot(page, 'viewer-toulouse');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('toggling a layer changes the rendered pixels, and the URL follows', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}&l=communes,qpv2024`);
    await waitFirstRender(page);
    await waitIdle(page);
    const rect = await mapRect(page);
    const before = decodePng(await screenshot(page, 'toggle-before', rect));
    await page.locator('#layer-qpv2024').uncheck();
    await waitIdle(page);
    const after = decodePng(await screenshot(page, 'toggle-after', rect));
    const blueBefore = countColor(before, '#0072B2', undefined, 30), blueAfter = countColor(after, '#0072B2', undefined, 30);
    expect(diffCount(before, after)).toBeGreaterThan(2000);
    expect(blueBefore).toBeGreaterThan(1000);
    expect(blueAfter).toBeLessThan(blueBefore / 10);
    await expect.poll(() => new URL(page.url()).searchParams.get('l')).toBe('communes');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the swipe shows 2015 on the left and 2024 on the right; side by side shows two synced maps', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}&l=qpv2015,qpv2024&cmp=swipe`);
    await waitFirstRender(page);
    await page.waitForFunction(() => window.atlas!.ctx.maps().length === 2);
    await waitIdle(page);
    const rect = await mapRect(page);
    const img = decodePng(await screenshot(page, 'compare-swipe', rect));
    const half = Math.floor(img.width / 2);
    const body = (x: number) => ({ x, y: 170, w: half - 10, h: img.height - 210 }); // below the legend, above the scale bar
    const left = body(0), right = body(half + 10);
    const orangeL = countColor(img, '#E69F00', left, 30), orangeR = countColor(img, '#E69F00', right, 30);
    const blueL = countColor(img, '#0072B2', left, 30), blueR = countColor(img, '#0072B2', right, 30);
    expect(orangeL).toBeGreaterThan(100);
    expect(blueR).toBeGreaterThan(100);
    expect(blueL).toBeLessThan(orangeL / 5);
    expect(orangeR).toBeLessThan(blueR / 5);
    await expect.poll(() => page.locator('#swipe-handle').getAttribute('aria-valuenow')).toBe('50');
    await page.locator('#swipe-handle').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('#swipe-handle').getAttribute('aria-valuenow')).toBe('45');

    await page.locator('#panel-compare summary').click();
    await page.locator('#compare-side').check();
    await waitIdle(page);
    await screenshot(page, 'compare-side');
    const boxes = await page.evaluate(() => window.atlas!.ctx.maps().map((m) => { const r = m.map.getContainer().getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width)]; }));
    expect(boxes).toHaveLength(2);
    expect(Math.abs(boxes[0][1] - boxes[1][1])).toBeLessThan(3);
    await page.evaluate(() => window.atlas!.ctx.main.map.jumpTo({ zoom: 13 }));
    const zooms = await page.evaluate(() => window.atlas!.ctx.maps().map((m) => m.map.getZoom()));
    expect(zooms[0]).toBeCloseTo(zooms[1], 5);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('clicking a QPV opens its fiche with its name', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}&l=communes,qpv2024`);
    await waitFirstRender(page);
    await waitIdle(page);
    const target = await pointOnLayer(page, 'qpv2024-fill');
    expect(target).not.toBeNull();
    const rect = await mapRect(page);
    await page.mouse.click(rect.x + target!.x, rect.y + target!.y);
    await expect.poll(() => page.locator('#fiche-title').textContent(), { timeout: 30_000 }).toBe(target!.name);
    await expect.poll(() => page.locator('#fiche').textContent()).toContain(target!.code);
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(`${target!.code}@2024`);
    await page.waitForTimeout(300);
    await screenshot(page, 'fiche');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws the cell choropleth with classes and secret cells in the legend', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?c=1.41500,43.58000,13.20&l=cells,qpv2024&ind=poverty`);
    await waitFirstRender(page);
    await waitIdle(page);
    await page.waitForFunction(() => (window.atlas!.choropleth?.breaks.length ?? 0) >= 3, undefined, { timeout: 30_000 });
    const legend = page.locator('[data-legend="cells"]');
    await expect.poll(() => legend.textContent()).toContain('Taux de pauvreté');
    await expect.poll(() => legend.textContent()).toContain('secret statistique');
    await expect.poll(() => legend.textContent()).toContain('%');
    await screenshot(page, 'cells-poverty');
    await page.locator('#panel-cells summary').click();
    await page.locator('#cells-method').selectOption('jenks');
    await page.locator('#cells-indicator').selectOption('income');
    await expect.poll(() => legend.textContent()).toContain('€');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the pocket explorer lists pockets in a sortable table and zooms to a row', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}`);
    await waitFirstRender(page);
    await page.locator('#panel-pockets summary').click();
    await page.locator('#pk-communes').fill('31555');
    await page.locator('#pk-rate').fill('25');
    await page.locator('#pk-run').click();
    const rows = page.locator('#pockets-table tbody tr');
    await rows.first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#pk-rule').textContent()).toContain('Règle');
    await expect.poll(() => page.locator('#pk-csv').getAttribute('href')).toMatch(/format=csv/);
    const zoomBefore = await page.evaluate(() => window.atlas!.ctx.main.map.getZoom());
    await rows.first().click();
    await expect.poll(() => page.evaluate(() => window.atlas!.ctx.main.map.getZoom())).not.toBe(zoomBefore);
    await waitIdle(page);
    await screenshot(page, 'pockets');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('tools', () => {
  it('search finds a quartier by name and the lookup answers "indicatif" for a typed point', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${TOULOUSE}`);
    await waitFirstRender(page);
    await page.locator('#search-q').fill('Mirail');
    const hit = page.locator('#search-results button', { hasText: 'Grand Mirail' }).first();
    await hit.waitFor({ state: 'visible', timeout: 20_000 });
    await hit.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sel') ?? '').toMatch(/^QN03\d+\w@2024$|^QP031\d+@2015$/);

    await page.locator('#panel-lookup summary').click();
    await page.locator('#lk-lon').fill('1,4025');
    await page.locator('#lk-lat').fill('43,5745');
    await page.locator('#lk-run').click();
    const result = page.locator('#lookup-result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('indicatif');
    expect(await result.textContent()).toContain('QPV 2024');
    expect(await result.textContent()).toContain('QPV 2015');
    await screenshot(page, 'lookup');
    expect(errors.filter((e) => !/fiche/.test(e) && !/404/.test(e))).toEqual([]);
    await context.close();
  });
});
