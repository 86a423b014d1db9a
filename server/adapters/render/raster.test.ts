import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapsWorkspace } from '../../../test/fixtures/mapsWorkspace.ts';
import { nonWhiteShare, decodePng } from '../../../test/support/pngPixels.ts';
import type { Workspace } from '../../app/workspace.ts';
import { buildStaticMap, DEFAULT_QPV_LAYERS } from '../../app/staticMap.ts';
import { renderMapSvg } from '../../domain/mapSvg.ts';
import { pixelSize, svgToPdf, svgToPng } from './raster.ts';
import { atlasPdf } from './atlas.ts';

// The demo QPV (Creil) from the real extracts; outputs kept in test-output/maps/ (git-ignored) to look at.
const OUT = 'test-output/maps';
let ws: Workspace;
let svg: string;
const tmp = mkdtempSync(join(tmpdir(), 'qpv-maps-'));
const pdfText = (pdf: Buffer, name: string) => {
  const path = join(tmp, name);
  writeFileSync(path, pdf);
  return { text: execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }), info: execFileSync('pdfinfo', [path], { encoding: 'utf8' }) };
};

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  ws = await mapsWorkspace();
  const m = await buildStaticMap(ws, { qpv: 'QN06001M', layers: DEFAULT_QPV_LAYERS, date: new Date('2026-11-21T10:00:00Z') });
  svg = renderMapSvg(m.spec, m.data);
  writeFileSync(join(OUT, 'QN06001M.svg'), svg);
});

describe('svgToPng', () => {
  it('renders A4 landscape at 300 dpi (3508 × 2480) with the map drawn, not a blank page', () => {
    expect(pixelSize('A4', 'landscape', 300)).toEqual({ width: 3508, height: 2480 });
    const png = svgToPng(svg, 'A4', 'landscape');
    writeFileSync(join(OUT, 'QN06001M.png'), png);
    const { width, height } = decodePng(png);
    expect([width, height]).toEqual([3508, 2480]);
    // cells, perimeters, band and text cover a good part of the sheet
    expect(nonWhiteShare(png)).toBeGreaterThan(0.15);
  });

  it('renders portrait sheets at the requested resolution', () => {
    const small = renderMapSvg({ title: 'Vide', paper: 'A3', orientation: 'portrait', bbox: [2.4, 49.2, 2.5, 49.3], date: new Date() }, {});
    const png = svgToPng(small, 'A3', 'portrait', 50);
    const { width, height } = decodePng(png);
    expect([width, height]).toEqual([585, 827]);
    expect(nonWhiteShare(png)).toBeLessThan(0.1);
  });
});

describe('svgToPdf', () => {
  it('writes a vector PDF with the title in its metadata and the texts embedded', async () => {
    const pdf = await svgToPdf(svg, 'A4', 'landscape', 'Les Hauts de Creil (QN06001M)');
    writeFileSync(join(OUT, 'QN06001M.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, info } = pdfText(pdf, 'one.pdf');
    expect(info).toMatch(/Title:\s+Les Hauts de Creil \(QN06001M\)/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.2\d* pts \(A4\)/);
    expect(text).toContain('Les Hauts de Creil (QN06001M)');
    expect(text).toContain('Sources : ANCT, QPV 2024 (version 2024-08-20)');
    expect(text).toContain('décret n° 2023-1314');
    expect(text).toContain('Taux de pauvreté des ménages');
    expect(text).toContain('Carte établie le 21 novembre 2026');
  });
});

describe('atlasPdf', () => {
  it('makes one page per QPV of Creil and Montataire, each titled with its name and code', async () => {
    const out = await atlasPdf(ws, { communes: ['60175', '60414'] });
    writeFileSync(join(OUT, 'atlas-creil-montataire.pdf'), out.pdf);
    const expected = ws.perimeterSet('2024')!.items.filter((p) => p.communes.some((c) => c === '60175' || c === '60414')).map((p) => p.code).sort();
    expect(out.codes).toEqual(expected);
    expect(out.pages).toBe(expected.length);
    const pageObjects = out.pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? [];
    expect(pageObjects.length).toBe(expected.length);
    const { text, info } = pdfText(out.pdf, 'atlas.pdf');
    expect(info).toMatch(new RegExp(`Pages:\\s+${expected.length}\\b`));
    for (const code of expected) expect(text).toContain(`(${code})`);
    expect(text).toContain('Creil');
  });
});
