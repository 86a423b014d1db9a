// An ingest killed half-way (SIGKILL inside the write transaction) leaves the store exactly as before.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';
import { shared, tempDir } from './helpers.ts';

const cli = (args: string[], env: Record<string, string> = {}) =>
  // `node --import tsx` (not the tsx CLI, which runs a second process) so the signal reaches us as is.
  spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/adapters/cli/main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000,
  });

const snapshot = (dir: string) => {
  const db = new Database(join(dir, 'atlas.sqlite'), { readonly: true });
  const out = Object.fromEntries(['datasets', 'perimeters', 'facilities', 'cell_columns'].map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
  db.close();
  return out;
};

describe('ingest killed half-way', () => {
  it('leaves the store unchanged, and the same file ingests cleanly afterwards', () => {
    const dir = tempDir();
    const first = cli(['ingest', shared('qpv2024-anct/qpv2024_seed_territories.geojson'), '--kind', 'perimeters', '--data-dir', dir]);
    expect(first.status, first.stderr).toBe(0);
    const before = snapshot(dir);

    const colleges = shared('colleges-geoloc-men-2024/colleges_dep59_60_71_93.csv');
    const killed = cli(['ingest', colleges, '--kind', 'facilities', '--data-dir', dir], { QPV_ATLAS_CRASH_AFTER_ROWS: '300' });
    expect(killed.signal).toBe('SIGKILL');
    expect(snapshot(dir)).toEqual(before);

    const retry = cli(['ingest', colleges, '--kind', 'facilities', '--data-dir', dir]);
    expect(retry.status, retry.stderr).toBe(0);
    expect(snapshot(dir).facilities).toBeGreaterThan(500);
    expect(snapshot(dir).datasets).toBe(before.datasets + 1);
  });
});
