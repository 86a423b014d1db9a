// Times one SVG, PNG (A4 landscape, 300 dpi) and PDF of the demo QPV (Creil, QN06001M) and an atlas
// of Creil + Montataire, writes them to test-output/maps/ and prints the figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { mapsWorkspace } from '../test/fixtures/mapsWorkspace.ts';
import { buildStaticMap, DEFAULT_QPV_LAYERS } from '../server/app/staticMap.ts';
import { renderMapSvg } from '../server/domain/mapSvg.ts';
import { svgToPdf, svgToPng } from '../server/adapters/render/raster.ts';
import { atlasPdf } from '../server/adapters/render/atlas.ts';

const out = 'test-output/maps';
mkdirSync(out, { recursive: true });
const t0 = performance.now();
const ws = await mapsWorkspace();
console.log(`workspace: ${(performance.now() - t0).toFixed(0)} ms`);
const code = process.argv[2] ?? 'QN06001M';
const layers = process.argv[3]?.split(',') as any ?? DEFAULT_QPV_LAYERS;
const time = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
  const s = performance.now();
  const r = await fn();
  console.log(`${label}: ${(performance.now() - s).toFixed(0)} ms`);
  return r;
};
await buildStaticMap(ws, { qpv: code, layers }); // warm-up (GEOS init, proj4 converters)
const svg = await time('svg (data + render)', async () => renderMapSvg(...Object.values(await buildStaticMap(ws, { qpv: code, layers })).slice(0, 2) as [any, any]));
writeFileSync(`${out}/${code}.svg`, svg);
console.log(`svg size: ${(svg.length / 1024).toFixed(0)} kB`);
const png = await time('png (render only, A4 300 dpi)', () => svgToPng(svg, 'A4', 'landscape'));
writeFileSync(`${out}/${code}.png`, png);
console.log(`png size: ${(png.length / 1024).toFixed(0)} kB`);
const pdf = await time('pdf (render only)', () => svgToPdf(svg, 'A4', 'landscape', code));
writeFileSync(`${out}/${code}.pdf`, pdf);
console.log(`pdf size: ${(pdf.length / 1024).toFixed(0)} kB`);
const atlas = await time('atlas 60175,60414 (data + render)', () => atlasPdf(ws, { communes: ['60175', '60414'] }));
writeFileSync(`${out}/atlas-creil-montataire.pdf`, atlas.pdf);
console.log(`atlas: ${atlas.pages} pages, ${(atlas.pdf.length / 1024).toFixed(0)} kB`);
