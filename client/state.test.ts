import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, cellVintagesOf, createStore, parseState, serializeState, withLayer } from './state.ts';

describe('state ↔ URL', () => {
  it('round-trips a full view through the query string', () => {
    const s = structuredClone(DEFAULT_STATE);
    s.center = [2.47612, 49.25791];
    s.zoom = 13.25;
    s.layers = ['communes', 'cells', 'qpv2024', 'pockets'];
    s.indicator = 'income';
    s.method = 'manual';
    s.breaks = [15000, 18000, 22000];
    s.palette = 'viridis';
    s.vecu = 500;
    s.selected = { code: 'QN06007M', generation: '2024' };
    s.compare = 'swipe';
    s.swipe = 0.3;
    s.pockets = { ...s.pockets, communes: '60175,60414', povertyRate: null, relativeRate: 2, minPopulation: 300, neighbourhood: 4 };
    const back = parseState('?' + serializeState(s));
    expect(back).toEqual(s);
  });

  it('keeps the URL short when the state is the default', () => {
    expect(serializeState(DEFAULT_STATE)).toBe('c=1.44420,43.60470,11.50&l=communes,qpv2015,qpv2024');
  });

  it('falls back to defaults on malformed values', () => {
    const s = parseState('?c=abc,1&m=bogus&k=40&cmp=upside&sw=7&vecu=-3');
    expect(s.center).toEqual(DEFAULT_STATE.center);
    expect(s.method).toBe('quantiles');
    expect(s.classes).toBe(9);
    expect(s.compare).toBe('none');
    expect(s.swipe).toBe(1);
    expect(s.vecu).toBe(0);
  });

  it('refuses Lambert-93 numbers posing as lon/lat', () => {
    expect(parseState('?c=652000,6862000,12').center).toEqual(DEFAULT_STATE.center);
  });

  it('reads an empty layer list as "no layer" rather than the defaults', () => {
    expect(parseState('?l=').layers).toEqual([]);
  });

  it('selection without generation defaults to the "to" generation', () => {
    expect(parseState('?sel=QP031009').selected).toEqual({ code: 'QP031009', generation: '2024' });
  });
});

describe('store', () => {
  it('notifies subscribers with new and previous states', () => {
    const store = createStore(DEFAULT_STATE);
    const seen: [number, number][] = [];
    const off = store.subscribe((s, p) => seen.push([s.vecu, p.vecu]));
    store.update({ vecu: 500 });
    off();
    store.update({ vecu: 1000 });
    expect(seen).toEqual([[500, 300]]);
    expect(store.get().vecu).toBe(1000);
  });

  it('withLayer adds and removes ids', () => {
    expect(withLayer(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(withLayer(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(withLayer(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
  });
});

describe('Filosofi vintages', () => {
  it('lists the vintages of the cell datasets once each, newest first', () => {
    const datasets = [
      { kind: 'cells', vintage: '2017' }, { kind: 'cells', vintage: '2017' }, { kind: 'cells', vintage: null, vintages: ['2019', '2015'] },
      { kind: 'perimeters', vintage: null }, { kind: 'facilities', vintage: '2023' },
    ];
    expect(cellVintagesOf(datasets)).toEqual(['2019', '2017', '2015']);
    expect(cellVintagesOf([])).toEqual([]);
  });
  it('the chosen vintage travels in the URL as v=', () => {
    const s = { ...structuredClone(DEFAULT_STATE), vintage: '2019' };
    const q = serializeState(s);
    expect(new URLSearchParams(q).get('v')).toBe('2019');
    expect(parseState('?' + q).vintage).toBe('2019');
  });
});
