// French number formats for everything shown to users: 14 327 €, 63,1 %, 1 234 habitants.
export type Unit = 'count' | 'euro' | 'percent' | 'ratio' | 'metre' | 'hectare' | 'number';

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

/** The words shown where INSEE withholds a figure (fewer than 11 households). */
export const SECRET_TEXT = 'secret statistique';
/** The words shown where a figure is missing because the area lies outside the loaded Filosofi cells. */
export const NO_DATA_TEXT = 'hors données';

/** The flags the API puts on every area figure set (fiche, quartier vécu, change zones, indicators). */
export interface DataFlags { secret?: boolean | null; secretReason?: string | null; noData?: boolean | null; noDataReason?: string | null; coverage?: number | null }

/**
 * Returns the French text of one figure of an area: "secret statistique" only when INSEE withholds it
 * (secret), "hors données" when the area lies wholly outside the loaded cells (noData), "non disponible" when
 * the field is absent (also in a partly covered area); otherwise the formatted value (partial figures are kept).
 */
export function figureText(value: number | null | undefined, unit: Unit, flags: DataFlags | null | undefined): string {
  if (flags?.secret) return SECRET_TEXT;
  // a partly covered area has figures for its covered part: a null there is a field the vintage lacks, not the coverage
  const partlyCovered = typeof flags?.coverage === 'number' && flags.coverage > 0;
  if (value === null || value === undefined || Number.isNaN(value)) return flags?.noData && !partlyCovered ? NO_DATA_TEXT : 'non disponible';
  return formatValue(value, unit);
}

/** Returns "couverture partielle (85,9 %)" when an area is partly outside the loaded cells yet has figures, else null. */
export function coverageRemark(flags: DataFlags | null | undefined, hasFigures: boolean): string | null {
  if (!flags?.noData || flags.secret || !hasFigures) return null;
  const c = typeof flags.coverage === 'number' && Number.isFinite(flags.coverage) ? flags.coverage : null;
  return c === null ? 'couverture partielle' : `couverture partielle (${oneDecimal.format(c * 100)} %)`;
}

/**
 * Returns a value formatted the French way. `percent` takes a percentage (63.1 → "63,1 %"),
 * `ratio` a share in [0, 1] (0.631 → "63,1 %"). null/undefined → "secret statistique" when
 * `nullIsSecret`, else "—".
 */
export function formatValue(value: number | null | undefined, unit: Unit, nullIsSecret = true): string {
  if (value === null || value === undefined || Number.isNaN(value)) return nullIsSecret ? SECRET_TEXT : '—';
  switch (unit) {
    case 'count': return integer.format(value);
    case 'euro': return euro.format(value);
    case 'percent': return `${oneDecimal.format(value)} %`;
    case 'ratio': return `${oneDecimal.format(value * 100)} %`;
    case 'metre': return `${integer.format(value)} m`;
    case 'hectare': return `${twoDecimals.format(value)} ha`;
    case 'number': return twoDecimals.format(value);
  }
}

/** Returns a short label for a class-break value in the legend (no unit for counts, "k€" never used). */
export function formatBreak(value: number, unit: Unit): string {
  if (unit === 'ratio') return `${oneDecimal.format(value * 100)} %`;
  if (unit === 'euro') return euro.format(Math.round(value / 10) * 10);
  if (unit === 'count') return Math.abs(value) < 10 ? oneDecimal.format(value) : integer.format(value);
  return twoDecimals.format(value);
}

/** Returns "1 quartier" / "3 quartiers": French plural for counts (0 and 1 singular). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${integer.format(n)} ${Math.abs(n) < 2 ? singular : pluralForm}`;
}
