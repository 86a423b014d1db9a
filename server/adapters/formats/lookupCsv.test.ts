import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { lookupCsv } from './lookupCsv.ts';
import { fixtureSet, lonLatOf, perimeterL93, squareL93, X0, Y0 } from '../../domain/testFixtures/squares.ts';
import { realPerimeterSet, shared } from '../../../test/support/h7RealData.ts';
import { IngestError } from '../../domain/model.ts';

const set2015 = fixtureSet('2015', [perimeterL93('QP060901', squareL93(X0, Y0, 1000))]);
const set2024 = fixtureSet('2024', [perimeterL93('QN06091M', squareL93(X0 + 500, Y0, 1000))]);

describe('lookupCsv', () => {
  it('appends per-generation columns to a ;-separated French file, decimal commas read, BOM written', () => {
    const a = lonLatOf(X0 + 200, Y0 + 500), b = lonLatOf(X0 + 1700, Y0 + 500);
    const input = `nom;latitude;longitude\r\nÉcole A;${String(a.lat).replace('.', ',')};${String(a.lon).replace('.', ',')}\r\nMSP B;${b.lat};${b.lon}\r\nSans coordonnées;;\r\n`;
    const r = lookupCsv(Buffer.from(input, 'utf8'), [set2015, set2024]);
    expect(r.rows).toBe(3);
    expect(r.located).toBe(2);
    expect(r.issues).toEqual([{ line: 4, field: 'longitude, latitude', message: 'coordonnées manquantes ou non numériques' }]);
    expect(r.csv.startsWith('\uFEFF')).toBe(true);
    const lines = r.csv.slice(1).trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0]).toEqual(['nom', 'latitude', 'longitude', 'qpv_2015', 'qpv_proche_2015', 'distance_2015_m', 'statut_2015', 'qpv_2024', 'qpv_proche_2024', 'distance_2024_m', 'statut_2024', 'avertissement']);
    expect(lines[1].slice(3, 11)).toEqual(['QP060901', 'QP060901', '0', 'dans un QPV', '', 'QN06091M', '300', 'hors QPV']);
    expect(lines[2].slice(3, 11)).toEqual(['', 'QP060901', '700', 'hors QPV', '', 'QN06091M', '200', 'hors QPV']);
    expect(lines[1][11]).toMatch(/^Résultat indicatif/);
    expect(lines[3][6]).toBe('coordonnées illisibles');
  });

  it('keeps "," files with ",", and reads Lambert-93 x/y columns', () => {
    const input = `id,x,y\n1,${X0 + 1500 + 3},${Y0 + 500}\n`;
    const r = lookupCsv(input, [set2024], { tolerance: 10 });
    expect(r.columns).toEqual({ x: 'x', y: 'y', crs: 2154 });
    expect(r.csv.startsWith('\uFEFFid,x,y,qpv_2024,')).toBe(true);
    const row = r.csv.trim().split('\r\n')[1].split(',');
    expect(row.slice(3, 7)).toEqual(['QN06091M', 'QN06091M', '3', 'à moins de 10 m de la limite']);
  });

  it('refuses a file without coordinate columns, naming the columns present', () => {
    expect(() => lookupCsv('a;b\n1;2\n', [set2024])).toThrow(IngestError);
    try { lookupCsv('a;b\n1;2\n', [set2024]); } catch (e) { expect((e as IngestError).details[0].message).toBe('Colonnes présentes : a, b'); }
  });

  it('looks up the real collèges file (Lambert-93 columns with an EPSG column) against QPV 2024', () => {
    const body = readFileSync(shared('colleges-geoloc-men-2024', 'colleges_dep59_60_71_93.csv'));
    const set = realPerimeterSet('qpv2024-anct/qpv2024_seed_territories.geojson', '2024');
    const r = lookupCsv(body, [set], { lonColumn: 'longitude', latColumn: 'latitude' });
    expect(r.rows).toBe(610);
    const inside = r.csv.split('\r\n').filter((l) => l.includes(';dans un QPV;'));
    expect(inside.some((l) => l.startsWith('0600022Y;') && l.includes('QN06001M'))).toBe(true);
    expect(inside.some((l) => l.startsWith('0601177D;'))).toBe(true);
  });
});
