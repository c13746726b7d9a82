/*
 * The intent classifier: multinomial logistic regression over sparse features of the
 * message (Snowball stems, stem bigrams and character n-grams of the folded words).
 * Chosen by measurement against nlp.js's neural classifier and natural's Bayes and
 * logistic regression classifiers (bench/assistant-classifiers.ts): the character
 * n-grams carry typos ("Öfnungszeiten", "tickts") and German compounds
 * ("Rollstuhlplatz" shares "rollst" with "Rollstuhl") that word-level models miss, and
 * the softmax gives a probability the dialogue can put a threshold on.
 */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemGerman } from '@orama/stemmers/german';
import type { Intent, Language } from './types.ts';
import { words } from './text.ts';

export interface TrainingExample {
  text: string;
  language: Language;
  intent: Intent;
  /** How much the example counts; 1 unless given. */
  weight?: number;
  /** What entity extraction found in it ('production', 'date' …): features of their own. */
  tags?: readonly string[];
}

export interface IntentScore {
  intent: Intent;
  confidence: number;
}

export interface IntentClassifier {
  /** Every intent with its probability, best first. */
  classify(text: string, language: Language, tags?: readonly string[]): IntentScore[];
}

const stemmers: Record<Language, (word: string) => string> = { de: stemGerman, en: stemEnglish };

/** Feature names with weights; the same text always gives the same features. */
export function features(text: string, language: Language, tags: readonly string[] = []): Map<string, number> {
  const result = new Map<string, number>();
  const add = (name: string, weight: number) => result.set(name, (result.get(name) ?? 0) + weight);
  // A title or a date says "programme" or "book" whatever the title's words are; the
  // classifier learns that from the tag, not from "Zauberflöte" itself.
  for (const tag of tags) add(`t:${tag}`, 1);
  const stems = words(text).map((word) => (/^\p{N}+$/u.test(word) ? '#' : stemmers[language](word)));
  for (let i = 0; i < stems.length; i++) {
    const stem = stems[i] as string;
    add(`w:${stem}`, 1);
    if (i > 0) add(`b:${stems[i - 1] as string} ${stem}`, 0.5);
    if (stem === '#') continue;
    const padded = `_${stem}_`;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, 0.25);
  }
  // An empty message still needs one feature so that it lands on the bias alone.
  if (stems.length === 0) add('empty', 1);
  let norm = 0;
  for (const weight of result.values()) norm += weight * weight;
  norm = Math.sqrt(norm);
  for (const [name, weight] of result) result.set(name, weight / norm);
  return result;
}

export interface TrainingOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/** A small deterministic generator (mulberry32), so that training gives the same model every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainIntentClassifier(examples: readonly TrainingExample[], options: TrainingOptions = {}): IntentClassifier {
  const epochs = options.epochs ?? 30;
  const learningRate = options.learningRate ?? 0.6;
  const l2 = options.l2 ?? 1e-5;
  const classes = [...new Set(examples.map((e) => e.intent))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const vocabulary = new Map<string, number>();
  const rows = examples.map((example) => {
    const sparse = features(example.text, example.language, example.tags);
    const indices: number[] = [];
    const values: number[] = [];
    for (const [name, value] of sparse) {
      let index = vocabulary.get(name);
      if (index === undefined) vocabulary.set(name, (index = vocabulary.size));
      indices.push(index);
      values.push(value);
    }
    return { indices, values, label: classIndex.get(example.intent) as number, weight: example.weight ?? 1 };
  });
  // Knowledge entries add many phrases to a few topics; weighting by the square root of
  // the class size keeps them from drowning the small intents ("nein", "danke").
  const counts = new Float64Array(classes.length);
  for (const row of rows) counts[row.label]! += row.weight;
  const mean = rows.reduce((sum, row) => sum + row.weight, 0) / classes.length;
  const sampleWeight = Array.from(counts, (count) => Math.sqrt(mean / count));

  const C = classes.length;
  const weights = new Float64Array(vocabulary.size * C);
  const bias = new Float64Array(C);
  const scores = new Float64Array(C);
  const next = random(options.seed ?? 7);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const rate = learningRate / (1 + epoch * 0.1);
    for (const r of order) {
      const row = rows[r]!;
      softmax(row.indices, row.values, weights, bias, C, scores);
      const w = (sampleWeight[row.label] as number) * row.weight;
      for (let c = 0; c < C; c++) {
        const gradient = ((scores[c] as number) - (c === row.label ? 1 : 0)) * w;
        if (gradient === 0) continue;
        bias[c]! -= rate * gradient;
        for (let k = 0; k < row.indices.length; k++) {
          const at = (row.indices[k] as number) * C + c;
          weights[at] = (weights[at] as number) * (1 - rate * l2) - rate * gradient * (row.values[k] as number);
        }
      }
    }
  }

  return {
    classify(text, language, tags = []) {
      const indices: number[] = [];
      const values: number[] = [];
      for (const [name, value] of features(text, language, tags)) {
        const index = vocabulary.get(name);
        if (index === undefined) continue;
        indices.push(index);
        values.push(value);
      }
      const probabilities = new Float64Array(C);
      softmax(indices, values, weights, bias, C, probabilities);
      return classes.map((intent, c) => ({ intent, confidence: probabilities[c] as number })).sort((a, b) => b.confidence - a.confidence);
    },
  };
}

function softmax(indices: readonly number[], values: readonly number[], weights: Float64Array, bias: Float64Array, C: number, out: Float64Array): void {
  for (let c = 0; c < C; c++) out[c] = bias[c] as number;
  for (let k = 0; k < indices.length; k++) {
    const base = (indices[k] as number) * C;
    const value = values[k] as number;
    for (let c = 0; c < C; c++) out[c]! += (weights[base + c] as number) * value;
  }
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, out[c] as number);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += out[c] = Math.exp((out[c] as number) - max);
  for (let c = 0; c < C; c++) out[c]! /= sum;
}
