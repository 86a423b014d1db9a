// Reads a vector file (shapefile, GeoJSON, GeoPackage, or a .zip/.7z holding one) into features in
// lon/lat (EPSG:4326), after finding its CRS and checking the coordinates actually fit that CRS.
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';
import type { Geometry, Position } from 'geojson';
import { IngestError, type IngestIssue } from '../../domain/model.ts';
import { CRS_DEFINITIONS, CRS_EXTENTS, converter, isKnownCrs, parseCrsName, WGS84 } from '../../domain/crs.ts';
import { extractArchive, isArchive } from './archive.ts';
import { readGpkgGeometry } from './wkb.ts';

export interface VectorFeature {
  properties: Record<string, unknown>;
  geometry: Geometry | null; // lonLat (EPSG:4326)
  index: number; // 0-based position in the source layer
}

export interface VectorSource {
  features: VectorFeature[];
  sourceCrs: number; // EPSG code of the source; 0 when only a WKT was known (see issues)
  issues: IngestIssue[];
  layerName?: string;
}

export interface VectorReadOptions {
  crs?: number; // EPSG code forced by the user (--crs)
  fileName?: string; // original name, for messages, when path is a temporary upload
  layer?: string; // layer (GeoPackage table, shapefile base name) when a source holds several
}

const CRS_NAMES: Record<number, string> = {
  4326: 'WGS84 (EPSG:4326)', 2154: 'Lambert-93 (EPSG:2154)', 3035: 'LAEA Europe (EPSG:3035)', 5490: 'UTM 20N Antilles (EPSG:5490)',
  2972: 'UTM 22N Guyane (EPSG:2972)', 2975: 'UTM 40S Réunion (EPSG:2975)', 4471: 'UTM 38S Mayotte (EPSG:4471)', 27572: 'Lambert II étendu (EPSG:27572)',
};
const crsName = (c: number) => CRS_NAMES[c] ?? `EPSG:${c}`;

/** Features of a vector file in lonLat (EPSG:4326), with the source CRS and the issues met; throws IngestError on refusal. */
export async function readVectorFile(path: string, opts: VectorReadOptions = {}): Promise<VectorSource> {
  const fileName = opts.fileName ?? basename(path);
  if (opts.crs !== undefined && !isKnownCrs(opts.crs)) {
    throw new IngestError(`Système de coordonnées EPSG:${opts.crs} inconnu.`, [
      { file: fileName, message: `Codes acceptés : 4326, 3857, ${Object.keys(CRS_DEFINITIONS).join(', ')}.` },
    ]);
  }
  if (isArchive(fileName) || isArchive(path)) {
    const dir = mkdtempSync(join(tmpdir(), 'qpv-atlas-ingest-'));
    try {
      const files = await extractArchive(path, dir);
      const chosen = pickVectorFile(files, dir, fileName, opts.layer);
      const r = await readPlainFile(chosen, { ...opts, fileName: `${fileName}/${relative(dir, chosen)}` });
      return r;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return readPlainFile(path, { ...opts, fileName });
}

/** The one vector file of an extracted archive: a shapefile, GeoPackage or GeoJSON; refuses when several compete. */
function pickVectorFile(files: string[], dir: string, archiveName: string, layer?: string): string {
  const usable = files.filter((f) => !/(^|\/)(__MACOSX|\.)/.test(relative(dir, f)) && !basename(f).startsWith('._'));
  const byExt = (re: RegExp) => usable.filter((f) => re.test(f));
  for (const group of [byExt(/\.shp$/i), byExt(/\.gpkg$/i), byExt(/\.(geo)?json$/i)]) {
    if (group.length === 0) continue;
    if (layer) {
      const hit = group.find((f) => basename(f, extname(f)).toLowerCase() === layer.toLowerCase());
      if (hit) return hit;
    }
    if (group.length === 1) return group[0];
    throw new IngestError(`L'archive ${archiveName} contient plusieurs couches : ${group.map((f) => relative(dir, f)).join(', ')}.`, [
      { file: archiveName, message: 'Indiquez la couche à lire (nom du fichier sans extension) ou fournissez une archive qui n’en contient qu’une.' },
    ]);
  }
  throw new IngestError(`L'archive ${archiveName} ne contient aucun fichier vectoriel (.shp, .gpkg, .geojson).`, [
    { file: archiveName, message: `Fichiers trouvés : ${usable.map((f) => relative(dir, f)).slice(0, 20).join(', ') || 'aucun'}.` },
  ]);
}

const VECTOR_EXTS = new Set(['.shp', '.geojson', '.json', '.gpkg']);

async function readPlainFile(path: string, opts: VectorReadOptions & { fileName: string }): Promise<VectorSource> {
  // Uploads arrive as extension-less temporary files: the original name says the format.
  const ownExt = extname(path).toLowerCase();
  const ext = VECTOR_EXTS.has(ownExt) ? ownExt : extname(opts.fileName).toLowerCase();
  if (ext === '.shp') return readShapefile(path, opts);
  if (ext === '.geojson' || ext === '.json') return readGeoJson(path, opts);
  if (ext === '.gpkg') return readGeoPackage(path, opts);
  throw new IngestError(`Format non pris en charge : ${opts.fileName}.`, [
    { file: opts.fileName, message: 'Formats acceptés : .shp (avec .dbf, .shx, .prj), .geojson/.json, .gpkg, ou une archive .zip/.7z les contenant.' },
  ]);
}

// ---------- CRS resolution ----------

type Crs = { epsg: number } | { wkt: string };

function sibling(shp: string, ext: string): string | null {
  const base = shp.slice(0, -extname(shp).length);
  for (const e of [ext, ext.toUpperCase()]) if (existsSync(base + e)) return base + e;
  // Case-insensitive fallback: shapefiles from Windows often mix cases (X.SHP + x.dbf).
  const dir = dirname(shp);
  const want = (basename(base) + ext).toLowerCase();
  const hit = readdirSync(dir).find((f) => f.toLowerCase() === want);
  return hit ? join(dir, hit) : null;
}

const PRJ_PATTERNS: [RegExp, number][] = [
  [/lambert[ _-]?93|RGF93[^"]*lambert|RGF_1993_Lambert/i, 2154],
  [/ETRS[ _]?(19)?89[^"]*LAEA|LAEA[ _]Europe/i, 3035],
  [/RGAF09[^"]*UTM[ _]zone[ _]20N|RRAF[^"]*UTM[ _]zone[ _]20N/i, 5490],
  [/RGFG[ _]?(19)?95[^"]*UTM[ _]zone[ _]22N/i, 2972],
  [/RGR[ _]?(19)?92[^"]*UTM[ _]zone[ _]40S/i, 2975],
  [/RGM[ _]?(20)?04[^"]*UTM[ _]zone[ _]38S/i, 4471],
  [/WGS[ _]?(19)?84[^"]*UTM[ _]zone[ _]20N/i, 32620],
  [/WGS[ _]?(19)?84[^"]*UTM[ _]zone[ _]22N/i, 32622],
  [/WGS[ _]?(19)?84[^"]*UTM[ _]zone[ _]40S/i, 32740],
  [/WGS[ _]?(19)?84[^"]*UTM[ _]zone[ _]38S/i, 32738],
  [/Lambert[ _]II|Lambert[ _]zone[ _]II|NTF[^"]*Lambert[^"]*II/i, 27572],
];

/** The EPSG code of a .prj/WKT when it is one we ship, by name, AUTHORITY, then by comparing projections; else null. */
export function epsgFromWkt(wkt: string): number | null {
  const projcs = /^\s*PROJCS\[\s*"([^"]*)"/i.exec(wkt);
  const auth = /AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt);
  if (auth && isKnownCrs(Number(auth[1]))) return Number(auth[1]);
  if (projcs) {
    const cc = /CC[ _]?(4[2-9]|50)\b/i.exec(projcs[1]);
    if (cc) return 3900 + Number(cc[1]);
    for (const [re, code] of PRJ_PATTERNS) if (re.test(projcs[1])) return code;
  } else if (/^\s*GEOGCS\[/i.test(wkt)) {
    // Geographic WGS84, RGF93, ETRS89 differ by centimetres: all read as lon/lat EPSG:4326.
    if (/WGS|RGF|ETRS|GRS/i.test(wkt)) return WGS84;
  }
  // Same projection under another name: compare what each maps a few points to.
  let fromWkt: { forward(p: [number, number]): number[] };
  try {
    fromWkt = proj4(wkt, 'EPSG:4326') as unknown as typeof fromWkt;
  } catch {
    return null;
  }
  for (const [codeStr, ext] of Object.entries(CRS_EXTENTS)) {
    const code = Number(codeStr);
    if (code === WGS84) continue;
    const known = converter(code, WGS84);
    const probes: Position[] = [
      [(ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2], [ext[0] * 0.9 + ext[2] * 0.1, ext[1] * 0.9 + ext[3] * 0.1], [ext[0] * 0.2 + ext[2] * 0.8, ext[1] * 0.3 + ext[3] * 0.7],
    ];
    const same = probes.every((p) => {
      try {
        const a = fromWkt.forward([p[0], p[1]]);
        const b = known(p[0], p[1]);
        return Math.abs(a[0] - b[0]) < 1e-7 && Math.abs(a[1] - b[1]) < 1e-7;
      } catch {
        return false;
      }
    });
    if (same) return code;
  }
  return null;
}

// ---------- coordinates: bounds, sanity check, reprojection ----------

function eachPosition(g: Geometry, fn: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      fn(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(fn);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of g.coordinates) l.forEach(fn);
      break;
    case 'MultiPolygon':
      for (const p of g.coordinates) for (const l of p) l.forEach(fn);
      break;
    case 'GeometryCollection':
      for (const c of g.geometries) eachPosition(c, fn);
      break;
  }
}

function bounds(geoms: (Geometry | null)[]): [number, number, number, number] | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const g of geoms) {
    if (!g) continue;
    eachPosition(g, (p) => {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    });
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

function within(b: [number, number, number, number], e: [number, number, number, number]): boolean {
  return b[0] >= e[0] && b[1] >= e[1] && b[2] <= e[2] && b[3] <= e[3];
}

/** The CRS codes whose plausible extent contains the bounds, most common first. */
export function plausibleCrs(b: [number, number, number, number]): number[] {
  return [4326, 2154, 5490, 2972, 2975, 4471, 3035, 27572].filter((c) => within(b, CRS_EXTENTS[c]));
}

const fmtBounds = (b: number[]) => b.map((v) => (Math.abs(v) > 1000 ? Math.round(v) : Math.round(v * 1e4) / 1e4)).join(', ');

const FIX: Record<string, string> = {
  'membre crs': 'le membre crs', 'par défaut (GeoJSON)': 'le membre crs', 'fichier .prj': 'le fichier .prj', 'gpkg_spatial_ref_sys': 'la table gpkg_spatial_ref_sys', '--crs': 'l’option --crs',
};

/** Refuses coordinates outside the declared CRS's plausible extent, saying which CRS they look like. */
function checkExtent(b: [number, number, number, number] | null, crs: number, how: string, fileName: string): void {
  if (!b || !(crs in CRS_EXTENTS) || within(b, CRS_EXTENTS[crs])) return;
  const looks = plausibleCrs(b).filter((c) => c !== crs);
  const hint = looks.length
    ? `les coordonnées ressemblent à du ${crsName(looks[0])} : indiquez --crs ${looks[0]} ou corrigez ${FIX[how] ?? 'le fichier'}`
    : `aucun système connu ne correspond : vérifiez le fichier ou indiquez --crs`;
  throw new IngestError(
    `Coordonnées incohérentes avec le système déclaré ${crsName(crs)} (${how}) dans ${fileName} : étendue trouvée [${fmtBounds(b)}] ; ${hint}.`,
    [{ file: fileName, message: hint }],
  );
}

function mapPositions(g: Geometry, f: (x: number, y: number) => [number, number]): Geometry {
  const line = (ps: Position[]) => ps.map((p) => f(p[0], p[1]) as Position);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates[0], g.coordinates[1]) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: line(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: line(g.coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map(line) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map(line) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(line)) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((c) => mapPositions(c, f)) };
  }
}

/** Checks the extent, then reprojects every geometry to lonLat (2D). */
function finish(
  raw: { properties: Record<string, unknown>; geometry: Geometry | null }[], crs: Crs, how: string, fileName: string, issues: IngestIssue[], layerName?: string,
): VectorSource {
  const b = bounds(raw.map((f) => f.geometry));
  let fn: (x: number, y: number) => [number, number];
  let sourceCrs: number;
  if ('epsg' in crs) {
    checkExtent(b, crs.epsg, how, fileName);
    fn = converter(crs.epsg, WGS84);
    sourceCrs = crs.epsg;
  } else {
    let p: { forward(p: [number, number]): number[] };
    try {
      p = proj4(crs.wkt, 'EPSG:4326') as unknown as typeof p;
    } catch (e) {
      throw new IngestError(`Définition du système de coordonnées illisible (${how}) dans ${fileName} : ${(e as Error).message}.`, [
        { file: fileName, message: 'Indiquez le système avec --crs (ex. --crs 2154).' },
      ]);
    }
    fn = (x, y) => p.forward([x, y]) as [number, number];
    sourceCrs = 0;
    issues.push({ file: fileName, message: `Système de coordonnées non reconnu parmi les codes EPSG connus : reprojeté depuis la définition WKT du fichier (${crs.wkt.slice(0, 60)}…).` });
  }
  const features = raw.map((f, index) => {
    const geometry = f.geometry ? mapPositions(f.geometry, (x, y) => {
      const [lon, lat] = fn(x, y);
      return [lon, lat];
    }) : null;
    return { properties: f.properties, geometry, index };
  });
  if (!('epsg' in crs)) {
    const lb = bounds(features.map((f) => f.geometry));
    if (lb && !within(lb, CRS_EXTENTS[WGS84])) {
      throw new IngestError(`La reprojection depuis le système du fichier ${fileName} donne des coordonnées impossibles [${fmtBounds(lb)}].`, [
        { file: fileName, message: 'Indiquez le système avec --crs (ex. --crs 2154).' },
      ]);
    }
  }
  return { features, sourceCrs, issues, layerName };
}

// ---------- shapefile ----------

const CPG_ENCODINGS: [RegExp, string][] = [
  [/^(utf-?8|65001)$/i, 'utf-8'],
  [/^(ansi[ _]?)?(cp|windows-?)?1252$/i, 'windows-1252'],
  [/^(iso[-_ ]?8859[-_ ]?1|8859[-_]?1|88591|latin-?1)$/i, 'iso-8859-1'],
  [/^(iso[-_ ]?8859[-_ ]?15|8859[-_]?15|885915|latin-?9)$/i, 'iso-8859-15'],
  [/^(cp|ibm)?850$/i, 'ibm850'],
  [/^(cp|ibm)?437$/i, 'ibm437'],
];

/** The TextDecoder label for a .cpg's content, or null when unknown. */
export function encodingFromCpg(text: string): string | null {
  const t = text.trim();
  for (const [re, enc] of CPG_ENCODINGS) if (re.test(t)) return enc;
  try {
    return new TextDecoder(t).encoding;
  } catch {
    return null;
  }
}

/** True when the DBF's records decode as strict UTF-8 (streamed, constant memory; the binary header is skipped). */
async function isStrictUtf8(path: string): Promise<boolean> {
  const head = Buffer.alloc(12);
  const fh = openSync(path, 'r');
  try {
    readSync(fh, head, 0, 12, 0);
  } finally {
    closeSync(fh);
  }
  const dec = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { start: head.readUInt16LE(8), highWaterMark: 1 << 20 })) dec.decode(chunk as Buffer, { stream: true });
    dec.decode();
    return true;
  } catch {
    return false;
  }
}

async function readShapefile(path: string, opts: VectorReadOptions & { fileName: string }): Promise<VectorSource> {
  const { fileName } = opts;
  const issues: IngestIssue[] = [];
  const dbfPath = sibling(path, '.dbf');
  const prjPath = sibling(path, '.prj');
  const cpgPath = sibling(path, '.cpg');
  if (!dbfPath) issues.push({ file: fileName, message: 'Fichier .dbf absent : les entités n’ont aucun attribut.' });
  let encoding = 'windows-1252';
  if (dbfPath) {
    const cpg = cpgPath ? readFileSync(cpgPath, 'latin1') : null;
    const fromCpg = cpg !== null ? encodingFromCpg(cpg) : null;
    if (fromCpg) encoding = fromCpg;
    else {
      if (cpg !== null) issues.push({ file: fileName, message: `Encodage « ${cpg.trim()} » du .cpg inconnu : encodage détecté à la place.` });
      encoding = (await isStrictUtf8(dbfPath)) ? 'utf-8' : 'windows-1252';
    }
  }
  let source: shapefile.Source;
  try {
    source = await shapefile.open(path, dbfPath ?? undefined, { encoding });
  } catch (e) {
    throw new IngestError(`Shapefile illisible : ${fileName} (${(e as Error).message}).`, [{ file: fileName, message: 'Vérifiez que .shp, .shx et .dbf sont complets et vont ensemble.' }]);
  }
  const raw: { properties: Record<string, unknown>; geometry: Geometry | null }[] = [];
  try {
    for (let r = await source.read(); !r.done; r = await source.read()) {
      raw.push({ properties: { ...(r.value.properties ?? {}) }, geometry: r.value.geometry ?? null });
    }
  } catch (e) {
    throw new IngestError(`Shapefile illisible : ${fileName}, entité ${raw.length + 1} (${(e as Error).message}).`, [{ file: fileName, feature: `#${raw.length + 1}`, message: 'Fichier tronqué ou corrompu.' }]);
  }
  const layerName = basename(path, extname(path));
  if (opts.crs !== undefined) return finish(raw, { epsg: opts.crs }, '--crs', fileName, issues, layerName);
  if (prjPath) {
    const wkt = readFileSync(prjPath, 'utf8').trim();
    const code = epsgFromWkt(wkt);
    if (code) return finish(raw, { epsg: code }, 'fichier .prj', fileName, issues, layerName);
    return finish(raw, { wkt }, 'fichier .prj', fileName, issues, layerName);
  }
  // No .prj: guess only when the numbers leave no doubt.
  const b = bounds(raw.map((f) => f.geometry));
  const fits = b ? [WGS84, 2154].filter((c) => within(b, CRS_EXTENTS[c])) : [];
  if (fits.length === 1) {
    issues.push({ file: fileName, message: `Fichier .prj absent : système ${crsName(fits[0])} déduit de l’étendue des coordonnées [${fmtBounds(b!)}]. Indiquez --crs pour le fixer.` });
    return finish(raw, { epsg: fits[0] }, 'déduit', fileName, issues, layerName);
  }
  throw new IngestError(`Fichier .prj absent et système de coordonnées impossible à déduire pour ${fileName}${b ? ` (étendue [${fmtBounds(b)}])` : ''}.`, [
    { file: fileName, message: 'Ajoutez le fichier .prj à côté du .shp, ou indiquez le système avec --crs (ex. --crs 2154 pour Lambert-93).' },
  ]);
}

// ---------- GeoJSON ----------

async function readGeoJson(path: string, opts: VectorReadOptions & { fileName: string }): Promise<VectorSource> {
  const { fileName } = opts;
  let doc: any;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new IngestError(`GeoJSON illisible : ${fileName} (${(e as Error).message}).`, [{ file: fileName, message: 'Le fichier n’est pas du JSON valide.' }]);
  }
  const issues: IngestIssue[] = [];
  let feats: any[];
  if (doc?.type === 'FeatureCollection' && Array.isArray(doc.features)) feats = doc.features;
  else if (doc?.type === 'Feature') feats = [doc];
  else if (doc && typeof doc.type === 'string' && ('coordinates' in doc || 'geometries' in doc)) feats = [{ type: 'Feature', properties: {}, geometry: doc }];
  else {
    throw new IngestError(`${fileName} n'est pas un GeoJSON : ni FeatureCollection, ni Feature, ni géométrie.`, [{ file: fileName, message: 'Exportez la couche en GeoJSON (RFC 7946).' }]);
  }
  const raw = feats.map((f, i) => {
    const g = f?.geometry ?? null;
    if (g !== null && !isGeometry(g)) {
      throw new IngestError(`Géométrie GeoJSON mal formée dans ${fileName}, entité #${i + 1}.`, [{ file: fileName, feature: `#${i + 1}`, message: `Type « ${g?.type} » ou coordonnées invalides.` }]);
    }
    return { properties: { ...(f?.properties ?? {}) } as Record<string, unknown>, geometry: g as Geometry | null };
  });
  const layerName = typeof doc.name === 'string' ? doc.name : basename(path, extname(path));
  if (opts.crs !== undefined) return finish(raw, { epsg: opts.crs }, '--crs', fileName, issues, layerName);
  const member = doc.crs;
  if (member) {
    const name = member?.properties?.name ?? (member?.type === 'EPSG' ? String(member?.properties?.code) : undefined);
    const code = typeof name === 'string' ? parseCrsName(name) : null;
    if (code === null || !isKnownCrs(code)) {
      throw new IngestError(`Membre crs non reconnu dans ${fileName} : ${JSON.stringify(member).slice(0, 120)}.`, [{ file: fileName, message: 'Indiquez le système avec --crs (ex. --crs 2154), ou exportez en WGS84 sans membre crs.' }]);
    }
    return finish(raw, { epsg: code }, 'membre crs', fileName, issues, layerName);
  }
  return finish(raw, { epsg: WGS84 }, 'par défaut (GeoJSON)', fileName, issues, layerName);
}

function isGeometry(g: any): boolean {
  if (!g || typeof g !== 'object') return false;
  if (g.type === 'GeometryCollection') return Array.isArray(g.geometries) && g.geometries.every(isGeometry);
  const depth: Record<string, number> = { Point: 1, MultiPoint: 2, LineString: 2, MultiLineString: 3, Polygon: 3, MultiPolygon: 4 };
  if (!(g.type in depth) || !Array.isArray(g.coordinates)) return false;
  let c: any = g.coordinates;
  for (let d = depth[g.type]; d > 1; d--) {
    if (!Array.isArray(c)) return false;
    if (c.length === 0) return true;
    c = c[0];
  }
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number';
}

// ---------- GeoPackage ----------

async function readGeoPackage(path: string, opts: VectorReadOptions & { fileName: string }): Promise<VectorSource> {
  const { fileName } = opts;
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new IngestError(`GeoPackage illisible : ${fileName} (${(e as Error).message}).`, [{ file: fileName, message: 'Le fichier n’est pas une base SQLite.' }]);
  }
  try {
    let layers: { table_name: string; column_name: string; srs_id: number }[];
    try {
      layers = db.prepare(
        `SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`,
      ).all() as typeof layers;
    } catch (e) {
      throw new IngestError(`${fileName} n'est pas un GeoPackage (${(e as Error).message}).`, [{ file: fileName, message: 'Tables gpkg_contents / gpkg_geometry_columns absentes.' }]);
    }
    if (layers.length === 0) throw new IngestError(`Le GeoPackage ${fileName} ne contient aucune couche vectorielle.`, [{ file: fileName, message: 'Exportez une couche d’entités.' }]);
    let layer = layers[0];
    if (layers.length > 1) {
      const hit = opts.layer ? layers.find((l) => l.table_name.toLowerCase() === opts.layer!.toLowerCase()) : undefined;
      if (!hit) {
        throw new IngestError(`Le GeoPackage ${fileName} contient plusieurs couches : ${layers.map((l) => l.table_name).join(', ')}.`, [{ file: fileName, message: 'Indiquez la couche à lire.' }]);
      }
      layer = hit;
    }
    const issues: IngestIssue[] = [];
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const raw: { properties: Record<string, unknown>; geometry: Geometry | null }[] = [];
    for (const row of db.prepare(`SELECT * FROM ${q(layer.table_name)}`).iterate() as Iterable<Record<string, unknown>>) {
      const blob = row[layer.column_name];
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== layer.column_name) properties[k] = v;
      let geometry: Geometry | null = null;
      if (blob instanceof Uint8Array) {
        try {
          geometry = readGpkgGeometry(blob).geometry;
        } catch (e) {
          throw new IngestError(`Géométrie illisible dans ${fileName}, entité #${raw.length + 1} (${(e as Error).message}).`, [{ file: fileName, feature: `#${raw.length + 1}`, message: 'Blob GeoPackage invalide.' }]);
        }
      }
      raw.push({ properties, geometry });
    }
    if (opts.crs !== undefined) return finish(raw, { epsg: opts.crs }, '--crs', fileName, issues, layer.table_name);
    const srs = db.prepare('SELECT organization, organization_coordsys_id AS code, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(layer.srs_id) as
      { organization: string; code: number; definition: string } | undefined;
    if (srs && /^epsg$/i.test(srs.organization) && isKnownCrs(srs.code)) return finish(raw, { epsg: srs.code }, 'gpkg_spatial_ref_sys', fileName, issues, layer.table_name);
    if (srs && srs.definition && srs.definition !== 'undefined') {
      const code = epsgFromWkt(srs.definition);
      return finish(raw, code ? { epsg: code } : { wkt: srs.definition }, 'gpkg_spatial_ref_sys', fileName, issues, layer.table_name);
    }
    throw new IngestError(`Système de coordonnées de la couche ${layer.table_name} inconnu (srs_id ${layer.srs_id}) dans ${fileName}.`, [{ file: fileName, message: 'Indiquez le système avec --crs.' }]);
  } finally {
    db.close();
  }
}
