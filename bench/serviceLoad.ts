// National scale end to end: ingests the synthetic 2.3 M-cell Filosofi file into a store (once), then
// loads that store as the service does, in a fresh process, and prints times and memory.
// Usage: npx tsx bench/serviceLoad.ts [DATA_DIR]   (default bench/out/national-store)
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';

const dir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : join(PROJECT_ROOT, 'bench/out/national-store');
const mb = (kb: number) => `${Math.round(kb / 1e3).toLocaleString('fr-FR')} MB`;

if (process.argv.includes('--load-only')) {
  const { openWorkspace } = await import('../server/app/openWorkspace.ts');
  const t0 = performance.now();
  const ws = await openWorkspace(dir);
  const cells = ws.cells();
  console.log(`  load: ${Math.round(performance.now() - t0)} ms, cells: ${(cells?.grids.reduce((n, g) => n + g.count, 0) ?? 0).toLocaleString('fr-FR')}`);
  console.log(`  RSS after load: ${mb(process.memoryUsage().rss / 1e3)}, peak: ${mb(process.resourceUsage().maxRSS)} (budget 2 000 MB for the whole service)`);
} else {
  if (!existsSync(join(dir, 'atlas.sqlite'))) {
    const csv = join(PROJECT_ROOT, 'bench/out/national-cells.csv');
    if (!existsSync(csv)) {
      const { generateNationalCells } = await import('../scripts/generate-national-cells.ts');
      await generateNationalCells(csv);
    }
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/adapters/cli/main.ts'), 'ingest', csv, '--kind', 'cells', '--vintage', '2019', '--data-dir', dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    console.log(`  ingest of 2.3 M cells (CLI, child process): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dir, '--load-only'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
