import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CsvRowSplitter } from './csvSplit.ts';

function split(text: string, d: string, chunk = Infinity): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const s = new CsvRowSplitter(d, (r, l) => {
    rows.push(r);
    lines.push(l);
  });
  for (let k = 0; k < text.length; k += Math.min(chunk, text.length)) s.push(text.slice(k, k + chunk));
  s.end();
  return { rows, lines };
}

const TRICKY =
  '\uFEFFid;nom;valeur\r\n' +
  'a;"Saint-Denis; Seine";"1,5"\r\n' +
  'b;"dit ""le Haut""";2\r\n' +
  'c;"sur\ndeux lignes";3\r\n' +
  'd;;\r\n' +
  'e;x"y;4';

describe('CsvRowSplitter', () => {
  it('splits quoted fields, doubled quotes, CRLF and a quoted line break, with starting line numbers', () => {
    const { rows, lines } = split(TRICKY, ';');
    expect(rows).toEqual([
      ['id', 'nom', 'valeur'],
      ['a', 'Saint-Denis; Seine', '1,5'],
      ['b', 'dit "le Haut"', '2'],
      ['c', 'sur\ndeux lignes', '3'],
      ['d', '', ''],
      ['e', 'x"y', '4'],
    ]);
    expect(lines).toEqual([1, 2, 3, 4, 6, 7]);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    const whole = split(TRICKY, ';').rows;
    for (const chunk of [1, 2, 3, 7, 16]) expect(split(TRICKY, ';', chunk).rows).toEqual(whole);
  });

  it('agrees with csv-parse on a quoted comma-separated file', () => {
    const text = 'idcar_200m,ind,lcog_geo\n"CRS3035RES200mN2948600E3802600","12,5","60175"\nCRS3035RES200mN2948800E3802600,3,"6017560414"\n';
    expect(split(text, ',').rows).toEqual(parse(text, { relax_quotes: true }));
  });

  it('keeps an unterminated quote to the end of the file rather than dropping the row', () => {
    expect(split('a,b\n1,"open\n2,3', ',').rows).toEqual([['a', 'b'], ['1', 'open\n2,3']]);
  });
});
