import { describe, expect, it } from 'vitest';
import { evaluateAssistant, evaluateAssistantSets, expectedSpan, formatAssistantEvaluation, formatAssistantEvaluations } from './harness.ts';
import { heldOutSet } from './held-out.ts';
import { evaluationSet } from './set.ts';

describe('the assistant evaluation', () => {
  it('reaches the goals of the issue on the labelled set', async () => {
    const result = await evaluateAssistant({ rounds: 1 });
    expect(result.messages).toBeGreaterThanOrEqual(300);
    expect(result.intentAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.faqAnswerAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.entityAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.latencyMs.p50).toBeGreaterThan(0);
    const lines = formatAssistantEvaluation(result);
    expect(lines[1]).toMatch(/^intent accuracy\s+\d+\.\d %$/);
  });

  it('reads the development and the held-out set with one trained understanding, side by side', async () => {
    const results = await evaluateAssistantSets(['development', 'held-out'], { rounds: 1 });
    const development = results.development;
    const heldOut = results['held-out'];
    if (development === undefined || heldOut === undefined) throw new Error('both sets were asked for');
    expect(development.messages).toBe(evaluationSet.length);
    expect(heldOut.messages).toBe(heldOutSet.length);
    expect(heldOut.faqMessages).toBe(heldOutSet.filter((m) => m.faq !== undefined).length);
    // Both read by the same training, so the figures differ only by the messages.
    expect(heldOut.trainingMs).toBe(development.trainingMs);
    // A floor far below the measured figure that only a broken pipeline falls under; never a target to tune towards.
    expect(heldOut.intentAccuracy).toBeGreaterThan(0.6);

    const lines = formatAssistantEvaluations([
      { name: 'development', result: development },
      { name: 'held-out', result: heldOut },
    ]);
    expect(lines[0]).toMatch(/^\s+development\s+held-out$/);
    expect(lines).toContainEqual(expect.stringMatching(/^intent accuracy\s+\d+\.\d %\s+\d+\.\d %$/));
    expect(lines).toContainEqual(expect.stringMatching(/^held-out: .*never tuned on/));
  });

  it('reads only the sets asked for', async () => {
    const results = await evaluateAssistantSets(['held-out'], { rounds: 1 });
    expect(Object.keys(results)).toEqual(['held-out']);
  });

  it('reads expected local dates in the house zone', () => {
    expect(expectedSpan('2026-11-14', 'Europe/Berlin')).toEqual({ from: '2026-11-13T23:00:00.000Z', to: '2026-11-14T23:00:00.000Z' });
    expect(expectedSpan('2026-10-25', 'Europe/Berlin')).toEqual({ from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' });
    expect(expectedSpan('2026-11-13T17:00/2026-11-14T00:00', 'Europe/Berlin')).toEqual({ from: '2026-11-13T16:00:00.000Z', to: '2026-11-13T23:00:00.000Z' });
  });
});
