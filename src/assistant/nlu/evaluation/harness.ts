/*
 * The assistant's offline evaluation: trains understanding on the demo house (no
 * database) and reads every message of the labelled set, then reports intent accuracy,
 * entity accuracy per kind, FAQ answer accuracy and the latency of understand().
 *
 * Entity accuracy per kind counts a message when the set or the understanding names that
 * kind in it (so a date found where none was named is a mistake too, and the many
 * messages without one do not flatter the figure); it is right when both agree exactly.
 * An FAQ answer is right when the intent is the entry's topic and the top knowledge hit
 * within that topic is the expected entry.
 *
 * Two sets: the development set (set.ts), which training phrases, labels and weights were
 * adjusted on, so its figures are optimistic; and the held-out set (held-out.ts), written
 * blind and never tuned on, whose figures are the honest ones.
 */
import { DateTime } from 'luxon';
import { confidenceThresholds, trainUnderstander } from '../understander.ts';
import type { KnowledgeTopic, Understander, Understanding, UnderstandingInput } from '../types.ts';
import { demoUnderstandingInput } from './demo-input.ts';
import { heldOutSet } from './held-out.ts';
import { type EvaluationMessage, evaluationNow, evaluationSet, evaluationTimeZone } from './set.ts';

/** The labelled sets by the names `foyer eval assistant --set` takes. */
export const evaluationSets = { development: evaluationSet, 'held-out': heldOutSet } as const satisfies Record<string, readonly EvaluationMessage[]>;
export type EvaluationSetName = keyof typeof evaluationSets;
export const evaluationSetNames = Object.keys(evaluationSets) as EvaluationSetName[];

export const entityKinds = ['dates', 'ticketCount', 'productions', 'genres', 'audience', 'age', 'reduced', 'email', 'code'] as const;
export type EntityKind = (typeof entityKinds)[number];

export interface KindScore {
  counted: number;
  correct: number;
  accuracy: number;
}

export interface Mistake {
  text: string;
  expected: string;
  got: string;
}

export interface ThresholdRow {
  threshold: number;
  /** Share of messages whose confidence reaches the threshold. */
  coverage: number;
  /** Intent accuracy among them. */
  accuracy: number;
}

export interface AssistantEvaluation {
  messages: number;
  trainingMs: number;
  intentAccuracy: number;
  languageAccuracy: number;
  entityAccuracy: number;
  entities: Record<EntityKind, KindScore>;
  faqMessages: number;
  faqAnswerAccuracy: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  thresholds: { answer: number; clarify: number };
  byThreshold: ThresholdRow[];
  mistakes: { intents: Mistake[]; entities: Mistake[]; faq: Mistake[] };
}

function instant(local: string, zone: string): DateTime {
  return DateTime.fromISO(local, { zone });
}

/** An expected local date ('2026-11-14', 'A/B', with 'THH:mm' parts) as the [from, to) instants understanding gives. */
export function expectedSpan(text: string, zone: string): { from: string; to: string } {
  const [start, end] = text.split('/') as [string, string | undefined];
  const from = instant(start, zone);
  const to = end !== undefined ? instant(end, zone) : from.plus({ days: 1 });
  return { from: from.toUTC().toISO() as string, to: to.toUTC().toISO() as string };
}

function entityValue(kind: EntityKind, understanding: Understanding): string | undefined {
  const entities = understanding.entities;
  switch (kind) {
    case 'dates':
      return entities.dates.length === 0 ? undefined : entities.dates.map((d) => `${d.from}/${d.to}`).join(' ');
    case 'productions':
      return entities.productions.length === 0 ? undefined : entities.productions.map((p) => p.productionId).sort().join(' ');
    case 'genres':
      return entities.genres.length === 0 ? undefined : [...entities.genres].sort().join(' ');
    default: {
      const value = entities[kind];
      return value === undefined ? undefined : String(value);
    }
  }
}

function expectedValue(kind: EntityKind, message: EvaluationMessage): string | undefined {
  switch (kind) {
    case 'dates':
      return message.dates === undefined ? undefined : message.dates.map((d) => expectedSpan(d, evaluationTimeZone)).map((s) => `${s.from}/${s.to}`).join(' ');
    case 'productions':
    case 'genres': {
      const list = message[kind];
      return list === undefined ? undefined : [...list].sort().join(' ');
    }
    default: {
      const value = message[kind];
      return value === undefined ? undefined : String(value);
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const ratio = (correct: number, counted: number) => (counted === 0 ? 1 : correct / counted);

export async function evaluateAssistant(options: { input?: UnderstandingInput; set?: readonly EvaluationMessage[]; rounds?: number } = {}): Promise<AssistantEvaluation> {
  const started = performance.now();
  const understander = await trainUnderstander(options.input ?? demoUnderstandingInput());
  return evaluateUnderstander(understander, performance.now() - started, options.set ?? evaluationSet, options.rounds);
}

/** Each named set read by one understanding trained once, in the order asked. */
export async function evaluateAssistantSets(
  names: readonly EvaluationSetName[],
  options: { input?: UnderstandingInput; rounds?: number } = {},
): Promise<Partial<Record<EvaluationSetName, AssistantEvaluation>>> {
  const started = performance.now();
  const understander = await trainUnderstander(options.input ?? demoUnderstandingInput());
  const trainingMs = performance.now() - started;
  const results: Partial<Record<EvaluationSetName, AssistantEvaluation>> = {};
  for (const name of names) results[name] = evaluateUnderstander(understander, trainingMs, evaluationSets[name], options.rounds);
  return results;
}

function evaluateUnderstander(understander: Understander, trainingMs: number, set: readonly EvaluationMessage[], rounds = 5): AssistantEvaluation {
  const context = { timeZone: evaluationTimeZone, now: evaluationNow };

  const results = set.map((message) => ({ message, understanding: understander.understand(message.text, context) }));

  // Latency: every message again, several rounds, after the first pass warmed the code up.
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const message of set) {
      const t0 = performance.now();
      understander.understand(message.text, context);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);

  const mistakes: AssistantEvaluation['mistakes'] = { intents: [], entities: [], faq: [] };
  let intentsRight = 0;
  let languagesRight = 0;
  const entities = Object.fromEntries(entityKinds.map((kind) => [kind, { counted: 0, correct: 0, accuracy: 1 }])) as Record<EntityKind, KindScore>;
  let faqMessages = 0;
  let faqRight = 0;
  for (const { message, understanding } of results) {
    if (understanding.intent === message.intent) intentsRight++;
    else mistakes.intents.push({ text: message.text, expected: message.intent, got: `${understanding.intent} ${understanding.confidence.toFixed(2)}` });
    if (understanding.language === message.language) languagesRight++;
    for (const kind of entityKinds) {
      const expected = expectedValue(kind, message);
      const got = entityValue(kind, understanding);
      if (expected === undefined && got === undefined) continue;
      const score = entities[kind];
      score.counted++;
      if (expected === got) score.correct++;
      else mistakes.entities.push({ text: message.text, expected: `${kind} ${expected ?? '-'}`, got: got ?? '-' });
    }
    if (message.faq !== undefined) {
      faqMessages++;
      const topic = understanding.intent.startsWith('faq.') ? understanding.intent.slice('faq.'.length) : undefined;
      const hit = topic === undefined ? undefined : understander.searchKnowledge(message.text, understanding.language, { topic: topic as KnowledgeTopic, limit: 1 })[0];
      if (hit?.entryId === message.faq) faqRight++;
      else mistakes.faq.push({ text: message.text, expected: message.faq, got: hit?.entryId ?? understanding.intent });
    }
  }
  for (const score of Object.values(entities)) score.accuracy = ratio(score.correct, score.counted);
  const allCounted = Object.values(entities).reduce((sum, s) => sum + s.counted, 0);
  const allCorrect = Object.values(entities).reduce((sum, s) => sum + s.correct, 0);

  // Accuracy of the classifier's own best intent among the messages at or above each confidence.
  const byThreshold = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8].map((threshold) => {
    const above = results.filter((r) => r.understanding.confidence >= threshold);
    const right = above.filter((r) => (r.understanding.intent === 'unknown' ? r.message.intent === 'unknown' : r.understanding.intent === r.message.intent)).length;
    return { threshold, coverage: above.length / results.length, accuracy: ratio(right, above.length) };
  });

  return {
    messages: set.length,
    trainingMs,
    intentAccuracy: intentsRight / set.length,
    languageAccuracy: languagesRight / set.length,
    entityAccuracy: ratio(allCorrect, allCounted),
    entities,
    faqMessages,
    faqAnswerAccuracy: ratio(faqRight, faqMessages),
    latencyMs: { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1) ?? 0 },
    thresholds: { ...confidenceThresholds },
    byThreshold,
    mistakes,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** The evaluation as lines of text for the terminal. */
export function formatAssistantEvaluation(result: AssistantEvaluation, options: { mistakes?: boolean } = {}): string[] {
  const lines = [
    `messages            ${result.messages} (training ${result.trainingMs.toFixed(0)} ms)`,
    `intent accuracy     ${percent(result.intentAccuracy)}`,
    `language accuracy   ${percent(result.languageAccuracy)}`,
    `entity accuracy     ${percent(result.entityAccuracy)}`,
    ...entityKinds.map((kind) => `  ${kind.padEnd(18)}${percent(result.entities[kind].accuracy).padStart(8)}  (${result.entities[kind].correct}/${result.entities[kind].counted})`),
    `FAQ answer accuracy ${percent(result.faqAnswerAccuracy)} of ${result.faqMessages}`,
    `latency             p50 ${result.latencyMs.p50.toFixed(2)} ms, p95 ${result.latencyMs.p95.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms`,
    `thresholds          answer ≥ ${result.thresholds.answer}, clarify ≥ ${result.thresholds.clarify}, below: unknown`,
    'confidence ≥  coverage  accuracy',
    ...result.byThreshold.map((row) => `${row.threshold.toFixed(2).padStart(12)}  ${percent(row.coverage).padStart(8)}  ${percent(row.accuracy).padStart(8)}`),
  ];
  if (options.mistakes === true) {
    for (const [kind, list] of Object.entries(result.mistakes)) {
      lines.push('', `${kind} wrong (${list.length}):`);
      for (const m of list) lines.push(`  ${m.text}  expected ${m.expected}, got ${m.got}`);
    }
  }
  return lines;
}

/** What each set is, printed under the table so that nobody quotes the optimistic figure as the honest one. */
const setNotes: Record<EvaluationSetName, string> = {
  development: 'development: tuned on (phrases, labels and weights were adjusted after reading its mistakes), so optimistic',
  'held-out': 'held-out: written blind and never tuned on, the figures to quote',
};

/** Several sets' evaluations side by side, one column per set, then each set's mistakes when asked. */
export function formatAssistantEvaluations(
  results: readonly { name: EvaluationSetName; result: AssistantEvaluation }[],
  options: { mistakes?: boolean } = {},
): string[] {
  const row = (label: string, value: (result: AssistantEvaluation) => string) =>
    `${label.padEnd(20)}${results.map(({ result }) => value(result).padStart(20)).join('')}`.trimEnd();
  const first = results[0]?.result;
  const lines = [
    `${''.padEnd(20)}${results.map(({ name }) => name.padStart(20)).join('')}`,
    row('messages', (r) => String(r.messages)),
    row('intent accuracy', (r) => percent(r.intentAccuracy)),
    row('language accuracy', (r) => percent(r.languageAccuracy)),
    row('entity accuracy', (r) => percent(r.entityAccuracy)),
    ...entityKinds.map((kind) =>
      row(`  ${kind}`, (r) => {
        const score = r.entities[kind];
        // A kind no message names has no accuracy; "100 %" would claim one.
        return score.counted === 0 ? '–' : `${percent(score.accuracy)} (${score.correct}/${score.counted})`;
      }),
    ),
    row('FAQ answer accuracy', (r) => `${percent(r.faqAnswerAccuracy)} of ${r.faqMessages}`),
    row('latency p50', (r) => `${r.latencyMs.p50.toFixed(2)} ms`),
    row('latency p95', (r) => `${r.latencyMs.p95.toFixed(2)} ms`),
    row('latency p99', (r) => `${r.latencyMs.p99.toFixed(2)} ms`),
    'confidence ≥       coverage / accuracy',
    ...(first?.byThreshold ?? []).map((_, i) =>
      row(`  ${first?.byThreshold[i]?.threshold.toFixed(2) ?? ''}`, (r) => {
        const at = r.byThreshold[i];
        return at === undefined ? '' : `${percent(at.coverage)} / ${percent(at.accuracy)}`;
      }),
    ),
    '',
    ...(first === undefined
      ? []
      : [`training ${first.trainingMs.toFixed(0)} ms; thresholds: answer ≥ ${first.thresholds.answer}, clarify ≥ ${first.thresholds.clarify}, below: unknown`]),
    ...results.map(({ name }) => setNotes[name]),
  ];
  if (options.mistakes === true) {
    for (const { name, result } of results) {
      for (const [kind, list] of Object.entries(result.mistakes)) {
        lines.push('', `${name}: ${kind} wrong (${list.length}):`);
        for (const m of list) lines.push(`  ${m.text}  expected ${m.expected}, got ${m.got}`);
      }
    }
  }
  return lines;
}
