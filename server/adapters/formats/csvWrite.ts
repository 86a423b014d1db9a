// CSV writing for spreadsheets, French Excel first: UTF-8 BOM, optional ';' and decimal comma.

export interface CsvWriteOptions {
  /** Column order; default: the keys of the rows in order of first appearance. */
  columns?: string[];
  /** ',' (default) or ';' (what French Excel expects). */
  separator?: ',' | ';';
  /** Prefix a UTF-8 BOM so Excel reads accents right (default true). */
  bom?: boolean;
  /** Write numbers with a decimal comma (3,5); default: true with ';', false with ','. */
  decimalComma?: boolean;
}

const BOM = '\uFEFF';

/** Returns the column names of rows in order of first appearance. */
export function csvColumns(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** Returns one CSV field: null/undefined/NaN → empty, numbers with '.' or ',' as asked, quoted when needed (RFC 4180). */
export function csvField(value: unknown, separator: ',' | ';' = ',', decimalComma = false): string {
  let s: string;
  if (value === null || value === undefined) s = '';
  else if (typeof value === 'number') {
    // No thousands separator: Excel would read "14 327" as text. Only the decimal mark changes.
    s = Number.isFinite(value) ? String(value) : '';
    if (decimalComma) s = s.replace('.', ',');
  } else if (typeof value === 'boolean') s = value ? 'true' : 'false';
  else if (value instanceof Date) s = value.toISOString();
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  return /["\r\n]/.test(s) || s.includes(separator) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Returns a whole CSV document (header + rows, CRLF line ends as RFC 4180 says). */
export function toCsv(rows: Record<string, unknown>[], opts: CsvWriteOptions = {}): string {
  const sep = opts.separator ?? ',';
  const decimalComma = opts.decimalComma ?? sep === ';';
  if (decimalComma && sep === ',') throw new Error('decimalComma requires the ";" separator');
  const columns = opts.columns ?? csvColumns(rows);
  const lines = [columns.map((c) => csvField(c, sep)).join(sep)];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c], sep, decimalComma)).join(sep));
  return (opts.bom === false ? '' : BOM) + lines.join('\r\n') + '\r\n';
}
