import { describe, expect, it } from 'vitest';
import { trainLanguageDetector } from './language.ts';
import { bundledExamples } from './training/index.ts';

const detector = trainLanguageDetector(bundledExamples());

describe('language of a message', () => {
  it.each([
    ['Wann spielt ihr Faust?', 'de'],
    ['Rollstuhl?', 'de'],
    ['Öffnungszeiten', 'de'],
    ['Oeffnungszeiten kasse', 'de'],
    ['Preise?', 'de'],
    ['Danke', 'de'],
    ['nein', 'de'],
    ['anything for kids this weekend?', 'en'],
    ['Wheelchair?', 'en'],
    ['thanks', 'en'],
    ['How much r tickets', 'en'],
    ['no', 'en'],
  ] as const)('reads "%s" as %s', (text, language) => {
    expect(detector.detect(text).language).toBe(language);
  });

  it('keeps the conversation language for a short message that does not tell', () => {
    for (const hint of ['de', 'en'] as const) {
      expect(detector.detect('ok', hint).language).toBe(hint);
      expect(detector.detect('2', hint)).toEqual({ language: hint, confidence: 0.5 });
      expect(detector.detect('Carmen', hint).language).toBe(hint);
    }
  });

  it('is unsure, not wrong, without any known word and without a hint', () => {
    expect(detector.detect('482913')).toEqual({ language: 'de', confidence: 0.5 });
  });

  it('lets a long plain message overrule the hint', () => {
    const guess = detector.detect('Could you send me the tickets again please', 'de');
    expect(guess.language).toBe('en');
    expect(guess.confidence).toBeGreaterThan(0.9);
  });
});
