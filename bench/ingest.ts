// Prints the time to ingest the real perimeter extracts (read, reproject, validate/repair in metric CRS).
import { join } from 'node:path';
import { resolveSharedDataDir } from '../server/config.ts';
import { readPerimeters } from '../server/adapters/formats/perimeters.ts';
import { readCommunes } from '../server/adapters/formats/communes.ts';

const data = resolveSharedDataDir();
const cases: [string, (p: string) => Promise<{ records: unknown[] }>][] = [
  ['qpv2024-anct/qpv2024_occitanie.geojson', (p) => readPerimeters(p)],
  ['qpv2015-occitanie-hackaviz/qp.geojson', (p) => readPerimeters(p)],
  ['qpv2024-anct/qpv2024_seed_territories.geojson', (p) => readPerimeters(p)],
  ['communes-france-geojson/communes-60-oise.geojson', (p) => readCommunes(p)],
];
await readPerimeters(join(data, cases[2][0])); // warm-up: GEOS init, proj4 converters
for (const [file, read] of cases) {
  const t = performance.now();
  const r = await read(join(data, file));
  const ms = performance.now() - t;
  console.log(`${file.padEnd(52)} ${String(r.records.length).padStart(5)} features  ${ms.toFixed(0).padStart(5)} ms  (${((r.records.length / ms) * 1000).toFixed(0)} /s)`);
}
