// Cross-checks our areal weighting against geopandas/shapely (scripts/crosscheck-areal.py) on the
// Oise 2024 QPVs × Filosofi 2017 cells: prints, per QPV, both estimates of ind and men and the
// largest absolute and relative differences. Run: npx tsx scripts/crosscheck-areal.ts
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arealWeights } from '../server/domain/arealWeights.ts';
import { cellId } from '../server/domain/cellGrid.ts';
import { indicatorsForArea } from '../server/domain/indicators.ts';
import { projectPolygonal } from '../server/domain/project.ts';
import { OISE_CELLS, SEED_QPVS, oiseGrid, oiseQpvs } from '../server/domain/__fixtures__/indicators/oise.ts';

interface Theirs { ind: number; men: number; pairs: number; fractions: Record<string, number> }

async function main(): Promise<void> {
  const python = process.env.CROSSCHECK_PYTHON ?? '/usr/bin/python3'; // Debian's, where python3-geopandas lives
  const script = fileURLToPath(new URL('./crosscheck-areal.py', import.meta.url));
  const theirs = JSON.parse(execFileSync(python, [script, OISE_CELLS, SEED_QPVS], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, Theirs>;
  const grid = await oiseGrid();
  const rows: string[] = [];
  let worstAbs = 0, worstRel = 0, worstFraction = 0, pairs = 0;
  for (const q of oiseQpvs()) {
    const t = theirs[q.code];
    if (!t) throw new Error(`geopandas ne donne rien pour ${q.code}`);
    const ours = indicatorsForArea([grid], q.geometry);
    const w = arealWeights(grid, projectPolygonal(q.geometry, 4326, 3035));
    const mine = new Map<string, number>();
    w.index.forEach((k, n) => mine.set(cellId(grid, k), w.fraction[n]));
    let dFraction = 0;
    for (const id of new Set([...mine.keys(), ...Object.keys(t.fractions)])) {
      dFraction = Math.max(dFraction, Math.abs((mine.get(id) ?? 0) - (t.fractions[id] ?? 0)));
    }
    pairs += mine.size;
    const line = [q.code];
    for (const f of ['ind', 'men'] as const) {
      const a = ours.counts[f]!, b = t[f];
      const abs = Math.abs(a - b), rel = abs / Math.abs(b);
      worstAbs = Math.max(worstAbs, abs);
      worstRel = Math.max(worstRel, rel);
      line.push(`${f} ${a.toFixed(4)} vs ${b.toFixed(4)} (abs ${abs.toExponential(2)}, rel ${rel.toExponential(2)})`);
    }
    line.push(`cells ${mine.size}/${t.pairs}, max |Δfraction| ${dFraction.toExponential(2)}`);
    worstFraction = Math.max(worstFraction, dFraction);
    rows.push(line.join('  '));
  }
  console.log(rows.join('\n'));
  console.log(`\n${rows.length} QPVs, ${pairs} cell/polygon pairs: largest |Δ| ${worstAbs.toExponential(2)} inhabitants or households, largest relative ${worstRel.toExponential(2)}, largest |Δfraction| ${worstFraction.toExponential(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
