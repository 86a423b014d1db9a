// Prints the demo territory's key figures: each QPV 2024's estimated population, the pockets found
// with default parameters on the Oise communes, and the time of each analysis.
// Usage: npx tsx scripts/demo-report.ts [DATA_DIR]   (a store where `qpv-atlas demo` has run)
import { openWorkspace } from '../server/app/openWorkspace.ts';
import { perimeterIndicators } from '../server/app/areaIndicators.ts';
import { compareGenerations } from '../server/app/compareGenerations.ts';
import { findPockets } from '../server/app/findPockets.ts';
import { quartierFiche } from '../server/app/fiche.ts';
import { quartierVecuAll } from '../server/domain/quartierVecu.ts';
import { facilityChanges } from '../server/domain/facilityChanges.ts';
import { lookupPoints } from '../server/domain/pointLookup.ts';
import { resolveDataDir } from '../server/config.ts';
import { comparableSets } from '../server/app/comparableSets.ts';

const ws = await openWorkspace(resolveDataDir(process.argv[2]));
const fr = (n: number | null | undefined, d = 0) => (n == null ? '—' : n.toLocaleString('fr-FR', { maximumFractionDigits: d, minimumFractionDigits: d }));
const timed = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
  const t0 = performance.now();
  const r = await fn();
  console.log(`⏱ ${label}: ${fr(performance.now() - t0)} ms`);
  return r;
};

const set2024 = ws.perimeterSet('2024')!;
console.log(`\n## QPV 2024: estimated population on the perimeter (Filosofi ${ws.cells()?.vintage}, areal weighting)`);
const t0 = performance.now();
for (const p of set2024.items.filter((q) => ['60', '31'].includes(q.departement ?? ''))) {
  const r = await perimeterIndicators(ws, p.code, { generation: '2024' });
  const i = r.indicators;
  const pop = i.noData && i.counts.ind === null ? 'hors données' : i.secret ? 'secret' : `${fr(i.counts.ind)} (bornes ${fr(i.bounds.inhabitantsInside)}–${fr(i.bounds.inhabitantsTouching)})${i.noData ? `, couverture ${fr((i.coverage ?? 0) * 100, 1)} %` : ''}`;
  console.log(`${p.code}\t${p.name}\t${pop}`);
}
console.log(`⏱ indicators for ${set2024.items.filter((q) => ['60', '31'].includes(q.departement ?? '')).length} QPVs: ${fr(performance.now() - t0)} ms`);

const pockets = await timed('pockets (5 Oise communes)', () => findPockets(ws, { communes: ['60175', '60463', '60414', '60684', '60159'] }));
console.log(`\n## Pockets, default parameters — ${pockets.legend}`);
for (const p of pockets.result.pockets) {
  console.log(`#${p.rank}\t${p.cellIds.length} carreau(x)\t${fr(p.population)} hab.\t${fr(p.households)} ménages\t${fr((p.povertyRate ?? 0) * 100, 1)} %\t${p.communes.map((c) => c.name).join(', ')}\t${p.nearestQpv?.code} à ${fr(p.nearestQpv?.distance)} m`);
}
const changes = await timed('perimeter changes 2015 → 2024 (Occitanie, with cells)', () => compareGenerations(ws, { from: '2015', to: '2024' }));
console.log(`  classes: ${JSON.stringify(changes.result.counts)}`);
await timed('quartier vécu 300 m, all QPV 2024', () => quartierVecuAll(set2024.items, { distance: 300, clip: 'none', include: [], exclude: [], generation: '2024', version: null }, { facilities: ws.facilities().items, grids: ws.cells()?.grids }));
const scope = comparableSets(ws.perimeterSet('2015')!, set2024, ws.facilities().items);
const fc = await timed('facility changes 2015 → 2024 (collèges)', () => facilityChanges(scope.facilities, scope.from, scope.to, { nearDistance: 300 }));
console.log(`  ${JSON.stringify(fc.counts)} — ${scope.note}`);
await timed('lookup of every collège (7,5 k points) against both generations', () => lookupPoints(ws.facilities().items.map((f) => ({ lon: f.lon, lat: f.lat })), ws.perimeterSets(), { tolerance: 10 }));
await timed('fiche QN03107M', () => quartierFiche(ws, 'QN03107M', {}));
