import { describe, expect, it } from 'vitest';
import { FACILITY_GROUPS, facilityType, isBpeCode, listFacilityTypes } from './facilityTypes.ts';

describe('facilityType', () => {
  it('labels the codes the domain names', () => {
    expect(facilityType('C201')).toMatchObject({ code: 'C201', label: 'Collège', group: 'enseignement', groupLabel: 'Enseignement' });
    expect(facilityType('D113')).toMatchObject({ label: 'Maison de santé pluriprofessionnelle', group: 'sante', symbol: 'msp' });
    expect(facilityType('F121').label).toMatch(/multisports.*gymnase/i);
    expect(facilityType('F121').group).toBe('sport');
    expect(facilityType('D502')).toMatchObject({ group: 'social', symbol: 'creche' });
    expect(facilityType('D502').label).toMatch(/crèche/);
    expect(facilityType('D506').label).toBe('Centre social');
    expect(facilityType('A129').label).toBe('Mairie');
    expect(facilityType('A128').label).toMatch(/France Services/);
    expect(facilityType('F307').label).toBe('Bibliothèque');
    expect(facilityType('D307')).toMatchObject({ label: 'Pharmacie', group: 'sante' });
    for (const c of ['C107', 'C108', 'C109', 'C301', 'C302', 'C303', 'C304', 'C305']) {
      expect(facilityType(c).group).toBe('enseignement');
    }
  });

  it('maps codes of older vintages', () => {
    expect(facilityType('C104', '2019').label).toBe('École élémentaire');
    expect(facilityType('C101', '2018').label).toBe('École maternelle');
    expect(facilityType('D301', '2020').label).toBe('Pharmacie');
    // the 2013 sports nomenclature gave F111 another meaning
    expect(facilityType('F111', '2013').label).toBe('Plateau extérieur ou salle multisports');
    expect(facilityType('F111', '2023').label).toMatch(/terrains de jeux extérieurs/);
    expect(facilityType('F111').label).toMatch(/terrains de jeux extérieurs/);
  });

  it('normalises case and spaces of BPE codes but not of source types', () => {
    expect(facilityType(' c201 ').code).toBe('C201');
    expect(facilityType('college').label).toBe('Collège');
    expect(facilityType('ecole:maternelle').label).toBe('École maternelle');
    expect(facilityType('user').group).toBe('autre');
  });

  it('labels unknown codes without dropping them', () => {
    expect(facilityType('Z999')).toEqual({
      code: 'Z999', label: 'Équipement (code Z999)', group: 'autre', groupLabel: 'Autres équipements', symbol: 'other',
    });
    expect(facilityType('Maison des associations').label).toBe('Équipement (code Maison des associations)');
  });
});

describe('listFacilityTypes', () => {
  it('lists the codes valid for a vintage', () => {
    const v2023 = listFacilityTypes('2023').map((t) => t.code);
    const v2019 = listFacilityTypes('2019').map((t) => t.code);
    expect(v2023).toContain('C107');
    expect(v2023).not.toContain('C101');
    expect(v2019).toContain('C101');
    expect(v2019).not.toContain('C107');
    expect(listFacilityTypes().map((t) => t.code)).toEqual(expect.arrayContaining(['C101', 'C107', 'college', 'user']));
  });

  it('puts every type in a declared group', () => {
    const keys = new Set(FACILITY_GROUPS.map((g) => g.key));
    expect([...keys]).toEqual(['enseignement', 'sante', 'social', 'sport', 'culture', 'services-publics', 'commerce', 'transport', 'autre']);
    for (const t of listFacilityTypes()) {
      expect(keys.has(t.group), t.code).toBe(true);
      expect(t.label.length).toBeGreaterThan(2);
    }
    // every group is actually used by some type
    const used = new Set(listFacilityTypes().map((t) => t.group));
    for (const k of keys) expect(used.has(k), k).toBe(true);
  });

  it('recognises BPE codes', () => {
    expect(isBpeCode('F121')).toBe(true);
    expect(isBpeCode('college')).toBe(false);
    expect(isBpeCode('H101')).toBe(false);
  });
});
