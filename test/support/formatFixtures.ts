// Test support for the format readers: a per-file temporary folder removed after its tests, and
// the refusal every ingest test checks (an IngestError, never another throw).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { IngestError } from '../../server/domain/model.ts';

/** Returns a temporary folder (removed after the calling test file) with fresh sub-folder paths: `next` leaves it to be created, `dir` creates it. */
export function tempFolder(prefix: string): { root: string; next(stem?: string): string; dir(stem?: string): string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const next = (stem = 'c') => join(root, `${stem}${++n}`);
  return {
    root,
    next,
    dir: (stem = 'c') => {
      const d = next(stem);
      mkdirSync(d, { recursive: true });
      return d;
    },
  };
}

/** Returns the IngestError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function refusal(p: Promise<unknown>): Promise<IngestError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError);
    return e as IngestError;
  }
  throw new Error('expected an IngestError');
}
