// Calibrates the default tolerance of perimeterChanges on the real Occitanie pairs (QPV 2015 from
// Hackaviz 2021, rounded to 1e-4° and shifted; QPV 2024 from ANCT) and prints the figures the
// README quotes. Run: npx tsx scripts/calibrate-tolerance.ts [--shared-data DIR]
//
// "Obviously unchanged" quartiers: the 2024 codes ANCT letters I (identical) paired with the 2015
// quartier they overlap most. Their outlines should coincide; every gap between them is noise.
import { readSharedPerimeters, OCCITANIE_2015, OCCITANIE_2024 } from '../server/domain/__fixtures__/changes/realPerimeters.ts';
import { area, difference, initGeos, intersection, makeValid, validityReason } from '../server/domain/geometry/geos.ts';
import { outlineOffset } from '../server/domain/outlineOffset.ts';
import { anctLetter, CHANGE_CLASSES, openSlivers, perimeterChanges } from '../server/domain/perimeterChanges.ts';
import type { LoadedPerimeter, Polygonal } from '../server/domain/model.ts';

await initGeos();
const from = readSharedPerimeters(OCCITANIE_2015, '2015');
const to = readSharedPerimeters(OCCITANIE_2024, '2024');
for (const p of [...from, ...to]) if (validityReason(p.metric)) p.metric = makeValid(p.metric) ?? p.metric;

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const fmt = (x: number, d = 1) => x.toFixed(d).padStart(7);
const summary = (label: string, xs: number[], d = 1) =>
  console.log(`${label.padEnd(44)} min ${fmt(q(xs, 0), d)}  p10 ${fmt(q(xs, 0.1), d)}  med ${fmt(q(xs, 0.5), d)}  p90 ${fmt(q(xs, 0.9), d)}  max ${fmt(q(xs, 1), d)}`);

function centroid(g: Polygonal): [number, number] {
  const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const c = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    a += c; cx += (ring[i][0] + ring[i + 1][0]) * c; cy += (ring[i][1] + ring[i + 1][1]) * c;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function bestPredecessor(t: LoadedPerimeter) {
  let best: { f: LoadedPerimeter; inter: Polygonal; share: number } | null = null;
  for (const f of from) {
    const inter = intersection(f.metric, t.metric);
    if (!inter) continue;
    const share = area(inter) / area(t.metric);
    if (!best || share > best.share) best = { f, inter, share };
  }
  return best;
}

console.log(`QPV 2015 : ${from.length} quartiers ; QPV 2024 : ${to.length} (lettres ANCT : ${['I', 'M', 'N'].map((l) => `${l} ${to.filter((t) => anctLetter(t.code) === l).length}`).join(', ')})\n`);
console.log('1. Quartiers « I » (identiques selon l\'ANCT) et leur prédécesseur 2015, sans tolérance');
const shareFrom: number[] = [], shareTo: number[] = [], med: number[] = [], p95: number[] = [], max: number[] = [], sliver: number[] = [];
let sdx = 0, sdy = 0, n = 0;
for (const t of to.filter((x) => anctLetter(x.code) === 'I')) {
  const b = bestPredecessor(t);
  if (!b) continue;
  const ai = area(b.inter);
  shareFrom.push((100 * ai) / area(b.f.metric));
  shareTo.push((100 * ai) / area(t.metric));
  const o1 = outlineOffset(t.metric, b.f.metric), o2 = outlineOffset(b.f.metric, t.metric);
  med.push(Math.max(o1.median, o2.median)); p95.push(Math.max(o1.p95, o2.p95)); max.push(Math.max(o1.max, o2.max));
  // Widest sliver: the smallest opening width that removes every piece of the symmetric difference.
  const gain = difference(t.metric, b.f.metric), loss = difference(b.f.metric, t.metric);
  let w = Infinity;
  for (const width of [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 25, 30, 40, 60]) {
    if (!(gain && openSlivers(gain, width)) && !(loss && openSlivers(loss, width))) { w = width; break; }
  }
  sliver.push(w);
  const [x1, y1] = centroid(t.metric), [x0, y0] = centroid(b.f.metric);
  sdx += x0 - x1; sdy += y0 - y1; n++;
}
summary(`part de l'ancien couverte par le nouveau (%)`, shareFrom);
summary('part du nouveau couverte par l\'ancien (%)', shareTo);
summary('écart médian des contours (m)', med);
summary('écart p95 des contours (m)', p95);
summary('écart max des contours (m, Hausdorff)', max);
summary('largeur du plus large liseré (m, ouverture)', sliver.map((x) => (Number.isFinite(x) ? x : 99)), 0);
console.log(`décalage moyen 2015 → 2024 des centroïdes : dx ${(sdx / n).toFixed(1)} m, dy ${(sdy / n).toFixed(1)} m (n = ${n})`);
console.log(`liserés supprimés par une ouverture de N m : ${[8, 10, 12, 14, 16, 20, 25].map((N) => `${N} m → ${sliver.filter((w) => w <= N).length}/${n}`).join(', ')}\n`);

console.log('2. Classes calculées selon la tolérance (groupes de changement)');
console.log(`${'N (m)'.padEnd(6)} ${CHANGE_CLASSES.map((c) => c.slice(0, 9).padStart(10)).join('')}  I→identique  désaccords  gagné ha  perdu ha    s`);
for (const N of [0, 5, 8, 10, 12, 15, 20, 25, 30]) {
  const t0 = performance.now();
  const r = perimeterChanges(from, to, { tolerance: N });
  const s = (performance.now() - t0) / 1000;
  const iOk = r.quartiers.filter((g) => g.class === 'identical').flatMap((g) => g.to).filter((x) => x.letter === 'I').length;
  console.log(
    `${String(N).padEnd(6)} ${CHANGE_CLASSES.map((c) => String(r.counts[c]).padStart(10)).join('')}  ${`${iOk}/33`.padStart(11)}  ${String(r.letterDisagreements.length).padStart(10)}  ${fmt(r.totals.all.gained.areaHa)}  ${fmt(r.totals.all.lost.areaHa)}  ${s.toFixed(1)}`,
  );
}
