import { describe, expect, it } from 'vitest';
import { classBreaks, classOf, equalBreaks, jenksBreaks, quantileBreaks } from './classBreaks.ts';

describe('class breaks', () => {
  it('quantiles split sorted values into equal counts', () => {
    expect(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([3, 5, 7]);
  });
  it('quantiles ignore NaN and drop repeated breaks', () => {
    expect(quantileBreaks([0, 0, 0, 0, 0, 1, 2, NaN], 4)).toEqual([0, 0.5]);
  });
  it('equal intervals divide the range', () => {
    expect(equalBreaks([0, 10, 100], 4)).toEqual([25, 50, 75]);
    expect(equalBreaks([5, 5, 5], 4)).toEqual([]);
  });
  it('Jenks finds the natural gaps of three clusters', () => {
    const v = [1, 2, 2, 3, 10, 11, 12, 30, 31, 33];
    expect(jenksBreaks(v, 3)).toEqual([10, 30]);
  });
  it('Jenks on a large set samples and still separates two far groups', () => {
    const v = [...Array.from({ length: 3000 }, (_, i) => i % 50), ...Array.from({ length: 3000 }, (_, i) => 1000 + (i % 50))];
    const b = jenksBreaks(v, 2);
    expect(b).toHaveLength(1);
    expect(b[0]).toBeGreaterThan(49);
    expect(b[0]).toBeLessThanOrEqual(1000);
  });
  it('manual breaks are sorted and deduplicated', () => {
    expect(classBreaks('manual', [1, 2, 3], 5, [0.3, 0.1, 0.3])).toEqual([0.1, 0.3]);
  });
  it('classOf puts a value equal to a break in the upper class', () => {
    expect([0, 3, 4, 7, 100].map((v) => classOf(v, [3, 5, 7]))).toEqual([0, 1, 1, 3, 3]);
  });
});
