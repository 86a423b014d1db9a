import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvField, toCsv } from './csvWrite.ts';

const rows = [
  { code: 'QN06007M', nom: 'Les Hauts de Creil', population: 14327.5, taux: 0.631, note: null },
  { code: 'QN06011M', nom: 'Rouher, "Les Cavées"', population: 2102, taux: Number.NaN, note: 'ligne 1\nligne 2' },
];

describe('toCsv', () => {
  it('writes UTF-8 with a BOM, comma-separated, by default', () => {
    const csv = toCsv(rows);
    expect(csv.startsWith('\uFEFFcode,nom,population,taux,note\r\n')).toBe(true);
    expect(csv).toContain('QN06007M,Les Hauts de Creil,14327.5,0.631,\r\n');
    expect(csv).toContain('"Rouher, ""Les Cavées"""');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes what French Excel expects with ";": decimal comma, quoted fields kept intact', () => {
    const csv = toCsv(rows, { separator: ';' });
    expect(csv).toContain('QN06007M;Les Hauts de Creil;14327,5;0,631;\r\n');
    const back = parse(csv, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(back).toEqual([
      { code: 'QN06007M', nom: 'Les Hauts de Creil', population: '14327,5', taux: '0,631', note: '' },
      { code: 'QN06011M', nom: 'Rouher, "Les Cavées"', population: '2102', taux: '', note: 'ligne 1\nligne 2' },
    ]);
  });

  it('round-trips through a CSV parser with the comma separator', () => {
    const back = parse(toCsv(rows), { bom: true, columns: true }) as Record<string, string>[];
    expect(back.map((r) => r.nom)).toEqual(['Les Hauts de Creil', 'Rouher, "Les Cavées"']);
    expect(back[1].note).toBe('ligne 1\nligne 2');
  });

  it('follows the given column order, fills missing values, and can drop the BOM', () => {
    const csv = toCsv([{ a: 1, b: 2 }, { c: 3 }], { columns: ['c', 'a'], bom: false });
    expect(csv).toBe('c,a\r\n,1\r\n3,\r\n');
    expect(toCsv([{ a: 1 }, { b: 2 }], { bom: false })).toBe('a,b\r\n1,\r\n,2\r\n');
  });

  it('writes a header only for no rows when columns are given', () => {
    expect(toCsv([], { columns: ['x', 'y'], bom: false })).toBe('x,y\r\n');
  });

  it('refuses a decimal comma with the comma separator', () => {
    expect(() => toCsv(rows, { decimalComma: true })).toThrow(/;/);
  });

  it('lets ";" keep a decimal point when asked', () => {
    expect(toCsv([{ v: 1.5 }], { separator: ';', decimalComma: false, bom: false })).toBe('v\r\n1.5\r\n');
  });
});

describe('csvField', () => {
  it('renders values', () => {
    expect(csvField(undefined)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(csvField(Infinity)).toBe('');
    expect(csvField(-0.5, ';', true)).toBe('-0,5');
    expect(csvField(['QN06007M', 'QN06011M'])).toBe('"[""QN06007M"",""QN06011M""]"');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField(' padded')).toBe('" padded"');
  });
});
