import { beforeAll, describe, expect, it } from 'vitest';
import { changesRows } from './compareGenerations.ts';
import { initGeos, perimeterChanges } from '../domain/perimeterChanges.ts';
import { perimeterL93, squareL93, X0, Y0 } from '../domain/testFixtures/squares.ts';
import { fullGrid } from '../domain/__fixtures__/indicators/fixtures.ts';

// A quartier extended from 400 m to 600 m square; in EPSG:3035 it spans about E 3761870–3762530.
const from = [perimeterL93('QP060001', squareL93(X0, Y0, 400), { generation: '2015' })];
const to = [perimeterL93('QN06001M', squareL93(X0, Y0, 600))];
beforeAll(() => initGeos());

describe('changesRows: "hors données" columns beside the secret ones', () => {
  it('without cells every zone is hors données with no coverage', () => {
    const [row] = changesRows(perimeterChanges(from, to, { tolerance: 20 }));
    expect(row).toMatchObject({
      classe: 'extended', gagne_ind: null, secret_gagne: false,
      hors_donnees_gagne: true, hors_donnees_perdu: true, hors_donnees_conserve: true,
      couverture_gagne: null, couverture_perdu: null, couverture_conserve: null,
    });
  });

  it('with cells all around (1 household each), the gained zone is secret, not hors données', () => {
    const grid = fullGrid(3760000, 2926000, 3764000, 2930000);
    const [row] = changesRows(perimeterChanges(from, to, { tolerance: 20, grids: [grid] }));
    expect(row).toMatchObject({ hors_donnees_gagne: false, hors_donnees_conserve: false, couverture_gagne: 1, couverture_conserve: 1 });
    expect(row).toMatchObject({ secret_gagne: true, gagne_ind: null }); // about 5 households
  });

  it('with cells west of E 3762000 only, the gained zone (east and north) is partly hors données', () => {
    const grid = fullGrid(3760000, 2926000, 3762000, 2930000);
    const [row] = changesRows(perimeterChanges(from, to, { tolerance: 20, grids: [grid] }));
    expect(row.hors_donnees_gagne).toBe(true);
    expect(row.couverture_gagne as number).toBeGreaterThan(0);
    expect(row.couverture_gagne as number).toBeLessThan(0.99);
  });
});
