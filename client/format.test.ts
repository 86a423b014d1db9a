import { describe, expect, it } from 'vitest';
import { coverageRemark, figureText, formatBreak, formatValue, plural } from './format.ts';

// Intl fr-FR separates thousands with a narrow no-break space and puts a no-break space before € and %.
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('French formats', () => {
  it('formats euros, percentages and counts the French way', () => {
    expect(norm(formatValue(14327.4, 'euro'))).toBe('14 327 €');
    expect(norm(formatValue(63.14, 'percent'))).toBe('63,1 %');
    expect(norm(formatValue(0.631, 'ratio'))).toBe('63,1 %');
    expect(norm(formatValue(1234.6, 'count'))).toBe('1 235');
    expect(norm(formatValue(12.345, 'hectare'))).toBe('12,35 ha');
  });
  it('says "secret statistique" for a withheld figure', () => {
    expect(formatValue(null, 'euro')).toBe('secret statistique');
    expect(formatValue(undefined, 'count', false)).toBe('—');
  });
  it('tells "secret statistique" from "hors données" by the area flags', () => {
    expect(figureText(null, 'count', { secret: true })).toBe('secret statistique');
    expect(figureText(12, 'count', { secret: true })).toBe('secret statistique');
    expect(figureText(null, 'count', { secret: false, noData: true })).toBe('hors données');
    expect(figureText(null, 'count', {})).toBe('non disponible');
    expect(norm(figureText(1234, 'count', { noData: true, coverage: 0.5 }))).toBe('1 234');
    expect(figureText(null, 'ratio', { noData: true, coverage: 0.86 })).toBe('non disponible'); // partly covered: the field is missing
  });
  it('remarks a partial coverage only for an area outside the cells that still has figures', () => {
    expect(norm(coverageRemark({ noData: true, coverage: 0.8595 }, true) ?? '')).toBe('couverture partielle (86,0 %)');
    expect(coverageRemark({ noData: true, coverage: 0 }, false)).toBeNull();
    expect(coverageRemark({ noData: false, coverage: 1 }, true)).toBeNull();
  });
  it('legend breaks', () => {
    expect(norm(formatBreak(0.25, 'ratio'))).toBe('25,0 %');
    expect(norm(formatBreak(18234, 'euro'))).toBe('18 230 €');
  });
  it('French plural keeps 0 and 1 singular', () => {
    expect(plural(0, 'poche')).toBe('0 poche');
    expect(plural(1, 'poche')).toBe('1 poche');
    expect(plural(2, 'poche')).toBe('2 poches');
  });
});
