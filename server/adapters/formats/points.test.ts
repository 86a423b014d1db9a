import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { converter } from '../../domain/crs.ts';
import { IngestError } from '../../domain/model.ts';
import { readPointsCsv, readPointsGeoJson } from './points.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'qpv-points-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
async function fixture(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

const l93 = converter(4326, 2154);

describe('readPointsCsv', () => {
  it('reads a French ";" CSV with BOM, decimal commas, a label and a type column', async () => {
    const p = await fixture('equipements.csv', '\uFEFFid;Nom;type;longitude;latitude;commune\n' +
      'g1;Gymnase Guy Môquet;F121;2,4757;49,2597;60175\n' +
      'c1;Centre social Georges Brassens;Centre social municipal;2,4801;49,2611;60175\n' +
      'p1;Permanence;;2,47;49,26;\n');
    const r = await readPointsCsv(p, { typeColumn: 'type' });
    expect(r.format).toBe('points');
    expect(r.sourceCrs).toBe(4326);
    expect(r.records.map((f) => [f.id, f.type, f.typeLabel, f.name, f.lon, f.lat, f.commune])).toEqual([
      ['g1', 'F121', 'Salle multisports (gymnase)', 'Gymnase Guy Môquet', 2.4757, 49.2597, '60175'],
      ['c1', 'Centre social municipal', 'Centre social municipal', 'Centre social Georges Brassens', 2.4801, 49.2611, '60175'],
      ['p1', 'user', 'Point ajouté par l’utilisateur', 'Permanence', 2.47, 49.26, null],
    ]);
    expect(r.records[0].properties).toMatchObject({ line: 2, Nom: 'Gymnase Guy Môquet', type: 'F121' });
  });

  it('refuses Lambert-93 numbers posing as lon/lat, naming the columns and suggesting --crs 2154', async () => {
    const [x, y] = l93(2.4757, 49.2597);
    const p = await fixture('l93.csv', `nom,x,y\nA,${x},${y}\nB,${x + 50},${y + 50}\n`);
    const err = await readPointsCsv(p).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err.message).toMatch(/colonnes x, y/);
    expect(err.message).toMatch(/--crs 2154/);
    // and with the CRS declared, the same file is fine
    const r = await readPointsCsv(p, { crs: 2154 });
    expect(r.records[0].lon).toBeCloseTo(2.4757, 6);
    expect(r.sourceCrs).toBe(2154);
  });

  it('refuses degrees declared as Lambert-93, suggesting --crs 4326', async () => {
    const p = await fixture('deg.csv', 'nom;lon;lat\nA;2.47;49.26\n');
    await expect(readPointsCsv(p, { crs: 2154 })).rejects.toThrow(/--crs 4326/);
  });

  it('uses the named x/y, label and id columns', async () => {
    const p = await fixture('custom.csv', 'ref,intitule,X_L93,Y_L93\nR1,Crèche,651000,6904000\n');
    const r = await readPointsCsv(p, { xColumn: 'X_L93', yColumn: 'Y_L93', crs: 2154, labelColumn: 'intitule', idColumn: 'ref' });
    expect(r.records[0]).toMatchObject({ id: 'R1', name: 'Crèche', type: 'user' });
    await expect(readPointsCsv(p, { xColumn: 'X', yColumn: 'Y_L93' })).rejects.toThrow(/colonne x « X » absente/);
  });

  it('reports rows without or with impossible coordinates, and duplicate ids', async () => {
    const p = await fixture('gaps.csv', 'id,nom,lat,lon\n1,A,49.26,2.47\n1,B,49.27,2.48\n2,C,,\n3,D,95,2.5\n4,E,49.3,2.5\n');
    const r = await readPointsCsv(p);
    expect(r.records.map((f) => f.id)).toEqual(['1', '1-3', '4']);
    expect(r.counts).toMatchObject({ rows: 5, facilities: 3, withoutCoordinates: 1, badCoordinates: 1 });
    expect(r.issues.map((i) => i.line)).toEqual([3, 4, 5]);
  });

  it('says which columns it looked for when none hold coordinates', async () => {
    const p = await fixture('nocoords.csv', 'nom,adresse\nA,1 rue X\n');
    await expect(readPointsCsv(p)).rejects.toThrow(/lon\/lng\/longitude\/x.*--x-column/);
  });
});

describe('readPointsGeoJson', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 'f1', properties: { nom: 'Maison de santé', type: 'D113', insee_com: '60175' }, geometry: { type: 'Point', coordinates: [2.4757, 49.2597] } },
      { type: 'Feature', properties: { name: 'Antennes', id: 'm' }, geometry: { type: 'MultiPoint', coordinates: [[2.47, 49.26], [2.48, 49.27]] } },
      { type: 'Feature', properties: { nom: 'Rue' }, geometry: { type: 'LineString', coordinates: [[2.47, 49.26], [2.48, 49.27]] } },
      { type: 'Feature', properties: { nom: 'Sans géométrie' }, geometry: null },
    ],
  };

  it('reads Point and MultiPoint features and reports the others', async () => {
    const r = await readPointsGeoJson(await fixture('pts.geojson', JSON.stringify(fc)), { typeColumn: 'type' });
    expect(r.records.map((f) => [f.id, f.name, f.type, f.commune, f.lon, f.lat])).toEqual([
      ['f1', 'Maison de santé', 'D113', '60175', 2.4757, 49.2597],
      ['m-1', 'Antennes', 'user', null, 2.47, 49.26],
      ['m-2', 'Antennes', 'user', null, 2.48, 49.27],
    ]);
    expect(r.records[0].typeLabel).toBe('Maison de santé pluriprofessionnelle');
    expect(r.issues.map((i) => [i.feature, i.message])).toEqual([
      ['#2', expect.stringMatching(/LineString ignorée/)],
      ['#3', expect.stringMatching(/sans géométrie/)],
    ]);
  });

  it('honours a declared legacy CRS and refuses Lambert numbers in an RFC 7946 file', async () => {
    const [x, y] = l93(2.4757, 49.2597);
    const feature = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } };
    const declared = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } }, features: [feature] };
    const r = await readPointsGeoJson(await fixture('l93.geojson', JSON.stringify(declared)));
    expect(r.records[0].lat).toBeCloseTo(49.2597, 6);
    const undeclared = { type: 'FeatureCollection', features: [feature] };
    await expect(readPointsGeoJson(await fixture('bad.geojson', JSON.stringify(undeclared)))).rejects.toThrow(/--crs 2154/);
  });

  it('refuses text that is not GeoJSON', async () => {
    await expect(readPointsGeoJson(await fixture('x.json', '{"a":'))).rejects.toThrow(/JSON illisible/);
    await expect(readPointsGeoJson(await fixture('y.json', '{"type":"Topology"}'))).rejects.toThrow(/FeatureCollection/);
  });
});
