/*
 * Which intent classifier the visitor assistant uses, by measurement: each candidate is
 * trained on the same examples (the bundled German and English phrases, the demo
 * knowledge base's question variants and answer sentences) and classifies every message
 * of the labelled evaluation set. Prints one JSON line per classifier: intent accuracy
 * of its best guess (no thresholds), training time and the latency of one message.
 *
 *   npm run bench -- assistant-classifiers [--slow] [CLASSIFIER …]
 *
 * natural's logistic regression needs minutes to train on these examples (about nine on
 * a shared two-core machine); it runs only with --slow.
 * natural is a devDependency and only ever imported here.
 */
import { createRequire } from 'node:module';
import { trainIntentClassifier, type TrainingExample } from '../src/assistant/nlu/classifier.ts';
import { demoUnderstandingInput } from '../src/assistant/nlu/evaluation/demo-input.ts';
import { evaluationNow, evaluationSet, evaluationTimeZone } from '../src/assistant/nlu/evaluation/set.ts';
import { answerExamples, bundledExamples, knowledgeExamples } from '../src/assistant/nlu/training/index.ts';
import type { Language } from '../src/assistant/nlu/types.ts';
import { trainUnderstander } from '../src/assistant/nlu/understander.ts';

interface Candidate {
  name: string;
  train(examples: readonly TrainingExample[]): Promise<(text: string, language: Language) => Promise<string> | string>;
}

// nlp.js ships no type declarations: the little of its API used here, typed by hand.
interface NlpJs {
  settings: { autoSave: boolean; log?: boolean };
  addLanguage(language: string): void;
  addDocument(language: string, text: string, intent: string): void;
  train(): Promise<unknown>;
  process(language: string, text: string): Promise<{ intent: string; score: number }>;
}
interface NlpContainer {
  use(plugin: unknown): void;
  registerConfiguration(name: string, settings: Record<string, unknown>, override: boolean): void;
  get(name: 'nlp'): NlpJs;
}
// natural's package ships TypeScript sources that do not pass this project's compiler
// settings, so it is loaded untyped too, and the classifiers typed here.
interface NaturalClassifier {
  addDocument(text: string, label: string): void;
  train(): void;
  classify(text: string): string;
}
type NaturalStemmer = object;
interface Natural {
  BayesClassifier: new (stemmer: NaturalStemmer) => NaturalClassifier;
  LogisticRegressionClassifier: new (stemmer: NaturalStemmer) => NaturalClassifier;
  PorterStemmer: NaturalStemmer;
  PorterStemmerDe: NaturalStemmer;
}
const require = createRequire(import.meta.url);
const natural = require('natural') as Natural;
const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => Promise<NlpContainer> };
const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
const { LangDe } = require('@nlpjs/lang-de') as { LangDe: unknown };
const { LangEn } = require('@nlpjs/lang-en-min') as { LangEn: unknown };

const candidates: Candidate[] = [
  {
    name: 'foyer-logistic-ngrams',
    async train(examples) {
      const classifier = trainIntentClassifier(examples);
      return (text, language) => classifier.classify(text, language)[0]?.intent ?? 'unknown';
    },
  },
  {
    name: 'nlpjs-neural',
    async train(examples) {
      const container = await containerBootstrap();
      container.use(Nlp);
      container.use(LangDe);
      container.use(LangEn);
      // nlp.js's own defaults for every language, with its per-epoch log switched off.
      container.registerConfiguration('nlu-??', { keepStopwords: true, nonefeatureValue: 1, nonedeltaMultiplier: 1.2, spellCheck: false, spellCheckDistance: 1, filterZeros: true, log: false }, true);
      const nlp = container.get('nlp');
      nlp.settings.autoSave = false;
      nlp.settings.log = false;
      nlp.addLanguage('de');
      nlp.addLanguage('en');
      for (const example of examples) nlp.addDocument(example.language, example.text, example.intent);
      await nlp.train();
      return async (text, language) => {
        const result = await nlp.process(language, text);
        return result.intent === 'None' ? 'unknown' : result.intent;
      };
    },
  },
  ...(['bayes', 'logistic'] as const).map((kind) => ({
    name: `natural-${kind}`,
    async train(examples: readonly TrainingExample[]) {
      // One classifier per language, each with its language's stemmer, and told the true language: the best case for it.
      const make = (stemmer: NaturalStemmer) => (kind === 'bayes' ? new natural.BayesClassifier(stemmer) : new natural.LogisticRegressionClassifier(stemmer));
      const classifiers = { de: make(natural.PorterStemmerDe), en: make(natural.PorterStemmer) };
      for (const example of examples) classifiers[example.language].addDocument(example.text, example.intent);
      classifiers.de.train();
      classifiers.en.train();
      return (text: string, language: Language) => classifiers[language].classify(text);
    },
  })),
];

const input = demoUnderstandingInput();
const examples = [...bundledExamples(), ...knowledgeExamples(input.knowledge), ...answerExamples(input.knowledge)];
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const slow = process.argv.includes('--slow');

for (const candidate of candidates) {
  if (only.length > 0 && !only.includes(candidate.name)) continue;
  if (candidate.name === 'natural-logistic' && !slow && !only.includes(candidate.name)) continue;
  const started = performance.now();
  const classify = await candidate.train(examples);
  const trainingMs = performance.now() - started;
  let right = 0;
  const times: number[] = [];
  for (const message of evaluationSet) {
    const t0 = performance.now();
    const intent = await classify(message.text, message.language);
    times.push(performance.now() - t0);
    if (intent === message.intent) right++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Number((times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? 0).toFixed(3));
  console.log(JSON.stringify({ bench: 'assistant-classifiers', classifier: candidate.name, examples: examples.length, messages: evaluationSet.length, intentAccuracy: Number((right / evaluationSet.length).toFixed(4)), trainingMs: Math.round(trainingMs), p50Ms: at(0.5), p99Ms: at(0.99) }));
}

// The whole understanding as `foyer eval assistant` runs it (entity tags, knowledge fusion, the 'unknown' threshold), for reference.
const started = performance.now();
const understander = await trainUnderstander(input);
const trainingMs = performance.now() - started;
const context = { timeZone: evaluationTimeZone, now: evaluationNow };
const right = evaluationSet.filter((message) => understander.understand(message.text, context).intent === message.intent).length;
console.log(JSON.stringify({ bench: 'assistant-classifiers', classifier: 'foyer-understander', messages: evaluationSet.length, intentAccuracy: Number((right / evaluationSet.length).toFixed(4)), trainingMs: Math.round(trainingMs) }));
