import { describe, expect, it } from 'vitest';
import { commonCoverage, coverageNote, departementOfCommuneCode, inRegions } from './commonCoverage.ts';
import type { LoadedPerimeter } from './model.ts';

const p = (code: string, departement: string | null, communes: string[] = []): LoadedPerimeter => ({
  code, name: code, communes, departement, epci: null, generation: code.startsWith('QP') ? '2015' : '2024', version: null,
  geometry: { type: 'Polygon', coordinates: [] }, properties: {}, datasetId: 'd', metricEpsg: 2154, metric: { type: 'Polygon', coordinates: [] }, bbox: [0, 0, 0, 0],
});

describe('commonCoverage', () => {
  it('compares by région: a new quartier of Lozère stays in (Occitanie is covered), the Oise is left out', () => {
    const from = [p('QP031001', '31'), p('QP035001', '35')];
    const to = [p('QN03101M', '31'), p('QN04801N', '48'), p('QN06001M', '60'), p('QN06002M', null, ['60414'])];
    const c = commonCoverage(from, to);
    expect(c.regions).toEqual(['76']);
    expect(c.leftOut).toEqual([
      { region: '53', regionName: 'Bretagne', onlyIn: 'from', quartiers: ['QP035001'] },
      { region: '32', regionName: 'Hauts-de-France', onlyIn: 'to', quartiers: ['QN06001M', 'QN06002M'] },
    ]);
    expect(inRegions(to[1], c.regions)).toBe(true);
    expect(inRegions(to[2], c.regions)).toBe(false);
    expect(inRegions(p('X', null), c.regions)).toBe(true);
    expect(coverageNote(c, '2015', '2024')).toBe(
      'Comparaison limitée aux régions couvertes par les deux générations (Occitanie) ; hors comparaison : 1 quartier(s) 2015 en Bretagne (sans périmètres 2024 chargés) ; 2 quartier(s) 2024 en Hauts-de-France (sans périmètres 2015 chargés).',
    );
  });

  it('says nothing when both sets cover the same régions', () => {
    expect(coverageNote(commonCoverage([p('QP031001', '31')], [p('QN03401M', '34')]), '2015', '2024')).toBeNull();
  });

  it('reads overseas départements on 3 characters', () => {
    expect(departementOfCommuneCode('97411')).toBe('974');
    expect(departementOfCommuneCode('2A004')).toBe('2A');
  });
});
