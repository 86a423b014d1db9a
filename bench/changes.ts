// Bench: the whole Occitanie comparison, QPV 2015 (105) → QPV 2024 (108), with and without
// Filosofi 2017 cells (Toulouse extract). Prints times and per-pair figures. Run: npx tsx bench/changes.ts
import { join } from 'node:path';
import { readSharedPerimeters, OCCITANIE_2015, OCCITANIE_2024 } from '../server/domain/__fixtures__/changes/realPerimeters.ts';
import { readFilosofiCells } from '../server/adapters/formats/filosofi.ts';
import { resolveSharedDataDir } from '../server/config.ts';
import { initGeos } from '../server/domain/geometry/geos.ts';
import { CHANGE_CLASSES, DEFAULT_TOLERANCE_M, perimeterChanges } from '../server/domain/perimeterChanges.ts';

await initGeos();
const from = readSharedPerimeters(OCCITANIE_2015, '2015');
const to = readSharedPerimeters(OCCITANIE_2024, '2024');
const cells = await readFilosofiCells(join(resolveSharedDataDir(), 'filosofi2017-200m-toulouse/filosofi2017_200m_toulouse.csv'), { vintage: '2017' });

const runs = 3;
for (const [label, grids] of [['sans carreaux', undefined], ['avec Filosofi 2017 (Toulouse)', cells.grids]] as const) {
  const times: number[] = [];
  let r = perimeterChanges(from, to, { tolerance: DEFAULT_TOLERANCE_M, grids });
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    r = perimeterChanges(from, to, { tolerance: DEFAULT_TOLERANCE_M, grids });
    times.push(performance.now() - t0);
  }
  const best = Math.min(...times);
  const pairs = r.quartiers.reduce((n, q) => n + q.overlaps.length, 0);
  console.log(`Occitanie ${from.length} → ${to.length} quartiers, tolérance ${DEFAULT_TOLERANCE_M} m, ${label} : ${best.toFixed(0)} ms (meilleur de ${runs}), ${(best / (from.length + to.length)).toFixed(1)} ms par quartier, ${pairs} recouvrements, ${r.zones.length} zones`);
  console.log(`  classes : ${CHANGE_CLASSES.map((c) => `${c} ${r.counts[c]}`).join(', ')}`);
}
// s = secret statistique, hd = hors données (outside the Toulouse cells)
const shown = (z: { ind: number | null; secret: boolean; noData: boolean }) => z.ind ?? (z.secret ? 's' : z.noData ? 'hd' : '0');
const r = perimeterChanges(from, to, { tolerance: DEFAULT_TOLERANCE_M, grids: cells.grids });
console.log('\ncode 2015 → code 2024 | classe | part ancien / nouveau | gagné ha | perdu ha | conservé ha | habitants gagnés / perdus');
for (const q of r.quartiers) {
  const o = q.overlaps.filter((x) => x.successor);
  console.log([
    q.from.map((f) => f.code).join('+') || '—', '→', q.to.map((t) => t.code).join('+') || '—', '|', q.class, '|',
    o.map((x) => `${x.shareOfFrom.toFixed(2)}/${x.shareOfTo.toFixed(2)}`).join(' ') || '—', '|',
    q.gained.areaHa, '|', q.lost.areaHa, '|', q.kept.areaHa, '|', shown(q.gained), '/', shown(q.lost),
  ].join(' '));
}
