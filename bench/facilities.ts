// Prints BPE ingest figures on a generated national-size file (2 million rows, real BPE column
// names, ~2 % overseas rows in UTM, ~1 % without coordinates): read time, rows/s, peak RSS.
// Usage: npx tsx bench/facilities.ts [rows]   (the CSV is cached in bench/out, git-ignored)
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvRows } from '../server/adapters/formats/csv.ts';
import { readBpe } from '../server/adapters/formats/bpe.ts';

const here = dirname(fileURLToPath(import.meta.url));
const [phase, arg] = process.argv.slice(2);

const TYPES = ['A129', 'A206', 'A504', 'B202', 'B203', 'C107', 'C109', 'C201', 'C301', 'D108', 'D113', 'D201', 'D232', 'D307', 'D502', 'D506', 'E107', 'F101', 'F111', 'F121', 'F307', 'G102'];

/** Writes n BPE-like rows; deterministic, so successive runs read the same file. */
async function generate(path: string, n: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  out.write('\uFEFFAN;BV2022;DCIRIS;DEP;DEPCOM;DOM;SDOM;TYPEQU;LAMBERT_X;LAMBERT_Y;EPSG;QUALITE_XY;QP2015;QUALI_QP2015;QP2024;QUALI_QP2024;REG\r\n');
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i += 10_000) {
    let chunk = '';
    for (let k = i; k < Math.min(n, i + 10_000); k++) {
      const type = TYPES[k % TYPES.length];
      const r = rnd();
      const dep = String(1 + Math.floor(rnd() * 95)).padStart(2, '0');
      const com = `${dep}${String(Math.floor(rnd() * 700)).padStart(3, '0')}`;
      let x = '', y = '', epsg = '2154';
      if (r < 0.02) { x = (690000 + rnd() * 50000).toFixed(2); y = (1600000 + rnd() * 50000).toFixed(2); epsg = '5490'; }
      else if (r > 0.99) epsg = '';
      else { x = (150000 + rnd() * 1000000).toFixed(2); y = (6150000 + rnd() * 950000).toFixed(2); }
      const inQp = rnd() < 0.08;
      chunk += `2023;${com};${com}0101;${dep};${com};${type[0]};${type.slice(0, 2)};${type};${x};${y};${epsg};${epsg ? 'Bonne' : 'Non géolocalisé'};` +
        `${inQp ? `QP0${dep}00${k % 10}` : 'CSZ'};${inQp ? '1' : ''};${inQp ? `QN0${dep}00${k % 10}M` : 'HZ'};${inQp ? '1' : ''};32\r\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

if (phase === 'rows' || phase === 'bpe') {
  // Child process: one measurement, so peak RSS belongs to it alone.
  const t = performance.now();
  let n = 0;
  if (phase === 'rows') for await (const _ of readCsvRows(arg)) n++;
  else n = (await readBpe(arg)).records.length;
  const s = (performance.now() - t) / 1000;
  const u = process.resourceUsage();
  // CPU seconds too: wall time on a shared 2-core machine says more about the neighbours.
  console.log(JSON.stringify({ n, s, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rss: u.maxRSS * 1024 }));
} else {
  const rows = Number(phase ?? 2_000_000);
  const path = join(here, 'out', `bpe-${rows}.csv`);
  if (!existsSync(path)) {
    const t = performance.now();
    await generate(path, rows);
    console.log(`generated ${rows} rows, ${mb(statSync(path).size)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`file ${path} (${mb(statSync(path).size)})`);
  for (const p of ['rows', 'bpe'] as const) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], p, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) { console.error(child.stderr); process.exit(1); }
    const { n, s, cpu, rss } = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    const label = p === 'rows' ? 'readCsvRows (parse only)' : 'readBpe (parse + reproject + Facility[])';
    console.log(`${label.padEnd(42)} ${String(n).padStart(9)} rows  ${s.toFixed(1).padStart(6)} s  ${((n / s) / 1000).toFixed(0).padStart(5)} k rows/s  CPU ${cpu.toFixed(1)} s  peak RSS ${mb(rss)}`);
  }
}
