// The test PNG decoder against a real encoder (resvg renders a known picture).
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { countColor, decodePng, diffCount, distinctColors } from './png.ts';

const svg = (right: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="20" height="20" fill="#E69F00"/><rect x="20" width="20" height="20" fill="${right}"/></svg>`;
const png = (right: string) => decodePng(Buffer.from(new Resvg(svg(right)).render().asPng()));

describe('decodePng', () => {
  it('decodes size and colours of a real PNG', () => {
    const img = png('#0072B2');
    expect([img.width, img.height]).toEqual([40, 20]);
    expect(countColor(img, '#E69F00', { x: 0, y: 0, w: 20, h: 20 }, 2)).toBe(400);
    expect(countColor(img, '#0072B2', { x: 20, y: 0, w: 20, h: 20 }, 2)).toBe(400);
    expect(countColor(img, '#0072B2', { x: 0, y: 0, w: 20, h: 20 }, 2)).toBe(0);
    expect(distinctColors(img)).toBe(2);
  });
  it('counts differing pixels', () => {
    expect(diffCount(png('#0072B2'), png('#0072B2'))).toBe(0);
    expect(diffCount(png('#0072B2'), png('#009E73'))).toBe(400);
  });
});
