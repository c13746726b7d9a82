import { describe, expect, it } from 'vitest';
import { demoKnowledge } from '../../../demo/assistant-knowledge.ts';
import { comparable } from '../text.ts';
import { germanPhrases } from '../training/de.ts';
import { englishPhrases } from '../training/en.ts';
import { intents } from '../types.ts';
import { demoUnderstandingInput } from './demo-input.ts';
import { heldOutSet } from './held-out.ts';
import { evaluationSet } from './set.ts';

const trainingPhrases = new Set(
  [...Object.values(germanPhrases), ...Object.values(englishPhrases), ...demoKnowledge.flatMap((entry) => [...entry.questions.de, ...entry.questions.en])]
    .flat()
    .map(comparable),
);

describe.each([
  { name: 'the development set', set: evaluationSet, atLeast: 300 },
  { name: 'the held-out set', set: heldOutSet, atLeast: 200 },
])('$name', ({ set, atLeast }) => {
  it('is large enough and about half German, half English', () => {
    expect(set.length).toBeGreaterThanOrEqual(atLeast);
    const german = set.filter((m) => m.language === 'de').length;
    expect(german / set.length).toBeGreaterThan(0.4);
    expect(german / set.length).toBeLessThan(0.6);
  });

  it('shares no message with the training phrases or the knowledge questions', () => {
    const overlap = set.filter((message) => trainingPhrases.has(comparable(message.text))).map((m) => m.text);
    expect(overlap).toEqual([]);
  });

  it('has no message twice', () => {
    const seen = set.map((m) => comparable(m.text));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('names only intents, productions and knowledge entries that exist', () => {
    const input = demoUnderstandingInput();
    const productions = new Set(input.productions.map((p) => p.id));
    const genres = new Set(input.genres.map((g) => g.code));
    const entries = new Map(demoKnowledge.map((entry) => [entry.key, entry.topic]));
    for (const message of set) {
      expect(intents).toContain(message.intent);
      for (const id of message.productions ?? []) expect(productions, message.text).toContain(id);
      for (const code of message.genres ?? []) expect(genres, message.text).toContain(code);
      if (message.faq !== undefined) expect(`faq.${entries.get(message.faq) ?? 'missing'}`, message.text).toBe(message.intent);
      if (message.intent.startsWith('faq.')) expect(message.faq, message.text).toBeDefined();
    }
  });

  it('covers every intent', () => {
    const covered = new Set(set.map((m) => m.intent));
    expect(intents.filter((intent) => !covered.has(intent))).toEqual([]);
  });
});

describe('the held-out set', () => {
  it('shares no message with the development set, so that tuning on one never touches the other', () => {
    const development = new Set(evaluationSet.map((m) => comparable(m.text)));
    expect(heldOutSet.filter((message) => development.has(comparable(message.text))).map((m) => m.text)).toEqual([]);
  });
});
