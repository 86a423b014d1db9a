// Coordinate reference systems of France and cached proj4 converters. Pure computation.
import proj4 from 'proj4';

const cc = (n: number) =>
  `+proj=lcc +lat_0=${n} +lon_0=3 +lat_1=${n - 0.75} +lat_2=${n + 0.75} +x_0=1700000 +y_0=${(n - 41) * 1000000 + 200000} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;

/** proj4 definitions of the CRS used for French data; proj4 ships none of them. */
export const CRS_DEFINITIONS: Record<number, string> = {
  2154: '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  3035: '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  5490: '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  2972: '+proj=utm +zone=22 +ellps=GRS80 +towgs84=2,2,-2,0,0,0,0 +units=m +no_defs',
  2975: '+proj=utm +zone=40 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  4471: '+proj=utm +zone=38 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  4559: '+proj=utm +zone=20 +ellps=intl +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  32620: '+proj=utm +zone=20 +datum=WGS84 +units=m +no_defs',
  32621: '+proj=utm +zone=21 +datum=WGS84 +units=m +no_defs', // Saint-Pierre-et-Miquelon
  32622: '+proj=utm +zone=22 +datum=WGS84 +units=m +no_defs',
  32740: '+proj=utm +zone=40 +south +datum=WGS84 +units=m +no_defs',
  32738: '+proj=utm +zone=38 +south +datum=WGS84 +units=m +no_defs',
  27572: '+proj=lcc +lat_1=46.8 +lat_0=46.8 +lon_0=0 +k_0=0.99987742 +x_0=600000 +y_0=2200000 +a=6378249.2 +b=6356515 +towgs84=-168,-60,320,0,0,0,0 +pm=paris +units=m +no_defs',
  ...Object.fromEntries([42, 43, 44, 45, 46, 47, 48, 49, 50].map((n) => [3900 + n, cc(n)])),
};

for (const [code, def] of Object.entries(CRS_DEFINITIONS)) proj4.defs(`EPSG:${code}`, def);

/**
 * Plausible coordinate extents per CRS, [minX, minY, maxX, maxY] in the CRS's units, used to catch
 * coordinates declared in the wrong CRS (Lambert-93 metres posing as degrees, and the reverse).
 */
export const CRS_EXTENTS: Record<number, [number, number, number, number]> = {
  4326: [-180, -90, 180, 90],
  2154: [-400000, 5900000, 1400000, 7300000],
  3035: [2300000, 1300000, 4500000, 3500000],
  5490: [400000, 1500000, 800000, 1900000],
  2972: [0, 0, 600000, 700000],
  2975: [250000, 7600000, 450000, 7800000],
  4471: [450000, 8520000, 550000, 8620000],
  27572: [0, 1500000, 1300000, 2800000],
};

export const WGS84 = 4326;
export const LAMBERT93 = 2154;
export const LAEA = 3035;

export type Converter = (x: number, y: number) => [number, number];
const converters = new Map<string, Converter>();

/** Returns a cached converter from EPSG:from to EPSG:to; call it per point (proj4 is slow when rebuilt). */
export function converter(from: number, to: number): Converter {
  const key = `${from}>${to}`;
  let fn = converters.get(key);
  if (!fn) {
    if (from === to) fn = (x, y) => [x, y];
    else {
      const p = proj4(`EPSG:${from}`, `EPSG:${to}`);
      fn = (x, y) => p.forward([x, y]) as [number, number];
    }
    converters.set(key, fn);
  }
  return fn;
}

/** True when proj4 knows EPSG:code (after our definitions were registered). */
export function isKnownCrs(code: number): boolean {
  return code === 4326 || code === 3857 || code in CRS_DEFINITIONS;
}

/** Parses "EPSG:2154", "urn:ogc:def:crs:EPSG::2154", "urn:ogc:def:crs:OGC:1.3:CRS84", "2154" → EPSG code or null. */
export function parseCrsName(name: string): number | null {
  const s = name.trim();
  if (/CRS84$/i.test(s)) return 4326;
  const m = /(?:EPSG[:/]+(?:[\d.]*:)?)?(\d{4,5})$/i.exec(s);
  return m ? Number(m[1]) : null;
}

/** The metric CRS used for computing at a lon/lat: Lambert-93 in métropole, UTM overseas. */
export function metricCrsAt(lon: number, lat: number): number {
  if (lat > 41 && lat < 52 && lon > -6 && lon < 10) return 2154;
  if (lon > -64 && lon < -60 && lat > 14 && lat < 19) return 5490; // Guadeloupe, Martinique
  if (lon > -55 && lon < -51 && lat > 2 && lat < 6.5) return 2972; // Guyane
  if (lon > 54 && lon < 57 && lat < -20 && lat > -22) return 2975; // Réunion
  if (lon > 44 && lon < 46 && lat < -12 && lat > -13.5) return 4471; // Mayotte
  return 2154;
}

/** Filosofi grid CRS for a territory: EPSG:3035 in métropole, 5490 Martinique, 2975 Réunion. */
export function cellCrsAt(lon: number, lat: number): number {
  const m = metricCrsAt(lon, lat);
  return m === 2154 ? 3035 : m;
}
