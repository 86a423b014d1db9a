// The fiche on the real extracts (Occitanie 2015/2024 perimeters, Toulouse Filosofi 2017 cells,
// national collèges) and on a hand-built secret zone.
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from './memoryWorkspace.ts';
import { FicheError, quartierFiche } from './fiche.ts';
import type { Workspace } from './workspace.ts';
import { CellGridBuilder } from '../domain/cellGrid.ts';
import { bboxOf, projectPolygonal } from '../domain/project.ts';
import { perimeterL93, squareL93, X0, Y0 } from '../domain/testFixtures/squares.ts';
import { ref } from '../../test/support/h7Api.ts';
import { toulouseWorkspace } from '../../test/support/ficheWorkspace.ts';

let ws: Workspace;
beforeAll(async () => {
  ws = await toulouseWorkspace();
});

describe('quartierFiche on the real Toulouse extracts', () => {
  it('a 2024 quartier: identity, its 2015 predecessor, both perimeters measured on the 2017 cells', async () => {
    const f = await quartierFiche(ws, 'QN03107M');
    expect(f.identity).toMatchObject({ code: 'QN03107M', name: 'Grand Mirail', generation: '2024', version: '2024-08-20', departement: '31', anctLetter: 'M' });
    expect(f.identity.communes).toEqual([{ code: '31555', name: 'Toulouse' }]);
    expect(f.identity.decree).toMatch(/2023-1314/);
    expect(f.lineage.predecessors.map((l) => [l.code, l.generation])).toEqual([['QP031007', '2015']]);
    expect(f.lineage.predecessors[0].shareOfOld).toBeGreaterThan(0.99); // the 2024 perimeter contains the 2015 one
    expect(f.lineage.predecessors[0].shareOfNew).toBeGreaterThan(0.8);
    expect(f.lineage.predecessors[0].shareOfNew).toBeLessThan(0.9);
    expect(f.lineage.successors).toEqual([]);
    expect(f.lineage.class).toBe('extended');
    // One vintage for both generations: the extension adds people, and both are well above secrecy.
    const [i15, i24] = [f.indicators['2015'], f.indicators['2024']];
    expect(i15.codes).toEqual(['QP031007']);
    expect([i15.secret, i15.noData, i24.secret, i24.noData]).toEqual([false, false, false, false]);
    expect(i24.coverage).toBe(1);
    expect(i15.counts.ind!).toBeGreaterThan(20_000);
    expect(i24.counts.ind!).toBeGreaterThan(i15.counts.ind!);
    expect(i24.rates.povertyRate!).toBeGreaterThan(0.3);
    // The gained zone holds the difference; nothing was lost.
    expect(f.changes).toMatchObject({ from: '2015', to: '2024', lost: null });
    expect(f.changes.gained!.secret).toBe(false);
    // gained + kept miss only the slivers thinner than the 20 m tolerance along the old outline (< 2 %).
    expect(Math.abs(f.changes.gained!.ind! + f.changes.kept!.ind! - i24.counts.ind!) / i24.counts.ind!).toBeLessThan(0.02);
    expect(f.changes.zones.features.map((z) => z.properties!.zone).sort()).toEqual(['gained', 'kept']);
    expect(f.facilities.stayedInside.map((c) => c.name)).toEqual(['Collège Stendhal']);
    expect(f.quartierVecu!.ruleText).toBe('Quartier vécu : bande de 300 m autour du périmètre 2024 (version 2024-08-20)');
    expect(f.quartierVecu!.byType).toEqual([expect.objectContaining({ type: 'C201', qpv: 1, band: 3 })]);
    expect(f.quartierVecu!.band!.counts.ind!).toBeGreaterThan(5_000);
    expect(f.provenance.datasets.map((d) => d.id).sort()).toEqual(['colleges', 'communes31', 'filosofi2017', 'qpv2015', 'qpv2024']);
    expect(f.provenance.parameters).toMatchObject({ vintage: '2017', distance: 300, tolerance: 20, predecessorsFrom: '2015' });
    expect(f.notes).toEqual([]);
  });

  it('a 2015 quartier outside the loaded cells (Saint-Gaudens): successor, collèges that entered, "hors données" not secret', async () => {
    const f = await quartierFiche(ws, 'QP031003');
    expect(f.identity.generation).toBe('2015');
    expect(f.lineage.successors.map((l) => l.code)).toEqual(['QN03103M']);
    expect(f.lineage.predecessors).toEqual([]);
    for (const g of ['2015', '2024']) {
      expect(f.indicators[g]).toMatchObject({ noData: true, secret: false, coverage: 0, noDataReason: 'Zone hors de l’emprise des carreaux Filosofi chargés' });
      expect(f.indicators[g].counts.ind).toBeNull();
    }
    expect(f.changes.gained).toMatchObject({ noData: true, secret: false, ind: null });
    expect(f.facilities.entered.map((c) => c.name).sort()).toEqual(['Collège Didier Daurat', 'Collège privé Sainte-Thérèse']);
    expect(f.facilities.entered.every((c) => c.from === null && c.to === 'QN03103M')).toBe(true);
    expect(f.notes.join('\n')).toMatch(/Périmètre 2015 \(QP031003\) : Zone hors de l’emprise/);
  });

  it('with one generation loaded: no lineage, a note, indicators of that generation only', async () => {
    const only = await toulouseWorkspace(['2024']);
    const f = await quartierFiche(only, 'QN03107M');
    expect(f.lineage).toMatchObject({ predecessors: [], successors: [], class: null });
    expect(f.lineage.note).toBe('Une seule génération de périmètres chargée (2024) : ni prédécesseur ni successeur à chercher.');
    expect(Object.keys(f.indicators)).toEqual(['2024']);
    expect(f.changes.from).toBeNull();
    expect(f.facilities.note).toMatch(/Une seule génération/);
  });

  it('refuses an unknown code, an absent generation or vintage with 404, a bad distance with 400', async () => {
    const status = async (p: Promise<unknown>) => p.then(() => 200, (e) => (e instanceof FicheError ? e.status : 500));
    expect(await status(quartierFiche(ws, 'QN99999X'))).toBe(404);
    expect(await status(quartierFiche(ws, 'QN03107M', { generation: '2015' }))).toBe(404);
    expect(await status(quartierFiche(ws, 'QN03107M', { vintage: '2019' }))).toBe(404);
    expect(await status(quartierFiche(ws, 'QN03107M', { distance: -5 }))).toBe(400);
  });
});

describe('quartierFiche: a gained zone of 10 households is secret, the quartier is not', () => {
  it('withholds the zone figures as "secret statistique" inside the cells\' extent', async () => {
    // 2015: 400 × 400 m; 2024: the same plus 200 × 400 m to the east. Cells of 5 households cover all.
    const old = perimeterL93('QP060901', squareL93(X0, Y0, 400), { generation: '2015' });
    const grown = perimeterL93('QN06091M', { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + 600, Y0], [X0 + 600, Y0 + 400], [X0, Y0 + 400], [X0, Y0]]] });
    const [minX, minY, maxX, maxY] = bboxOf(projectPolygonal(grown.metric, 2154, 3035));
    const b = new CellGridBuilder(3035, 200, ['ind', 'men', 'men_pauv', 'men_fmp', 'log_soc']);
    for (let y = Math.floor(minY / 200) * 200 - 1000; y < maxY + 1000; y += 200) {
      for (let x = Math.floor(minX / 200) * 200 - 1000; x < maxX + 1000; x += 200) b.add(x, y, false, [12, 5, 1, 0, 2]);
    }
    const fx = createWorkspace({
      perimeters: [{ ref: ref('p15', 'perimeters', { generation: '2015' }), perimeters: [old] }, { ref: ref('p24', 'perimeters', { generation: '2024' }), perimeters: [grown] }],
      cells: [{ ref: ref('cells', 'cells', { vintage: '2017' }), vintage: '2017', grids: [b.finish()] }],
    });
    const f = await quartierFiche(fx, 'QN06091M');
    expect(f.lineage.class).toBe('extended');
    expect(f.indicators['2024']).toMatchObject({ secret: false, noData: false });
    expect(f.indicators['2024'].counts.men!).toBeCloseTo(30, 0); // 24 ha = 6 cells of 5 households
    expect(f.changes.gained).toMatchObject({ secret: true, noData: false, men: null, ind: null, coverage: expect.closeTo(1, 6) });
    expect(f.changes.gained!.secretReason).toMatch(/moins de 11 ménages/);
    expect(f.facilities.note).toBe('Aucun équipement chargé.');
  });
});
