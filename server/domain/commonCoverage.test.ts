import { describe, expect, it } from 'vitest';
import { commonCoverage, coverageNote, departementOfCommuneCode, inDepartements } from './commonCoverage.ts';
import type { LoadedPerimeter } from './model.ts';

const p = (code: string, departement: string | null, communes: string[] = []): LoadedPerimeter => ({
  code, name: code, communes, departement, epci: null, generation: code.startsWith('QP') ? '2015' : '2024', version: null,
  geometry: { type: 'Polygon', coordinates: [] }, properties: {}, datasetId: 'd', metricEpsg: 2154, metric: { type: 'Polygon', coordinates: [] }, bbox: [0, 0, 0, 0],
});

describe('commonCoverage', () => {
  it('keeps the départements of both sets and lists the quartiers of the others', () => {
    const from = [p('QP031001', '31'), p('QP034001', '34')];
    const to = [p('QN03101M', '31'), p('QN06001M', '60'), p('QN06002M', null, ['60414'])];
    const c = commonCoverage(from, to);
    expect(c.departements).toEqual(['31']);
    expect(c.leftOut).toEqual([
      { departement: '34', onlyIn: 'from', quartiers: ['QP034001'] },
      { departement: '60', onlyIn: 'to', quartiers: ['QN06001M', 'QN06002M'] },
    ]);
    expect(inDepartements(to[1], c.departements)).toBe(false);
    expect(inDepartements(p('X', null), c.departements)).toBe(true);
    expect(coverageNote(c, '2015', '2024')).toBe(
      'Comparaison limitée aux départements couverts par les deux générations (31) ; hors comparaison : 1 quartier(s) 2015 des départements 34 (sans périmètres 2024 chargés) ; 2 quartier(s) 2024 des départements 60 (sans périmètres 2015 chargés).',
    );
  });

  it('says nothing when both sets cover the same départements', () => {
    expect(coverageNote(commonCoverage([p('QP031001', '31')], [p('QN03101M', '31')]), '2015', '2024')).toBeNull();
  });

  it('reads overseas départements on 3 characters', () => {
    expect(departementOfCommuneCode('97411')).toBe('974');
    expect(departementOfCommuneCode('2A004')).toBe('2A');
  });
});
