// `npm run bench`: runs every benchmark in its own process (so each peak RSS is its own) and prints
// their figures. Speed and memory targets live here, never in unit tests.
// Usage: npm run bench [-- name ...]   e.g. npm run bench -- cells pockets
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';

const BENCHES: { name: string; args?: string[]; what: string }[] = [
  { name: 'geos', what: 'GEOS overlays and buffers (ops/s)' },
  { name: 'ingest', what: 'perimeter ingest of the real extracts' },
  { name: 'cells', what: 'national cells: parse, memory, lookups, aggregation, tiles' },
  { name: 'serviceLoad', what: 'service start on the national store (needs /tmp/atlas-national, see README)' },
  { name: 'facilities', args: ['2000000'], what: 'BPE-sized facility ingest (2 M rows)' },
  { name: 'indicators', what: 'areal weighting and indicators per QPV / commune' },
  { name: 'changes', what: 'Occitanie 2015 → 2024 comparison' },
  { name: 'pockets', what: 'poverty pockets (Oise, national synthetic grid)' },
  { name: 'lookup', what: 'point lookup (points/s)' },
  { name: 'maps', what: 'static map exports (SVG, PNG, PDF, atlas)' },
];

const wanted = process.argv.slice(2);
const runs = BENCHES.filter((b) => !wanted.length || wanted.includes(b.name));
const summary: string[] = [];
for (const b of runs) {
  console.log(`\n━━ ${b.name} — ${b.what}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bench', `${b.name}.ts`), ...(b.args ?? [])], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  summary.push(`${b.name.padEnd(12)} ${r.status === 0 ? 'ok    ' : `FAILED (${r.status ?? r.signal})`} ${s} s`);
}
console.log(`\n━━ summary\n${summary.join('\n')}`);
