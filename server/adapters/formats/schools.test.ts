import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSharedDataDir } from '../../config.ts';
import { bboxOf } from '../../domain/project.ts';
import type { Polygonal } from '../../domain/model.ts';
import { readSchools, schoolTypeOf } from './schools.ts';

const DATA = resolveSharedDataDir();
const EXTRACT = join(DATA, 'colleges-geoloc-men-2024', 'colleges_dep59_60_71_93.csv');
const NATIONAL = join(DATA, 'colleges-geoloc-men-2024', 'fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre_colleges_national.csv');

describe('readSchools on the real 610-row extract (59, 60, 71, 93)', async () => {
  const r = await readSchools(EXTRACT);

  it('keeps every row with coordinates and reports the two without, by line', () => {
    expect(r.counts).toMatchObject({ rows: 610, facilities: 608, withoutCoordinates: 2 });
    expect(r.issues).toHaveLength(2);
    for (const i of r.issues) {
      expect(i.line).toBeGreaterThan(1);
      expect(i.message).toMatch(/sans coordonnées/);
    }
    expect(r.sourceCrs).toBe(2154);
    expect(r.format).toBe('schools');
  });

  it('reprojects a known collège from Lambert-93 to the published lon/lat', () => {
    const pascal = r.records.find((f) => f.id === '0592886S')!;
    expect(pascal).toMatchObject({ type: 'college', typeLabel: 'Collège', name: 'Collège privé Pascal', commune: '59512', quality: 'Parfaite' });
    expect(pascal.lon).toBeCloseTo(3.175910611533584, 6);
    expect(pascal.lat).toBeCloseTo(50.68954712102181, 6);
    expect(pascal.properties).toMatchObject({ secteur_public_prive_libe: 'Privé', libelle_commune: 'Roubaix', line: 2 });
  });

  it('puts every collège of département 060 inside Oise', () => {
    const oise = JSON.parse(readFileSync(join(DATA, 'communes-france-geojson', 'departement-60-oise.geojson'), 'utf8'));
    const [w, s, e, n] = bboxOf(oise.geometry as Polygonal);
    const dep60 = r.records.filter((f) => f.properties.code_departement === '060');
    expect(dep60.length).toBeGreaterThan(80);
    for (const f of dep60) {
      expect(f.commune!.startsWith('60'), f.id).toBe(true);
      expect(f.lon > w && f.lon < e && f.lat > s && f.lat < n, `${f.id} ${f.lon},${f.lat}`).toBe(true);
    }
  });
});

describe('readSchools on the real national file', async () => {
  const r = await readSchools(NATIONAL);
  const rows = readFileSync(NATIONAL, 'utf8').split('\r\n').slice(1).filter(Boolean).map((l) => l.split(';'));

  it('reads all 7,654 collèges and reports the 147 without coordinates with their line numbers', () => {
    // PROVENANCE says 143: that counts rows with an empty EPSG; 4 more carry an EPSG but no x/y.
    expect(r.counts).toMatchObject({ rows: 7654, facilities: 7507, withoutCoordinates: 147, badCoordinates: 0 });
    const missing = r.issues.filter((i) => /sans coordonnées/.test(i.message));
    expect(missing).toHaveLength(147);
    expect(missing[0]).toMatchObject({ line: 174, feature: '0111095F' });
    expect(new Set(r.records.map((f) => f.id)).size).toBe(7507);
  });

  it('agrees with the published latitude/longitude on every row (all overseas CRS included)', () => {
    const published = new Map(rows.filter((c) => c[14]).map((c) => [c[0], [Number(c[15]), Number(c[14])]]));
    let worst = 0;
    for (const f of r.records) {
      const [lon, lat] = published.get(f.id)!;
      worst = Math.max(worst, Math.abs(f.lon - lon), Math.abs(f.lat - lat));
    }
    expect(worst).toBeLessThan(1e-4); // ~10 m: overseas datums differ slightly between proj4 and the source
  });

  it('reprojects Saint-Pierre-et-Miquelon (EPSG:32621) onto the published latitude/longitude', () => {
    expect(r.counts.fromLatLon ?? 0).toBe(0);
    const spm = r.records.find((f) => f.id === '9750026E')!;
    expect(spm.lon).toBeCloseTo(-56.37885963163175, 4);
    expect(spm.lat).toBeCloseTo(47.10057585880362, 4);
  });
});

describe('schoolTypeOf', () => {
  it.each([
    ['101', 'ECOLE MATERNELLE', 'ecole:maternelle'],
    ['151', 'ECOLE DE NIVEAU ELEMENTAIRE', 'ecole:elementaire'],
    ['340', 'COLLEGE', 'college'],
    ['352', 'COLLEGE SPECIALISE', 'college'],
    ['300', 'LYCEE ENSEIGNT GENERAL ET TECHNOLOGIQUE', 'lycee'],
    ['306', 'LYCEE POLYVALENT', 'lycee:polyvalent'],
    ['320', 'LYCEE PROFESSIONNEL', 'lycee:professionnel'],
    ['370', 'ETABLISSEMENT REGIONAL D\'ENSEIGNEMENT ADAPTE', 'erea'],
    ['', 'COLLEGE', 'college'],
    ['999', 'CENTRE DE FORMATION', 'etablissement'],
  ])('%s %s → %s', (code, label, type) => expect(schoolTypeOf(code, label)).toBe(type));
});
