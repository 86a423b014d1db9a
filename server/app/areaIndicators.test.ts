import { describe, expect, it } from 'vitest';
import { geometryIndicators, indicatorsRows } from './areaIndicators.ts';
import { createWorkspace } from './memoryWorkspace.ts';
import { projectPolygonal } from '../domain/project.ts';
import type { DatasetRef, Polygonal } from '../domain/model.ts';
import { gridFromCells } from '../domain/__fixtures__/indicators/fixtures.ts';

// Two cells at the west edge of their 1 km coverage block (EPSG:3035), 250 and 40 inhabitants.
const id = (x: number) => `CRS3035RES200mN2940000E${x}`;
const grid = gridFromCells([
  { id: id(3770000), ind: 250, men: 100, men_pauv: 50 },
  { id: id(3770200), ind: 40, men: 20, men_pauv: 0 },
]);
const ref: DatasetRef = { id: 'cells', kind: 'cells', label: 'Carreaux', generation: null, version: null, vintage: '2019', sourceName: 'fixture' };
const ws = createWorkspace({ cells: [{ ref, vintage: '2019', grids: [grid] }] });
const rect = (x0: number, y0: number, x1: number, y1: number): Polygonal =>
  projectPolygonal({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }, 3035, 4326);

describe('indicators requests tell "hors données" from "secret" and from "no inhabitant"', () => {
  it('a covered area: no warning, hors_donnees non, couverture 1', async () => {
    const r = await geometryIndicators(ws, rect(3770000, 2940000, 3770400, 2940200));
    expect(r.indicators.counts.ind).toBeCloseTo(290, 1);
    expect(r.warnings).toEqual([]);
    expect(indicatorsRows(r)[0]).toMatchObject({ secret: 'non', hors_donnees: 'non', motif_hors_donnees: '', couverture: 1 });
  });

  it('an area outside the loaded cells: a "hors données" warning, not secret, no figure', async () => {
    const r = await geometryIndicators(ws, rect(3790000, 2960000, 3790400, 2960400));
    expect(r.indicators.secret).toBe(false);
    expect(r.warnings).toEqual(['Hors données : zone hors de l’emprise des carreaux Filosofi chargés (Filosofi 2019) ; aucun chiffre ne peut être donné.']);
    const row = indicatorsRows(r)[0];
    expect(row).toMatchObject({ secret: 'non', motif_secret: '', hors_donnees: 'oui', couverture: 0, ind: null });
    expect(row.motif_hors_donnees).toBe('Zone hors de l’emprise des carreaux Filosofi chargés');
  });

  it('an area half outside: partial figures kept, the covered share in the warning and the CSV', async () => {
    // 200 m of the 1 200 m rectangle lie in the covered block.
    const r = await geometryIndicators(ws, rect(3769000, 2940000, 3770200, 2940200));
    expect(r.indicators.counts.ind).toBeCloseTo(250, 2);
    expect(r.warnings).toEqual(['Zone hors de l’emprise des carreaux Filosofi chargés pour une partie de la zone (16,6 % couverts) : chiffres partiels, portant sur la seule partie couverte (Filosofi 2019).']);
    expect(indicatorsRows(r)[0]).toMatchObject({ hors_donnees: 'oui', couverture: 0.1667 });
  });

  it('a covered area with nobody living there: "aucun habitant", not "hors données"', async () => {
    const r = await geometryIndicators(ws, rect(3770600, 2940400, 3770800, 2940600));
    expect(r.indicators.noData).toBe(false);
    expect(r.warnings).toEqual(['Aucun carreau habité du millésime 2019 ne touche cette zone : aucun habitant selon Filosofi.']);
    expect(indicatorsRows(r)[0]).toMatchObject({ hors_donnees: 'non', couverture: 1, ind: 0 });
  });

  it('a small area of the covered cells: secret, not hors données', async () => {
    const r = await geometryIndicators(ws, rect(3770200, 2940000, 3770300, 2940100));
    expect(r.indicators.secret).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(indicatorsRows(r)[0]).toMatchObject({ secret: 'oui', hors_donnees: 'non' });
  });
});
