import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import type { DatasetRef } from './model.ts';
import { decreeLines, frenchDate, renderMapSvg, sourcesLine, type MapData, type MapSpec } from './mapSvg.ts';
import { generationInfo } from './generations.ts';

// A readable fixture around Creil: a 1 km square "QPV", a 2015 predecessor shifted east, 4 cells.
const square = (lon: number, lat: number, d: number): Polygon => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });
const ref = (id: string, label: string, kind: DatasetRef['kind']): DatasetRef => ({ id, kind, label, generation: null, version: null, vintage: null, sourceName: id });
const spec: MapSpec = { title: 'Les Hauts de Creil (QN06001M)', subtitle: 'Creil — quartier prioritaire 2024', paper: 'A4', orientation: 'landscape', bbox: [2.46, 49.25, 2.49, 49.27], date: new Date('2026-11-21T10:00:00Z'), selected: 'QN06001M' };
const cell = (lon: number, lat: number, value: number | null, secret = false) => ({ corners: square(lon, lat, 0.0028).coordinates[0], value, secret });

const data: MapData = {
  perimeters: [
    { generation: '2015', version: null, decree: generationInfo('2015').decree, items: [{ code: 'QP060004', name: 'Rouher', geometry: square(2.468, 49.255, 0.01) }], refs: [ref('q15', 'ANCT (ex-CGET), QPV 2015', 'perimeters')] },
    { generation: '2024', version: '2024-08-20', decree: generationInfo('2024').decree, items: [{ code: 'QN06001M', name: 'Les Hauts de Creil', geometry: square(2.465, 49.255, 0.01) }], refs: [ref('q24', 'ANCT, QPV 2024 (version 2024-08-20)', 'perimeters')] },
  ],
  changes: { from: '2015', to: '2024', tolerance: 20, zones: [{ zone: 'gained', geometry: square(2.465, 49.255, 0.003) }, { zone: 'kept', geometry: square(2.468, 49.255, 0.007) }], refs: [] },
  cells: { indicator: 'povertyRate', method: 'quantiles', vintage: '2017', items: [cell(2.466, 49.256, 0.1), cell(2.469, 49.256, 0.2), cell(2.472, 49.256, 0.35), cell(2.475, 49.256, null, true)], refs: [ref('f17', 'INSEE, Filosofi 2017', 'cells')] },
  vecu: { sentence: 'Quartier vécu : bande de 300 m autour du périmètre 2024 (version 2024-08-20)', bands: [square(2.461, 49.252, 0.018)], refs: [] },
  facilities: { items: [{ lon: 2.47, lat: 49.26, group: 'enseignement', name: 'Collège Jules Michelet' }, { lon: 2.471, lat: 49.261, group: 'sante', name: 'MSP' }], refs: [ref('bpe', 'INSEE, BPE 2023', 'facilities')] },
  communes: { items: [{ code: '60175', name: 'Creil', geometry: square(2.44, 49.24, 0.06) }], refs: [ref('ign', 'IGN Admin Express', 'communes')] },
};

/** The text a reader sees: every <text> element's content, unescaped, lines joined by spaces. */
function visibleText(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join(' ');
}

describe('renderMapSvg', () => {
  const svg = renderMapSvg(spec, data);
  const seen = visibleText(svg);

  it('is an SVG sized in millimetres with a viewBox of the sheet', () => {
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('width="297mm" height="210mm" viewBox="0 0 297 210"');
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('prints title, subtitle, the legend of the visible layers and the rule texts', () => {
    for (const s of [
      'Les Hauts de Creil (QN06001M)', 'Creil — quartier prioritaire 2024',
      'Périmètre QPV 2015', 'Périmètre QPV 2024 (version 2024-08-20)', 'Évolution 2015 → 2024', 'Entré en QPV en 2024', 'Conservé',
      'Quartier vécu', 'bande de 300 m autour du périmètre 2024', 'aucune distance officielle', 'Équipements', 'Enseignement', 'Santé',
      'Taux de pauvreté des ménages', 'Secret statistique (moins de 11 ménages)', 'Filosofi 2017, carreaux de 200 m', 'Limite de commune',
    ]) expect(seen).toContain(s);
    expect(seen).not.toContain('Sorti de la géographie prioritaire'); // no lost zone given
    expect(seen).not.toContain('Poche'); // layer not asked for
    expect(seen).toMatch(/moins de 1\d,\d\u00a0%/); // French class labels
  });

  it('builds the sources line from the datasets of the visible layers only', () => {
    const line = 'Sources : ANCT (ex-CGET), QPV 2015 ; ANCT, QPV 2024 (version 2024-08-20) ; INSEE, Filosofi 2017 ; INSEE, BPE 2023 ; IGN Admin Express';
    expect(sourcesLine(data)).toBe(line);
    expect(seen).toContain(line);
  });

  it('gives a layer with nothing in the view no legend and no source, except pockets whose rule is printed', () => {
    const empty = visibleText(renderMapSvg(spec, {
      ...data,
      facilities: { items: [], refs: [ref('other', 'Jeu de données hors emprise', 'facilities')] },
      pockets: { sentence: 'Poches de pauvreté : carreaux hors QPV dont le taux de pauvreté ≥ 30 %', items: [], refs: [] },
    }));
    expect(empty).not.toContain('hors emprise');
    expect(empty).not.toContain('Équipements');
    expect(empty).toContain('Aucune poche de pauvreté dans la zone d’étude');
    expect(empty).toContain('Poches de pauvreté : carreaux hors QPV dont le taux de pauvreté ≥ 30 %');
  });

  it('cites the décret of each generation shown and the date in French', () => {
    expect(decreeLines(data)).toEqual([`QPV 2015 : ${generationInfo('2015').decree}`, `QPV 2024 : ${generationInfo('2024').decree}`]);
    for (const line of decreeLines(data)) expect(seen).toContain(line);
    expect(seen).toContain('Carte établie le 21 novembre 2026');
    expect(frenchDate(new Date('2026-05-01T12:00:00Z'))).toBe('1er mai 2026');
  });

  it('draws the layers as paths, the north arrow and a scale bar', () => {
    for (const id of ['cells', 'communes', 'changes', 'vecu', 'perimeters-2015', 'perimeters-2024', 'facilities', 'north-arrow', 'scale-bar']) expect(svg).toContain(`id="${id}"`);
    expect(svg).toContain('stroke="#E69F00"'); // 2015 orange
    expect(svg).toContain('stroke-dasharray="2.2 1.2"'); // dashed
    expect(svg).toContain('stroke="#0072B2"'); // 2024 blue
    expect(svg).toContain('fill="url(#secret-hatch)"');
    expect(svg).toMatch(/>\d+ m<\/text>|>\d+ km<\/text>/);
  });

  it('escapes XML in user text', () => {
    const s = renderMapSvg({ ...spec, title: 'Quartier <A&B> "test"' }, {});
    expect(s).toContain('Quartier &lt;A&amp;B&gt; &quot;test&quot;');
    expect(s).not.toContain('<A&B>');
    expect(s).toContain('Aucune donnée à afficher dans cette emprise');
    expect(s).toContain('Sources : aucune couche de données affichée');
  });

  it('drops points closer than 0.2 mm on paper', () => {
    const dense: Polygon = { type: 'Polygon', coordinates: [[...Array.from({ length: 2000 }, (_, i) => [2.465 + (i * 0.01) / 2000, 49.255]), [2.475, 49.265], [2.465, 49.265], [2.465, 49.255]]] };
    const s = renderMapSvg(spec, { perimeters: [{ ...data.perimeters![1], items: [{ code: 'X', name: 'X', geometry: dense }] }] });
    const path = /<path d="([^"]+)" fill="none" stroke="#0072B2"/.exec(s)![1];
    // ~45 mm of line on paper: about one point per 0.2 mm is kept out of 2,000
    expect(path.split('L').length).toBeLessThan(300);
    expect(path.split('L').length).toBeGreaterThan(100);
  });

  it('lays the legend under the map in portrait', () => {
    const s = renderMapSvg({ ...spec, orientation: 'portrait', paper: 'A3' }, data);
    expect(s).toContain('width="297mm" height="420mm"');
    expect(s).toContain('Secret statistique');
  });
});
