// A fast streaming CSV row splitter (RFC 4180 quoting) for multi-million-row files. csv-parse measured
// ~10 µs per 34-column row here (23 s for a national Filosofi file); unquoted lines take a
// `String.split` fast path, quoted ones a small state machine, and memory stays at one chunk.
import { createReadStream } from 'node:fs';

/** Splits text pushed in chunks into rows; calls onRow(fields, line) with the 1-based line where each row starts. */
export class CsvRowSplitter {
  private rest = '';
  private pending: string | null = null; // a quoted record spanning lines, so far
  private pendingLine = 0;
  private line = 0;
  private first = true;

  constructor(private readonly delimiter: string, private readonly onRow: (fields: string[], line: number) => void) {}

  /** Feeds the next chunk of decoded text. */
  push(text: string): void {
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const buf = this.rest === '' ? text : this.rest + text;
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      this.handleLine(buf.charCodeAt(nl - 1) === 13 && nl > pos ? buf.slice(pos, nl - 1) : buf.slice(pos, nl));
      pos = nl + 1;
    }
    this.rest = buf.slice(pos);
  }

  /** Flushes the last line (without a final newline); an unterminated quote keeps what was read. */
  end(): void {
    if (this.rest !== '') this.handleLine(this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest);
    this.rest = '';
    if (this.pending !== null) {
      this.onRow(splitQuoted(this.pending, this.delimiter, true)!, this.pendingLine);
      this.pending = null;
    }
  }

  private handleLine(text: string): void {
    this.line++;
    if (this.pending !== null) {
      this.pending += '\n' + text;
      const fields = splitQuoted(this.pending, this.delimiter, false);
      if (fields) {
        this.pending = null;
        this.onRow(fields, this.pendingLine);
      }
      return;
    }
    if (text.indexOf('"') < 0) {
      this.onRow(text.split(this.delimiter), this.line);
      return;
    }
    const fields = splitQuoted(text, this.delimiter, false);
    if (fields) this.onRow(fields, this.line);
    else {
      this.pending = text;
      this.pendingLine = this.line;
    }
  }
}

/** Splits one record with quotes; null when a quoted field is still open at the end (unless `force`). */
function splitQuoted(text: string, d: string, force: boolean): string[] | null {
  const fields: string[] = [];
  let k = 0;
  const n = text.length;
  for (;;) {
    if (text[k] === '"') {
      let value = '';
      let p = k + 1;
      for (;;) {
        const q = text.indexOf('"', p);
        if (q < 0) {
          if (!force) return null;
          value += text.slice(p);
          p = n;
          break;
        }
        value += text.slice(p, q);
        if (text[q + 1] === '"') {
          value += '"';
          p = q + 2;
        } else {
          p = q + 1;
          break;
        }
      }
      // Tolerate stray characters after the closing quote, up to the delimiter.
      const next = text.indexOf(d, p);
      if (next < 0) {
        fields.push(value + text.slice(p));
        return fields;
      }
      fields.push(value + text.slice(p, next));
      k = next + d.length;
    } else {
      const next = text.indexOf(d, k);
      if (next < 0) {
        fields.push(text.slice(k));
        return fields;
      }
      fields.push(text.slice(k, next));
      k = next + d.length;
    }
  }
}

/**
 * Streams a UTF-8 CSV file row by row (BOM dropped); resolves when done. onRow may throw to stop.
 * onBytes reports bytes read so far.
 */
export function streamCsvRows(
  path: string, delimiter: string, onRow: (fields: string[], line: number) => void, onBytes?: (bytes: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    const decoder = new TextDecoder('utf-8');
    const splitter = new CsvRowSplitter(delimiter, onRow);
    let bytes = 0;
    input.on('data', (chunk) => {
      try {
        bytes += chunk.length;
        splitter.push(decoder.decode(chunk as Buffer, { stream: true }));
        onBytes?.(bytes);
      } catch (e) {
        input.destroy();
        reject(e);
      }
    });
    input.on('error', reject);
    input.on('end', () => {
      try {
        splitter.push(decoder.decode());
        splitter.end();
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}
