import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { converter } from '../../domain/crs.ts';
import { IngestError } from '../../domain/model.ts';
import { normaliseInseeQp, readBpe } from './bpe.ts';

// Fixtures use the real BPE column names (INSEE "BPE ensemble" files). Coordinates are those of
// known places, produced here from their lon/lat so the expected values are readable.
const l93 = converter(4326, 2154);
const utm20 = converter(4326, 5490);
const creil = l93(2.4757, 49.2597); // Creil town centre
const compiegne = l93(2.8261, 49.4179);
const fortDeFrance = utm20(-61.0742, 14.6161);
const fmt = (v: number) => v.toFixed(1);
const fr = (v: number) => v.toFixed(2).replace('.', ',');

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'qpv-bpe-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function fixture(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

const BPE_2023 = [
  'AN;DEPCOM;DCIRIS;DEP;REG;DOM;SDOM;TYPEQU;LAMBERT_X;LAMBERT_Y;EPSG;QUALITE_XY;QP2015;QUALI_QP2015;QP2024;QUALI_QP2024',
  `2023;60175;601750103;60;32;C;C2;C201;${fmt(creil[0])};${fmt(creil[1])};2154;Bonne;QP060004;1;QN06007M;1`,
  `2023;60159;601590000;60;32;D;D5;D502;${fr(compiegne[0])};${fr(compiegne[1])};2154;Acceptable;CSZ;;HZ;`,
  `2023;97209;972090101;972;02;D;D1;D113;${fmt(fortDeFrance[0])};${fmt(fortDeFrance[1])};5490;Bonne;HZ;2;QN97201N;2`,
  '2023;60175;601750103;60;32;F;F1;F121;;;;Non géolocalisé;;;;',
  `2023;60175;601750103;60;32;Z;Z9;Z999;${fmt(creil[0] + 100)};${fmt(creil[1])};2154;Bonne;;;;`,
].join('\r\n') + '\r\n';

describe('readBpe, 2023-style file (";", BOM, EPSG column, INSEE QP tags)', async () => {
  let r: Awaited<ReturnType<typeof readBpe>>;
  beforeAll(async () => { r = await readBpe(await fixture('bpe2023.csv', '\uFEFF' + BPE_2023)); });

  it('reads every row with coordinates, reprojected from its own EPSG', () => {
    expect(r.counts).toMatchObject({ rows: 5, facilities: 4, withoutCoordinates: 1, unknownType: 1 });
    expect(r.vintage).toBe('2023');
    expect(r.sourceCrs).toBe(2154);
    const [college, creche, msp] = r.records;
    expect(college).toMatchObject({ type: 'C201', typeLabel: 'Collège', commune: '60175', name: null, quality: 'Bonne' });
    expect(college.lon).toBeCloseTo(2.4757, 5);
    expect(college.lat).toBeCloseTo(49.2597, 5);
    expect(creche.typeLabel).toMatch(/crèche/);
    expect(creche.lon).toBeCloseTo(2.8261, 5); // decimal commas read
    expect(msp).toMatchObject({ type: 'D113', typeLabel: 'Maison de santé pluriprofessionnelle', commune: '97209' });
    expect(msp.lon).toBeCloseTo(-61.0742, 5);
    expect(msp.lat).toBeCloseTo(14.6161, 5);
  });

  it('keeps INSEE QP tags, "CSZ"/"HZ" meaning outside', () => {
    expect(r.records[0].inseeQp).toEqual({ qp2015: 'QP060004', qualiQp2015: '1', qp2024: 'QN06007M', qualiQp2024: '1' });
    expect(r.records[1].inseeQp).toEqual({ qp2015: 'outside', qualiQp2015: null, qp2024: 'outside', qualiQp2024: null });
    expect(r.records[3].inseeQp).toEqual({ qp2015: null, qualiQp2015: null, qp2024: null, qualiQp2024: null });
  });

  it('builds ids from commune, type and line when the file has no id column, and keeps small context columns', () => {
    expect(r.records.map((f) => f.id)).toEqual(['60175-C201-2', '60159-D502-3', '97209-D113-4', '60175-Z999-6']);
    expect(r.records[0].properties).toEqual({ line: 2, DCIRIS: '601750103' });
  });

  it('reports the row without coordinates by line, and the unknown code once', () => {
    expect(r.issues).toEqual([
      expect.objectContaining({ file: 'bpe2023.csv', line: 5, feature: 'F121', message: expect.stringMatching(/sans coordonnées/) }),
      expect.objectContaining({ line: 6, feature: 'Z999', field: 'TYPEQU', message: expect.stringMatching(/Z999.*inconnu/) }),
    ]);
    expect(r.records[3].typeLabel).toBe('Équipement (code Z999)');
  });
});

describe('readBpe, other vintages and layouts', () => {
  it('reads a LONGITUDE/LATITUDE vintage with old school codes, names and an id column', async () => {
    const p = await fixture('bpe2019.csv', [
      'ID,AN,DEPCOM,TYPEQU,NOMRS,LONGITUDE,LATITUDE,QUALITE_GEOLOC',
      'E1,2019,60175,C104,Ecole Jules Ferry,2.4757,49.2597,Bonne',
      'E2,2019,60175,C101,,2.4800,49.2600,Acceptable',
    ].join('\n'));
    const r = await readBpe(p);
    expect(r.vintage).toBe('2019');
    expect(r.sourceCrs).toBe(4326);
    expect(r.records.map((f) => [f.id, f.typeLabel, f.name, f.quality, f.inseeQp])).toEqual([
      ['E1', 'École élémentaire', 'Ecole Jules Ferry', 'Bonne', null],
      ['E2', 'École maternelle', null, 'Acceptable', null],
    ]);
    expect(r.records[0].lon).toBe(2.4757);
    expect(r.issues).toEqual([]);
  });

  it('keeps duplicate ids of the file apart and says so', async () => {
    const p = await fixture('bpe-dup.csv', 'ID;TYPEQU;LONGITUDE;LATITUDE\nE1;C201;2.47;49.26\nE1;C201;2.48;49.27\n');
    const r = await readBpe(p);
    expect(r.records.map((f) => f.id)).toEqual(['E1', 'E1-3']);
    expect(r.issues).toEqual([expect.objectContaining({ line: 3, field: 'ID', message: expect.stringMatching(/E1 en double/) })]);
  });

  it('takes Lambert-93 when there is no EPSG column, and the vintage given over the AN column', async () => {
    const p = await fixture('bpe-noepsg.csv', `DEPCOM;TYPEQU;LAMBERT_X;LAMBERT_Y\n60175;F111;${fmt(creil[0])};${fmt(creil[1])}\n`);
    const r = await readBpe(p, { vintage: '2013' });
    expect(r.records[0].typeLabel).toBe('Plateau extérieur ou salle multisports');
    expect(r.records[0].lat).toBeCloseTo(49.2597, 5);
  });

  it('reports coordinates outside the declared CRS instead of placing them anywhere', async () => {
    const p = await fixture('bpe-bad.csv', [
      'DEPCOM;TYPEQU;LAMBERT_X;LAMBERT_Y;EPSG',
      `60175;C201;${fmt(creil[0])};${fmt(creil[1])};2154`,
      `60175;C201;${fmt(creil[0])};${fmt(creil[1])};2154`,
      '60175;D502;2.4757;49.2597;2154',
    ].join('\n'));
    const r = await readBpe(p);
    expect(r.counts).toMatchObject({ facilities: 2, badCoordinates: 1 });
    expect(r.issues[0]).toMatchObject({ line: 4, message: expect.stringMatching(/hors de l'emprise.*EPSG:2154/) });
  });

  it('refuses a file whose rows mostly lack coordinates', async () => {
    const p = await fixture('bpe-empty.csv', 'DEPCOM;TYPEQU;LAMBERT_X;LAMBERT_Y\n60175;C201;;\n60175;D502;;\n60175;F121;1;\n');
    await expect(readBpe(p)).rejects.toThrow(IngestError);
    await expect(readBpe(p)).rejects.toThrow(/3 lignes sur 3/);
  });

  it('refuses a file without TYPEQU or coordinate columns', async () => {
    await expect(readBpe(await fixture('nope.csv', 'a;b\n1;2\n'))).rejects.toThrow(/TYPEQU/);
    await expect(readBpe(await fixture('nocoord.csv', 'TYPEQU;DEPCOM\nC201;60175\n'))).rejects.toThrow(/LAMBERT_X/);
  });
});

describe('normaliseInseeQp', () => {
  it.each([
    ['QP060004', 'QP060004'], ['qn06007m', 'QN06007M'], ['QN97201N', 'QN97201N'],
    ['CSZ', 'outside'], ['HZ', 'outside'], ['ZZZZZZZZ', 'outside'], ['', null], [undefined, null],
  ])('%j → %j', (v, out) => expect(normaliseInseeQp(v)).toBe(out));
});
