import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import Database from 'better-sqlite3';
import { readFilosofiCells, vintageFromFileName } from './filosofi.ts';
import { findCellAt } from '../../domain/cellGrid.ts';
import { IngestError, type CellGrid } from '../../domain/model.ts';
import { resolveSharedDataDir } from '../../config.ts';

const data = resolveSharedDataDir();
const OISE = join(data, 'filosofi2017-200m-oise/filosofi2017_200m_compiegne_creil.csv');
const TOULOUSE = join(data, 'filosofi2017-200m-toulouse/filosofi2017_200m_toulouse.csv');
const CREIL_2021 = join(data, 'filosofi2021-200m-creil/filosofi2021_men_200m_creil_extract.csv');

const tmp = mkdtempSync(join(tmpdir(), 'filosofi-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function fixture(name: string, content: string | Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}
const sum = (g: CellGrid, f: keyof CellGrid['values']) => {
  let s = 0;
  for (const v of g.values[f]!) s += v;
  return s;
};
const at = (g: CellGrid, x: number, y: number) => findCellAt(g, x + 1, y + 1);

describe('real extracts', () => {
  it('reads the Oise 2017 extract with INSEE totals', async () => {
    const r = await readFilosofiCells(OISE);
    expect(r.vintage).toBe('2017');
    expect(r.grids).toHaveLength(1);
    const g = r.grids[0];
    expect(g.epsg).toBe(3035);
    expect(g.size).toBe(200);
    expect(g.count).toBe(9538);
    expect(r.counts).toMatchObject({ rows: 9538, cells: 9538, imputed: 5480, skipped: 0, duplicates: 0, cells_3035: 9538 });
    expect(r.fields).toHaveLength(28);
    expect(r.issues).toEqual([]);
    expect(sum(g, 'ind')).toBeCloseTo(456807.0, 0);
    expect(sum(g, 'men')).toBeCloseTo(184971.2, 0);
    expect(sum(g, 'men_pauv')).toBeCloseTo(22112.5, 0);
    expect(sum(g, 'log_soc')).toBeCloseTo(39233.8, 0);
    expect(sum(g, 'ind_snv') / sum(g, 'ind')).toBeCloseTo(22957, -1);
  });

  it('normalises one known cell (CRS3035RES200mN2921600E3769600)', async () => {
    const g = (await readFilosofiCells(OISE)).grids[0];
    const k = at(g, 3769600, 2921600);
    expect(k).toBeGreaterThanOrEqual(0);
    // Idcar_200m,I_est_200,Ind,Ind_snv,Men,Men_pauv,Men_1ind,Men_5ind,Men_prop,Men_fmp,Men_surf,...
    // CRS3035RES200mN2921600E3769600,0,46.5,1422497.2,16,4,1,2,14,2,1819,0,16,2,4,2,8,0,0,2,1,2,7.5,...
    expect(g.imputed[k]).toBe(0);
    expect(g.values.ind![k]).toBe(46.5);
    expect(g.values.ind_snv![k]).toBe(1422497.2);
    expect(g.values.men![k]).toBe(16);
    expect(g.values.men_pauv![k]).toBe(4);
    expect(g.values.men_surf![k]).toBe(1819);
    expect(g.values.ind_11_17![k]).toBe(7.5);
    expect(g.imputed[at(g, 3766200, 2921600)]).toBe(1);
  });

  it('keeps the empty Toulouse age bands as NaN', async () => {
    const r = await readFilosofiCells(TOULOUSE);
    const g = r.grids[0];
    expect(g.count).toBe(3589);
    expect(sum(g, 'ind')).toBeCloseTo(539303.5, 0);
    expect(sum(g, 'men')).toBeCloseTo(267613.6, 0);
    expect(sum(g, 'men_pauv')).toBeCloseTo(45967.5, 0);
    expect(g.values.ind_0_3!.every((v) => Number.isNaN(v))).toBe(true);
    expect(r.counts.skipped).toBe(0);
  });

  it('reads the 2021 lower-case schema, ignoring e_3035/n_3035 silently', async () => {
    const r = await readFilosofiCells(CREIL_2021);
    expect(r.vintage).toBe('2021');
    expect(r.grids[0].count).toBe(340);
    expect(r.issues).toEqual([]);
    expect(r.fields).toEqual(['ind', 'men', 'men_pauv', 'men_1ind', 'men_5ind', 'men_prop', 'men_fmp', 'men_surf', 'men_coll', 'men_mais']);
    const g = r.grids[0];
    // CRS3035RES200mN2932000E3770800,3770800,2932000,1,17,4.9,0.6,0.9,1.4,1.1,3.5,0.9,1.4,362.9
    const k = at(g, 3770800, 2932000);
    expect([g.imputed[k], g.values.ind![k], g.values.men![k], g.values.men_pauv![k], g.values.men_surf![k]]).toEqual([
      1, 17, Math.fround(4.9), Math.fround(0.9), 362.9, // men_surf is float64
    ]);
    expect(g.values.ind_snv).toBeUndefined();
  });
});

describe('generated fixtures', () => {
  it('reads `;`, a UTF-8 BOM, quotes and decimal commas', async () => {
    const p = fixture(
      'excel_2019.csv',
      '\uFEFFidcar_200m;i_est_200;lcog_geo;ind;men;men_pauv;ind_snv\r\n' +
        'CRS3035RES200mN2948600E3802600;0;60175;"12,5";5;1,2;250000,5\r\n' +
        '"CRS3035RES200mN2948600E3802800";1;6017560414;3;1;0;\r\n',
    );
    const r = await readFilosofiCells(p);
    expect(r.vintage).toBe('2019');
    const g = r.grids[0];
    expect(g.count).toBe(2);
    expect(g.values.ind![0]).toBe(12.5);
    expect(g.values.men_pauv![0]).toBe(Math.fround(1.2));
    expect(g.values.ind_snv![0]).toBe(250000.5);
    expect(Number.isNaN(g.values.ind_snv![1])).toBe(true);
    expect(Array.from(g.imputed)).toEqual([0, 1]);
    expect(g.communes).toEqual(['60175', '6017560414']);
  });

  it('reads the 2015 schema with zero-padded IdINSPIRE and takes the vintage from the columns', async () => {
    const p = fixture(
      'carreaux_200m_met.csv',
      'IdINSPIRE,Id_carr1km,I_est_cr,Id_carr_n,Groupe,Depcom,I_pauv,Id_car2010,Ind,Men,Men_pauv,Ind_snv,Men_surf,Log_soc,I_est_1km\n' +
        'CRS3035RES200mN02948600E03802600,CRS3035RES1000mN2948000E3802000,0,CRS3035RES2000mN2948000E3802000,1,60175,0,x,100,40,8,2000000,3500,12,0\n' +
        'CRS3035RES200mN02948800E03802600,CRS3035RES1000mN2948000E3802000,1,CRS3035RES2000mN2948000E3802000,2,60175,1,x,7,3,1,100000,200,0,0\n',
    );
    const r = await readFilosofiCells(p);
    expect(r.vintage).toBe('2015');
    expect(r.fields).toEqual(['ind', 'men', 'men_pauv', 'ind_snv', 'men_surf', 'log_soc']);
    expect(r.issues).toEqual([]);
    const g = r.grids[0];
    expect(at(g, 3802600, 2948600)).toBe(0);
    expect(at(g, 3802600, 2948800)).toBe(1);
    expect(Array.from(g.imputed)).toEqual([0, 1]);
    expect(g.communes).toEqual(['60175', '60175']);
  });

  it('maps the 2010 names Ind_srf / Ind_c and warns once about unknown columns', async () => {
    const p = fixture('rfl2010.csv', 'IdINSPIRE,ind_c,men,ind_srf,men_occ5,foo\nCRS3035RES200mN2948600E3802600,10,4,150000,1,z\n');
    const r = await readFilosofiCells(p, { vintage: '2010' });
    expect(r.fields).toEqual(['ind', 'men', 'ind_snv']);
    expect(r.grids[0].values.ind_snv![0]).toBe(150000);
    expect(r.issues).toEqual([{ file: 'rfl2010.csv', line: 1, message: 'Colonnes inconnues ignorées : men_occ5, foo.' }]);
  });

  it('asks for the vintage when a lower-case file has no year in its name', async () => {
    const p = fixture('carreaux.csv', 'idcar_200m,i_est_200,ind,men\nCRS3035RES200mN2948600E3802600,0,10,4\n');
    await expect(readFilosofiCells(p)).rejects.toThrow(/--vintage 2019 ou 2021/);
    expect((await readFilosofiCells(p, { vintage: '2019' })).vintage).toBe('2019');
    expect((await readFilosofiCells(p, { fileName: 'Filosofi2019_carreaux_200m_met.csv' })).vintage).toBe('2019');
  });

  it('reports malformed ids and non-numeric values with line numbers, and skips those rows', async () => {
    const p = fixture(
      'bad_2019.csv',
      'idcar_200m,i_est_200,ind,men\n' +
        'CRS3035RES200mN2948600E3802600,0,10,4\n' + // line 2
        'CRS3035RES200mN2948600,0,10,4\n' + // line 3: no E
        'CRS3035RES200mN2948600E3802800,0,dix,4\n' + // line 4: non-numeric
        'CRS3035RES200mN2948650E3802800,0,1,1\n' + // line 5: not on the grid
        'CRS3035RES200mN2948800E3802600,0,5,2\n' + // line 6
        'CRS3035RES200mN2948800E3802600,0,5,2\n' + // line 7: duplicate of line 6
        'CRS5490RES200mN1616200E708400,0,30,12\n' + // line 8: Martinique
        'CRS3035RES200mN2949000E3802600,0,5,2\n', // line 9
    );
    const r = await readFilosofiCells(p);
    expect(r.issues.map((i) => i.line)).toEqual([3, 4, 5, 7]);
    expect(r.issues[0].message).toMatch(/Identifiant de carreau illisible/);
    expect(r.issues[1]).toMatchObject({ field: 'ind', message: expect.stringMatching(/non numérique « dix »/) });
    expect(r.issues[3].message).toMatch(/double.*ligne 6/);
    expect(r.counts).toMatchObject({ rows: 8, skipped: 3, duplicates: 1, cells: 4, cells_3035: 3, cells_5490: 1 });
    expect(r.grids.map((g) => g.epsg)).toEqual([3035, 5490]);
  });

  it('refuses a file where most rows are bad', async () => {
    const p = fixture(
      'mostly_bad_2019.csv',
      'idcar_200m,i_est_200,ind,men\nCRS3035RES200mN2948600E3802600,0,10,4\nfoo,0,1,1\nbar,0,1,1\n',
    );
    const err = await readFilosofiCells(p).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err.message).toMatch(/2 lignes sur 3/);
    expect(err.details.map((d: { line: number }) => d.line)).toEqual([3, 4]);
  });

  it('caps the issue list and says how many were left out', async () => {
    let text = 'idcar_200m,i_est_200,ind,men\n';
    for (let k = 0; k < 300; k++) text += `CRS3035RES200mN${2948600 + 200 * k}E3802600,0,1,1\n`;
    for (let k = 0; k < 150; k++) text += `bad${k},0,1,1\n`;
    const r = await readFilosofiCells(fixture('many_2019.csv', text));
    expect(r.counts.skipped).toBe(150);
    expect(r.issues).toHaveLength(101);
    expect(r.issues[100].message).toMatch(/50 autres/);
  });

  it('refuses a table without a cell id column', async () => {
    await expect(readFilosofiCells(fixture('other_2019.csv', 'code,nom\n60175,Creil\n'))).rejects.toThrow(/identifiant de carreau/);
  });

  it('reads the CSV inside a zip archive', async () => {
    const csv = 'idcar_200m;i_est_200;ind;men\nCRS3035RES200mN2948600E3802600;0;10;4\nCRS2975RES200mN7660000E340000;1;3;1\n';
    const zip = zipSync({ 'Filosofi2019_carreaux_200m_csv/Filosofi2019_carreaux_200m_met.csv': strToU8(csv), 'LISEZMOI.txt': strToU8('doc') });
    const r = await readFilosofiCells(fixture('upload.bin', zip), { fileName: 'Filosofi2019_carreaux_200m_csv.zip' });
    expect(r.vintage).toBe('2019');
    expect(r.grids.map((g) => [g.epsg, g.count])).toEqual([[2975, 1], [3035, 1]]);
  });

  it('reads the attribute table of a GeoPackage', async () => {
    const p = join(tmp, 'carreaux_2021.gpkg');
    const db = new Database(p);
    db.exec(`CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL);
      INSERT INTO gpkg_contents VALUES ('carreaux_200m_met', 'features');
      CREATE TABLE carreaux_200m_met (fid INTEGER PRIMARY KEY, geom BLOB, idcar_200m TEXT, i_est_200 INTEGER, lcog_geo TEXT, ind REAL, men REAL, men_pauv REAL);
      INSERT INTO carreaux_200m_met VALUES (1, x'00', 'CRS3035RES200mN2948600E3802600', 0, '60175', 120.5, 50, NULL);
      INSERT INTO carreaux_200m_met VALUES (2, x'00', 'CRS3035RES200mN2948600E3802400', 1, '60175', 4, 1.5, 0.2);`);
    db.close();
    const r = await readFilosofiCells(p);
    expect(r.vintage).toBe('2021');
    const g = r.grids[0];
    expect(g.count).toBe(2);
    expect(Array.from(g.i)).toEqual([3802400 / 200, 3802600 / 200]);
    expect(g.values.ind![1]).toBe(120.5);
    expect(Number.isNaN(g.values.men_pauv![1])).toBe(true);
    expect(r.issues).toEqual([]);
  });
});

describe('vintageFromFileName', () => {
  it('finds the year but not inside other numbers', () => {
    expect(vintageFromFileName('Filosofi2017_carreaux_200m_met.csv')).toBe('2017');
    expect(vintageFromFileName('/tmp/x/filosofi2021_men_200m_creil_extract.csv')).toBe('2021');
    expect(vintageFromFileName('carreaux_200m.csv')).toBeNull();
    expect(vintageFromFileName('export_120159.csv')).toBeNull();
  });
});
