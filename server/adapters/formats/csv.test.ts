import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSharedDataDir } from '../../config.ts';
import { decodeWindows1252, parseFrenchNumber, readCsvRows, sniffCsv, type CsvRow } from './csv.ts';

const COLLEGES = join(resolveSharedDataDir(), 'colleges-geoloc-men-2024');
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'qpv-csv-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function all(path: string, opts = {}): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const r of readCsvRows(path, opts)) rows.push(r);
  return rows;
}

describe('sniffCsv', () => {
  it('recognises French files: ";" and a UTF-8 BOM', () => {
    expect(sniffCsv(Buffer.from('\uFEFFTYPEQU;DEPCOM;LAMBERT_X\r\nD502;60175;1\r\n'))).toEqual({ delimiter: ';', bom: true, encoding: 'utf-8' });
  });
  it('recognises "," and tab files, ignoring delimiters inside quotes', () => {
    expect(sniffCsv(Buffer.from('"a;b;c",lon,lat\n')).delimiter).toBe(',');
    expect(sniffCsv(Buffer.from('nom\tlon\tlat\n')).delimiter).toBe('\t');
    expect(sniffCsv(Buffer.from('nom\n')).delimiter).toBe(',');
  });
  it('falls back to windows-1252 when the bytes are not UTF-8', () => {
    const latin = Buffer.from([...Buffer.from('nom;ville\nCr'), 0xe8, ...Buffer.from('che;Cr'), 0xe9, ...Buffer.from('py\n')]);
    expect(sniffCsv(latin).encoding).toBe('windows-1252');
    // a UTF-8 character cut at the end of the sample is still UTF-8
    const cut = Buffer.from('nom;ville\nCrèche').subarray(0, 13);
    expect(sniffCsv(cut).encoding).toBe('utf-8');
  });
  it('reads the real collèges files', async () => {
    const { readHead } = await import('./csv.ts');
    const nat = sniffCsv(await readHead(join(COLLEGES, 'fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre_colleges_national.csv')));
    expect(nat).toEqual({ delimiter: ';', bom: true, encoding: 'utf-8' });
    const ext = sniffCsv(await readHead(join(COLLEGES, 'colleges_dep59_60_71_93.csv')));
    expect(ext).toEqual({ delimiter: ';', bom: false, encoding: 'utf-8' });
  });
});

describe('readCsvRows', () => {
  it('streams the real 610-row extract with header names and spreadsheet line numbers', async () => {
    let header: string[] = [];
    const rows = await all(join(COLLEGES, 'colleges_dep59_60_71_93.csv'), { onHeader: (h: string[]) => { header = h; } });
    expect(rows).toHaveLength(610);
    expect(header[0]).toBe('numero_uai');
    expect(header).toContain('coordonnee_x');
    expect(rows[0]).toMatchObject({ line: 2, record: { numero_uai: '0592886S', appellation_officielle: 'Collège privé Pascal', EPSG: 'EPSG:2154' } });
    expect(rows[609].line).toBe(611);
  });

  it('strips the BOM from the first column name of the national file (CRLF lines)', async () => {
    const rows = await all(join(COLLEGES, 'fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre_colleges_national.csv'));
    expect(rows).toHaveLength(7654);
    expect(Object.keys(rows[0].record)[0]).toBe('numero_uai');
    expect(rows[0].record.date_ouverture).not.toMatch(/\r/);
  });

  it('counts multi-line fields and empty lines as a spreadsheet does', async () => {
    const p = join(dir, 'multi.csv');
    await writeFile(p, 'id;nom;note\n1;"Crèche ""Les P\'tits""";"deux\nlignes"\n\n2;Gymnase;\n3;Collège\n;;\n');
    const rows = await all(p);
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5]); // the ";;" line is dropped
    expect(rows[0].record).toEqual({ id: '1', nom: 'Crèche "Les P\'tits"', note: 'deux\nlignes' });
    expect(rows[2].record).toEqual({ id: '3', nom: 'Collège', note: '' });
  });

  it('relaxes stray quotes inside fields', async () => {
    const p = join(dir, 'quotes.csv');
    await writeFile(p, 'id,nom\n1,Salle "Jean Moulin"\n');
    expect((await all(p))[0].record.nom).toBe('Salle "Jean Moulin"');
  });

  it('reads windows-1252 files, euro and curly apostrophe included', async () => {
    const p = join(dir, 'cp1252.csv');
    await writeFile(p, Buffer.concat([Buffer.from('nom;prix\nL'), Buffer.from([0x92]), Buffer.from('Espace Cr'), Buffer.from([0xe9]), Buffer.from('py;5 '), Buffer.from([0x80]), Buffer.from('\n')]));
    const rows = await all(p);
    expect(rows[0].record).toEqual({ nom: 'L’Espace Crépy', prix: '5 €' });
  });

  it('switches to windows-1252 when non-UTF-8 bytes come after the sniffed start', async () => {
    const p = join(dir, 'late.csv');
    const filler = 'a;b\n' + 'x;y\n'.repeat(40000); // > 64 KiB of ASCII before the Latin-1 byte
    await writeFile(p, Buffer.concat([Buffer.from(filler + 'Cr'), Buffer.from([0xe9]), Buffer.from('py;z\n')]));
    const warnings: string[] = [];
    const rows = await all(p, { onWarning: (m: string) => warnings.push(m) });
    expect(rows.at(-1)!.record.a).toBe('Crépy');
    expect(warnings).toHaveLength(1);
  });

  it('reports progress in bytes', async () => {
    const seen: [number, number][] = [];
    await all(join(COLLEGES, 'colleges_dep59_60_71_93.csv'), { onProgress: (d: number, t: number) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([236445, 236445]);
  });

  it('fails on a missing file', async () => {
    await expect(all(join(dir, 'absent.csv'))).rejects.toThrow(/ENOENT/);
  });
});

describe('decodeWindows1252', () => {
  it('maps the 0x80–0x9F range', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x9c, 0xe9, 0x41]))).toBe('€œéA');
  });
});

describe('parseFrenchNumber', () => {
  it.each([
    ['14 327,5', 14327.5],
    ['14\u202f327,5', 14327.5],
    ['14\u00a0327', 14327],
    ['63,1', 63.1],
    ['712452.7', 712452.7],
    ['1.234,5', 1234.5],
    ['-0,5', -0.5],
    ['1e3', 1000],
    [' 42 ', 42],
  ])('%s → %d', (s, n) => expect(parseFrenchNumber(s)).toBe(n));
  it.each(['', '  ', 'abc', '1,2,3', '12abc', '-'])('%j → NaN', (s) => expect(parseFrenchNumber(s)).toBeNaN());
});
