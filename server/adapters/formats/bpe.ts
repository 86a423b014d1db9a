// INSEE BPE (base permanente des équipements) CSV → facilities in lonLat. Streamed: the national
// file has millions of rows.
import { basename } from 'node:path';
import { LAMBERT93, parseCrsName, WGS84 } from '../../domain/crs.ts';
import { facilityType, isBpeCode } from '../../domain/facilityTypes.ts';
import { IngestError, type InseeQpTags } from '../../domain/model.ts';
import { parseFrenchNumber } from './csv.ts';
import {
  FacilityCollector, keptColumns, keptProperties, lonLatFromTexts, toLonLat,
  type FacilityReadOptions, type FacilityReadResult,
} from './facilityRows.ts';

// Columns copied into Facility.properties when present. Only what cannot be derived (DEP, DOM...
// follow from the commune and the code): a national file holds millions of rows.
const KEPT_COLUMNS = ['DCIRIS', 'IRIS'];

/** Returns the QPV code of an INSEE tag, 'outside' for "CSZ"/"HZ"/any non-QPV value, null when empty. */
export function normaliseInseeQp(value: string | undefined): string | null {
  const v = (value ?? '').trim().toUpperCase();
  if (!v) return null;
  return /^Q[PN]\d{2}[0-9A-Z]{3,5}$/.test(v) ? v : 'outside';
}

/** Reads an INSEE BPE CSV; coordinates reprojected to lonLat (EPSG:4326) from each row's CRS. Identical inseeQp tags share one object: treat records as read-only. */
export async function readBpe(path: string, opts: FacilityReadOptions = {}): Promise<FacilityReadResult> {
  const out = new FacilityCollector(opts.fileName ?? basename(path), 'équipement', ['unknownType']);
  const { file, issues, records, counts } = out;
  const unknownTypes = new Map<string, number>(); // code → first line
  // Millions of rows share a few hundred codes and a handful of EPSG values: resolve each once.
  const typeCache = new Map<string, ReturnType<typeof facilityType> & { known: boolean }>();
  const crsCache = new Map<string, number | null>();
  // Shared strings and tag objects: a few thousand distinct values over millions of rows.
  const strings = new Map<string, string>();
  const intern = (v: string) => { const k = strings.get(v); if (k !== undefined) return k; strings.set(v, v); return v; };
  const qpCache = new Map<string, InseeQpTags>();

  let c = {} as Record<string, string | null>;
  let vintage: string | null = opts.vintage ?? null;
  let hasQp = false;
  let kept: [string, string][] = []; // [property, file column]

  for await (const { line, record } of out.rows(path, opts, (col, header) => {
    c = {
      type: col(opts.typeColumn, 'TYPEQU'),
      commune: col('DEPCOM', 'CODGEO', 'COM'),
      x: col(opts.xColumn, 'LAMBERT_X', 'X'),
      y: col(opts.yColumn, 'LAMBERT_Y', 'Y'),
      epsg: col('EPSG'),
      lon: col('LONGITUDE', 'LON'),
      lat: col('LATITUDE', 'LAT'),
      qualityXy: col('QUALITE_XY'),
      qualityGeoloc: col('QUALITE_GEOLOC'),
      qp2015: col('QP2015', 'QP'),
      qualiQp2015: col('QUALI_QP2015', 'QUALI_QP'),
      qp2024: col('QP2024'),
      qualiQp2024: col('QUALI_QP2024'),
      id: col(opts.idColumn, 'ID', 'IDENT', 'ID_EQUIP'),
      name: col(opts.labelColumn, 'NOMRS', 'NOM', 'LIBELLE', 'NOM_EQUIP'),
      an: col('AN', 'ANNEE'),
    };
    hasQp = Boolean(c.qp2015 || c.qp2024);
    kept = keptColumns(col, KEPT_COLUMNS);
    if (!c.type) throw new IngestError(`${file} : colonne TYPEQU absente, ce n'est pas un fichier BPE`, [{ file, line: 1, field: 'TYPEQU', message: 'colonne TYPEQU attendue' }]);
    if (!(c.x && c.y) && !(c.lon && c.lat)) {
      throw new IngestError(`${file} : colonnes de coordonnées absentes (LAMBERT_X/LAMBERT_Y ou LONGITUDE/LATITUDE)`, [{ file, line: 1, message: `colonnes lues : ${header.join(', ')}` }]);
    }
  })) {
    const get = (k: string) => (c[k] ? record[c[k]!].trim() : '');
    if (!vintage && get('an')) vintage = get('an');
    const typeCode = get('type').toUpperCase();

    // Lambert (or the row's EPSG) first: it is what INSEE geocodes in; lon/lat when it is missing.
    let pos: [number, number] | string = 'coordonnées absentes';
    let epsg = opts.crs ?? LAMBERT93;
    const x = parseFrenchNumber(get('x')), y = parseFrenchNumber(get('y'));
    if (Number.isFinite(x) && Number.isFinite(y)) {
      const epsgText = get('epsg');
      let rowCrs = crsCache.get(epsgText);
      if (rowCrs === undefined) crsCache.set(epsgText, (rowCrs = epsgText ? parseCrsName(epsgText) : null));
      if (get('epsg') && rowCrs === null) pos = `valeur EPSG illisible « ${get('epsg')} »`;
      else {
        epsg = rowCrs ?? epsg;
        pos = toLonLat(x, y, epsg);
      }
    }
    if (typeof pos === 'string') {
      const fromLatLon = lonLatFromTexts(get('lon'), get('lat'));
      if (Array.isArray(fromLatLon)) { pos = fromLatLon; epsg = WGS84; }
    }
    if (typeof pos === 'string') {
      out.unplaced(line, typeCode || undefined, [get('x'), get('y'), get('lon'), get('lat')], pos);
      continue;
    }
    out.crsTally.add(epsg);

    let t = typeCache.get(typeCode);
    if (!t) {
      const info = facilityType(typeCode, vintage);
      t = { ...info, known: isBpeCode(typeCode) && !info.label.startsWith('Équipement (code') };
      typeCache.set(typeCode, t);
    }
    if (!t.known) {
      counts.unknownType++;
      if (!unknownTypes.has(typeCode)) unknownTypes.set(typeCode, line);
    }
    const commune = intern(get('commune')) || null;
    // Ids built from the line number are unique by construction: only the file's own ids need a check.
    let id = get('id');
    if (!id) id = `${commune ?? ''}-${typeCode}-${line}`;
    else id = out.uniqueId(id, line, c.id ?? undefined, 'identifiant');

    const quality = intern([get('qualityXy'), get('qualityGeoloc')].filter(Boolean).join(' / ')) || null;
    let inseeQp: InseeQpTags | null = null;
    if (hasQp) {
      const key = `${get('qp2015')}|${get('qualiQp2015')}|${get('qp2024')}|${get('qualiQp2024')}`;
      inseeQp = qpCache.get(key) ?? null;
      if (!inseeQp) {
        inseeQp = {
          qp2015: normaliseInseeQp(get('qp2015')),
          qualiQp2015: get('qualiQp2015') || null,
          qp2024: normaliseInseeQp(get('qp2024')),
          qualiQp2024: get('qualiQp2024') || null,
        };
        qpCache.set(key, inseeQp);
      }
    }
    const properties = keptProperties(line, record, kept);
    records.push({ id, type: t.code, typeLabel: t.label, name: get('name') || null, lon: pos[0], lat: pos[1], commune, quality, inseeQp, properties });
  }

  for (const [code, line] of unknownTypes) {
    issues.add({ line, field: c.type ?? 'TYPEQU', feature: code, message: `code d'équipement « ${code} » inconnu de la nomenclature${vintage ? ` ${vintage}` : ''} : gardé avec le libellé « Équipement (code ${code}) »` });
  }
  return out.finish('bpe', vintage);
}
