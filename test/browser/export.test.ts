// Export dialog → server-rendered PNG (300 dpi A4), SVG and PDF of the current view (GET /api/maps/view.*).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodePng, distinctColors } from './png.ts';
import { openPage, SCREENSHOTS, screenshot, tempDir, waitFirstRender } from './server.ts';
import { harness, type Harness } from './setup.ts';

let h: Harness;
let page: Page;
let closePage: () => Promise<void>;
const TITLE = 'Quartiers prioritaires de Toulouse';

beforeAll(async () => {
  h = await harness();
  const opened = await openPage(h.browser, `${h.base}/?c=1.41500,43.58000,12.60&l=communes,qpv2015,qpv2024`);
  page = opened.page;
  closePage = () => opened.context.close();
  await waitFirstRender(page);
});
afterAll(async () => { await closePage?.(); await h?.close(); });

/** Fills the export dialog and returns the body the download link points at. */
async function exportAs(format: 'png' | 'svg' | 'pdf', paper = 'A4', orientation = 'landscape'): Promise<{ status: number; type: string; body: Buffer; url: string }> {
  await page.locator('#open-export').click();
  await page.locator('#ex-title').fill(TITLE);
  await page.locator('#ex-subtitle').fill('Périmètres 2015 et 2024');
  await page.locator('#ex-format').selectOption(format);
  await page.locator('#ex-paper').selectOption(paper);
  await page.locator('#ex-orientation').selectOption(orientation);
  const href = await page.locator('#ex-download').getAttribute('href');
  if (format === 'svg') await screenshot(page, 'export-dialog');
  await page.keyboard.press('Escape');
  const url = new URL(href!, h.base).toString();
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()), url };
}

describe('export', () => {
  it('builds the export URL from the view', async () => {
    await page.locator('#open-export').click();
    await page.locator('#ex-title').fill(TITLE);
    const u = new URL((await page.locator('#ex-download').getAttribute('href'))!, h.base);
    await page.keyboard.press('Escape');
    expect(u.pathname).toBe('/api/maps/view.png');
    expect(u.searchParams.get('layers')).toBe('communes,p2015,p2024');
    expect(u.searchParams.get('generation')).toBe('2024');
    expect(u.searchParams.get('title')).toBe(TITLE);
    const bbox = u.searchParams.get('bbox')!.split(',').map(Number);
    expect(bbox[0]).toBeLessThan(1.415);
    expect(bbox[2]).toBeGreaterThan(1.415);
  });

  it('PNG: A4 landscape at 300 dpi, not blank', async () => {
    const r = await exportAs('png');
    expect(r.status, r.body.toString().slice(0, 300)).toBe(200);
    expect(r.type).toContain('image/png');
    writeFileSync(join(SCREENSHOTS, 'export-a4.png'), r.body);
    const img = decodePng(r.body);
    expect(Math.abs(img.width - 3508)).toBeLessThanOrEqual(2);
    expect(Math.abs(img.height - 2480)).toBeLessThanOrEqual(2);
    expect(distinctColors(img)).toBeGreaterThan(20);
  });

  it('SVG: contains the title, the legend and the sources', async () => {
    const r = await exportAs('svg', 'A3', 'portrait');
    expect(r.status, r.body.toString().slice(0, 300)).toBe(200);
    const svg = r.body.toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain(TITLE);
    // the legend: one entry per drawn layer
    expect(svg).toMatch(/Périmètres? QPV 2015/);
    expect(svg).toMatch(/Périmètres? QPV 2024/);
    expect(svg).toMatch(/Limite (de )?commun/);
    expect(svg).toMatch(/Sources : [^<]*ANCT/);
  });

  it('PDF: has the title', async () => {
    const r = await exportAs('pdf');
    expect(r.status, r.body.toString().slice(0, 300)).toBe(200);
    expect(r.body.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = tempDir('qpv-export-');
    writeFileSync(join(dir, 'map.pdf'), r.body);
    const text = execFileSync('pdftotext', [join(dir, 'map.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(TITLE);
  });
});
