import { describe, expect, it } from 'vitest';
import { fitProjection, mapLayout, mercator, niceScaleBar, pageSize, type Rect } from './mapLayout.ts';

const inside = (a: Rect, b: Rect) => a.x >= b.x - 1e-9 && a.y >= b.y - 1e-9 && a.x + a.w <= b.x + b.w + 1e-9 && a.y + a.h <= b.y + b.h + 1e-9;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('pageSize', () => {
  it('gives ISO 216 sheets in mm', () => {
    expect(pageSize('A4', 'landscape')).toEqual({ width: 297, height: 210 });
    expect(pageSize('A4', 'portrait')).toEqual({ width: 210, height: 297 });
    expect(pageSize('A3', 'landscape')).toEqual({ width: 420, height: 297 });
  });
});

describe('mapLayout', () => {
  for (const paper of ['A4', 'A3'] as const) for (const orientation of ['portrait', 'landscape'] as const) {
    it(`keeps every block on the ${paper} ${orientation} sheet without overlaps`, () => {
      const l = mapLayout(paper, orientation, { footerLines: 4, legendHeight: 50 });
      const sheet = { x: 0, y: 0, w: l.page.width, h: l.page.height };
      for (const r of [l.title, l.map, l.legend, l.footer]) expect(inside(r, sheet)).toBe(true);
      const blocks = [l.title, l.map, l.legend, l.footer];
      for (let i = 0; i < blocks.length; i++) for (let j = i + 1; j < blocks.length; j++) expect(overlap(blocks[i], blocks[j])).toBe(false);
      expect(inside(l.northArrow, l.map)).toBe(true);
      expect(inside(l.scaleBar, l.map)).toBe(true);
      expect(l.map.w * l.map.h).toBeGreaterThan(0.4 * l.page.width * l.page.height);
    });
  }

  it('puts the legend right of the map in landscape and under it in portrait', () => {
    const land = mapLayout('A4', 'landscape', { footerLines: 3, legendHeight: 40 });
    expect(land.legend.x).toBeGreaterThan(land.map.x + land.map.w);
    const port = mapLayout('A4', 'portrait', { footerLines: 3, legendHeight: 40 });
    expect(port.legend.y).toBeGreaterThan(port.map.y + port.map.h);
    expect(port.legend.h).toBeCloseTo(40);
  });
});

describe('fitProjection', () => {
  const frame = { x: 10, y: 30, w: 200, h: 100 };
  it('fits the bbox in the frame, centred, and expands the other axis to the frame aspect', () => {
    const p = fitProjection([2.45, 49.25, 2.49, 49.27], frame);
    const [x0, y0] = p.project(p.bbox[0], p.bbox[3]);
    const [x1, y1] = p.project(p.bbox[2], p.bbox[1]);
    expect(x0).toBeCloseTo(10, 6);
    expect(y0).toBeCloseTo(30, 6);
    expect(x1).toBeCloseTo(210, 6);
    expect(y1).toBeCloseTo(130, 6);
    // the requested box is inside the shown one
    expect(p.bbox[0]).toBeLessThanOrEqual(2.45 + 1e-9);
    expect(p.bbox[2]).toBeGreaterThanOrEqual(2.49 - 1e-9);
    expect(p.bbox[1]).toBeLessThanOrEqual(49.25 + 1e-9);
    expect(p.bbox[3]).toBeGreaterThanOrEqual(49.27 - 1e-9);
    // north is up: a higher latitude is higher on the page
    expect(p.project(2.47, 49.27)[1]).toBeLessThan(p.project(2.47, 49.25)[1]);
  });

  it('gives ground metres per mm at the centre latitude (Mercator scale factor)', () => {
    const p = fitProjection([2.45, 49.25, 2.49, 49.27], frame);
    const [xa] = mercator(p.bbox[0], 49.26), [xb] = mercator(p.bbox[2], 49.26);
    const groundWidth = (xb - xa) * Math.cos((49.26 * Math.PI) / 180);
    expect(p.metresPerMm).toBeCloseTo(groundWidth / frame.w, 0);
    expect(p.scaleDenominator).toBeCloseTo(p.metresPerMm * 1000, 6);
  });
});

describe('niceScaleBar', () => {
  it('picks the longest 1-2-5 × 10^n length that fits, labelled in French', () => {
    expect(niceScaleBar(10, 40)).toEqual({ metres: 200, mm: 20, label: '200 m' });
    expect(niceScaleBar(10, 55)).toEqual({ metres: 500, mm: 50, label: '500 m' });
    expect(niceScaleBar(100, 45).label).toBe('2 km');
    expect(niceScaleBar(1000, 30).metres).toBe(20000);
    expect(niceScaleBar(0.05, 40).metres).toBe(2);
  });
});
