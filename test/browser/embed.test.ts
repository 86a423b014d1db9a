// /embed: the same view without the application chrome, in an iframe, keeping legend, scale bar and attribution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, waitFirstRender, waitIdle } from './server.ts';
import { harness, type Harness } from './setup.ts';

let h: Harness;
beforeAll(async () => { h = await harness(); });
afterAll(async () => { await h?.close(); });

const VIEW = 'c=1.41500,43.58000,12.60&l=communes,qpv2015,qpv2024';

describe('embed', () => {
  it('renders the view without chrome, with legend, scale bar and attribution', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/embed?${VIEW}`, { width: 800, height: 600 });
    await waitFirstRender(page);
    await waitIdle(page);
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    expect(await page.locator('#legend').isVisible()).toBe(true);
    expect(await page.locator('#legend').textContent()).toContain('Périmètres QPV 2024');
    expect(await page.locator('.maplibregl-ctrl-scale').isVisible()).toBe(true);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('ANCT');
    const canvas = await page.locator('#map canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(790);
    expect(canvas!.height).toBeGreaterThan(590);
    await screenshot(page, 'embed');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('"Intégrer" gives iframe code that opens the same view', async () => {
    const { page, errors, context } = await openPage(h.browser, `${h.base}/?${VIEW}`);
    await waitFirstRender(page);
    await page.locator('#open-embed').click();
    const code = await page.locator('#embed-code').inputValue();
    expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?c=1\.41500,43\.58000,12\.60&amp;l=communes,qpv2015,qpv2024"/);
    const host = await context.newPage();
    await host.setContent(`<!doctype html><html lang="fr"><body style="margin:0"><h1>Contrat de ville</h1>${code}</body></html>`);
    const frame = host.frameLocator('iframe');
    await frame.locator('body[data-first-render]').waitFor({ state: 'attached', timeout: 60_000 });
    expect(await frame.locator('#legend').isVisible()).toBe(true);
    expect(await frame.locator('.topbar').isVisible()).toBe(false);
    await host.waitForTimeout(500);
    await screenshot(host, 'embed-iframe');
    expect(errors).toEqual([]);
    await context.close();
  });
});
