import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { metricKeys } from './harness.ts';

// The eval commands need no database: they run on data they make or read, so no FOYER_ settings.
const bin = fileURLToPath(new URL('../../../bin/foyer.js', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/ml-tiny', import.meta.url));
const foyer = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, FOYER_LOG_LEVEL: 'silent' } });

describe('foyer eval', () => {
  it('prints the JSON array of the issue for a small simulated house', () => {
    const run = foyer('eval', 'recommend', '--data', 'simulated', '--people', '60', '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.method)).toEqual(['popularity', 'content', 'item-knn', 'item-knn-mmr', 'foyer']);
    for (const row of rows) for (const key of metricKeys) expect(typeof row[key]).toBe('number');
  });

  it('evaluates MovieLens files in a directory the user names', () => {
    const run = foyer('eval', 'recommend', '--data', 'movielens', fixture);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^method\s+ndcg10/);
  });

  it.each([
    { args: ['--data', 'movielens'], error: 'needs the directory' },
    { args: ['--data', 'movielens', '/no/such/folder'], error: 'the MovieLens directory /no/such/folder does not exist' },
    { args: ['--data', 'simulated', '/tmp'], error: 'only read with --data movielens' },
    { args: ['--data', 'netflix'], error: "argument 'netflix' is invalid" },
  ])('refuses $args with a clear message', ({ args, error }) => {
    const run = foyer('eval', 'recommend', ...args);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(error);
  });

  it('plays the season per policy', () => {
    const run = foyer('eval', 'simulate', '--people', '40', '--seasons', '2', '--json');
    expect(run.status).toBe(0);
    const reports = JSON.parse(run.stdout) as { policy: string; bookings: number; rangeChange: number; correctedChange: number; seasonRange: number[] }[];
    expect(reports.map((r) => r.policy)).toEqual(['popularity', 'content', 'item-knn', 'item-knn-mmr', 'foyer']);
    expect(reports.every((r) => typeof r.bookings === 'number' && typeof r.rangeChange === 'number' && typeof r.correctedChange === 'number')).toBe(true);
    expect(reports.every((r) => r.seasonRange.length === 3)).toBe(true);
  });
});
