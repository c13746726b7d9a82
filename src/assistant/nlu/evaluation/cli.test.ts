import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entityKinds } from './harness.ts';
import { heldOutSet } from './held-out.ts';
import { evaluationSet } from './set.ts';

// `foyer eval assistant` needs no database: it trains on the demo files and the sets.
const bin = fileURLToPath(new URL('../../../../bin/foyer.js', import.meta.url));
const foyer = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FOYER_LOG_LEVEL: 'silent' } });

interface Figures {
  messages: number;
  intentAccuracy: number;
  entityAccuracy: number;
  faqAnswerAccuracy: number;
  entities: Record<string, { accuracy: number }>;
  latencyMs: { p50: number; p95: number; p99: number };
  mistakes: { intents: unknown[]; entities: unknown[]; faq: unknown[] };
}

function expectFigures(figures: Figures | undefined, messages: number) {
  expect(figures?.messages).toBe(messages);
  for (const value of [figures?.intentAccuracy, figures?.entityAccuracy, figures?.faqAnswerAccuracy]) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  for (const kind of entityKinds) expect(typeof figures?.entities[kind]?.accuracy).toBe('number');
  expect(figures?.latencyMs.p99).toBeGreaterThanOrEqual(figures?.latencyMs.p50 ?? Infinity);
  expect(Array.isArray(figures?.mistakes.intents)).toBe(true);
}

describe('foyer eval assistant', () => {
  it('prints one JSON object: the development figures where they always were, the held-out ones in heldOut', () => {
    const run = foyer('eval', 'assistant', '--json');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Figures & { heldOut?: Figures };
    for (const value of [result.intentAccuracy, result.entityAccuracy, result.faqAnswerAccuracy]) expect(value).toBeGreaterThan(0.8);
    expectFigures(result, evaluationSet.length);
    expectFigures(result.heldOut, heldOutSet.length);
  }, 120_000);

  it('prints one column per set asked for and, when asked, that set’s mistakes', () => {
    const run = foyer('eval', 'assistant', '--set', 'held-out', '--mistakes');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\s+held-out\n/);
    expect(run.stdout).not.toMatch(/development/);
    expect(run.stdout).toMatch(new RegExp(`^messages\\s+${heldOutSet.length}$`, 'm'));
    expect(run.stdout).toMatch(/^FAQ answer accuracy\s+\d+\.\d % of \d+$/m);
    expect(run.stdout).toMatch(/^held-out: intents wrong \(\d+\):/m);
  }, 120_000);

  it('leaves heldOut out of the JSON when only the development set is asked for', () => {
    const run = foyer('eval', 'assistant', '--set', 'development', '--json');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Figures & { heldOut?: Figures };
    expectFigures(result, evaluationSet.length);
    expect(result.heldOut).toBeUndefined();
  }, 120_000);

  it('refuses a set it does not know, naming the ones it does', () => {
    const run = foyer('eval', 'assistant', '--set', 'test');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("argument 'test' is invalid");
    expect(run.stderr).toContain('development, held-out, both');
  });

  it('refuses an unknown option', () => {
    const run = foyer('eval', 'assistant', '--data', 'x');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("unknown option '--data'");
  });
});
