// Shared CSV reading: delimiter/encoding sniffing, streamed rows with spreadsheet line numbers,
// French number parsing. Used by every CSV ingest (facilities, points, cells...).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';

export type CsvDelimiter = ',' | ';' | '\t';
export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvSniff {
  delimiter: CsvDelimiter;
  bom: boolean;
  encoding: CsvEncoding;
}

/** Guesses delimiter, BOM and encoding from the first bytes of a CSV file (64 KiB is plenty). */
export function sniffCsv(firstBytes: Buffer): CsvSniff {
  const bom = firstBytes.length >= 3 && firstBytes[0] === 0xef && firstBytes[1] === 0xbb && firstBytes[2] === 0xbf;
  let encoding: CsvEncoding = 'utf-8';
  if (!bom) {
    try {
      // stream: true tolerates a multi-byte character cut at the end of the sample
      new TextDecoder('utf-8', { fatal: true }).decode(firstBytes, { stream: true });
    } catch {
      encoding = 'windows-1252';
    }
  }
  return { delimiter: sniffDelimiter(firstBytes.toString('latin1')), bom, encoding };
}

function sniffDelimiter(text: string): CsvDelimiter {
  // Count on the header line, outside quotes: names never contain the delimiter.
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  // Ties go to ';' (French files), then ','.
  if (counts[';'] > 0 && counts[';'] >= counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

// windows-1252 differs from latin-1 in 0x80–0x9F (€, œ, ’...); Node 20's TextDecoder treats it as latin-1.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Decodes windows-1252 bytes to a string. */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

export interface CsvRow {
  line: number; // 1-based row number as a spreadsheet shows it (header = 1)
  record: Record<string, string>;
}

export interface ReadCsvOptions {
  delimiter?: CsvDelimiter; // default: sniffed
  encoding?: CsvEncoding; // default: sniffed (strict UTF-8, else windows-1252)
  /** Called once, before the first row, with the header and what was sniffed. */
  onHeader?: (columns: string[], sniff: CsvSniff) => void;
  /** Called for non-fatal problems (encoding switched mid-file...). */
  onWarning?: (message: string) => void;
  /** Called after each chunk read: bytes read so far, file size in bytes. */
  onProgress?: (done: number, total: number) => void;
}

const SNIFF_BYTES = 64 * 1024;

/** Reads the first bytes of a file (for sniffing formats without reading it all). */
export async function readHead(path: string, bytes = SNIFF_BYTES): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Streams the data rows of a CSV file as records keyed by the (trimmed) header names, BOM
 * stripped, quotes relaxed, with the row number a spreadsheet would show. Empty and
 * separator-only lines are skipped but counted; missing trailing fields read as ''.
 */
export async function* readCsvRows(path: string, opts: ReadCsvOptions = {}): AsyncGenerator<CsvRow> {
  const sniff = sniffCsv(await readHead(path));
  const delimiter = opts.delimiter ?? sniff.delimiter;
  const encoding = opts.encoding ?? sniff.encoding;
  const total = (await stat(path)).size;

  const parser = parse({ delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  pipeline(file, decodeChunks(encoding, total, opts), parser, (err) => {
    if (err) parser.destroy(err);
  });

  let header: string[] | null = null;
  let row = 0;
  for await (const fields of parser as AsyncIterable<string[]>) {
    row++;
    // Empty lines and separator-only lines (";;;;", left by spreadsheets) hold no data.
    if (fields.every((f) => f === '')) continue;
    if (!header) {
      header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim());
      opts.onHeader?.(header, { ...sniff, delimiter, encoding });
      continue;
    }
    const record: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) {
      if (!(header[i] in record)) record[header[i]] = fields[i] ?? '';
    }
    yield { line: row, record };
  }
}

function decodeChunks(encoding: CsvEncoding, total: number, opts: ReadCsvOptions) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<string> {
    let utf8: TextDecoder | null = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : null;
    let done = 0;
    let first = true;
    for await (const chunk of source) {
      done += chunk.length;
      let text: string;
      if (utf8) {
        try {
          text = utf8.decode(chunk, { stream: true });
        } catch {
          // Valid UTF-8 at the start but not further on: the rest is most likely windows-1252.
          utf8 = null;
          text = decodeWindows1252(chunk);
          opts.onWarning?.(`Encodage : octets non UTF-8 après ${done - chunk.length} octets, suite lue en windows-1252`);
        }
      } else text = decodeWindows1252(chunk);
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      yield text;
      opts.onProgress?.(done, total);
    }
    if (utf8) {
      const rest = utf8.decode();
      if (rest) yield rest;
    }
  };
}

/** Parses a number written the French or the English way: "14 327,5" → 14327.5, "3.5" → 3.5, "" → NaN. */
export function parseFrenchNumber(s: string): number {
  let t = s.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (t === '') return NaN;
  const comma = t.indexOf(',');
  if (comma >= 0) {
    // "1.234,5": dots are thousands separators when a decimal comma follows them
    if (t.includes('.')) t = t.replace(/\./g, '');
    if (t.indexOf(',', comma + 1) >= 0) return NaN;
    t = t.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return NaN;
  return Number(t);
}
