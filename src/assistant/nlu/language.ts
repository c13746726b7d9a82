/*
 * Which language a message is in: a naive Bayes model over words and character
 * trigrams, trained on the same German and English phrases as the intents (and the
 * house's knowledge entries), so it knows the words visitors use here ("Karten",
 * "tickets", "Garderobe"). Trigram models trained on general text (nlp.js's guesser)
 * often call two-word messages wrong; here a message too short to tell ("ok", "2",
 * "Faust") keeps the conversation's language.
 */
import type { Language } from './types.ts';
import { words } from './text.ts';

export interface LanguageGuess {
  language: Language;
  /** 0.5 when nothing in the message tells, near 1 when it is plain. */
  confidence: number;
}

export interface LanguageDetector {
  detect(text: string, hint?: Language): LanguageGuess;
}

const languages: readonly Language[] = ['de', 'en'];

/** Below this a message takes the conversation's language when there is one. */
export const languageHintBelow = 0.8;
/** The same for messages of one or two words. */
export const shortMessageHintBelow = 0.995;

function grams(text: string): string[] {
  const result: string[] = [];
  for (const word of words(text)) {
    if (/^\p{N}+$/u.test(word)) continue;
    result.push(`w:${word}`, `w:${word}`);
    const padded = `_${word}_`;
    for (let i = 0; i + 3 <= padded.length; i++) result.push(padded.slice(i, i + 3));
  }
  return result;
}

export function trainLanguageDetector(samples: readonly { text: string; language: Language }[]): LanguageDetector {
  const counts: Record<Language, Map<string, number>> = { de: new Map(), en: new Map() };
  const totals: Record<Language, number> = { de: 0, en: 0 };
  for (const sample of samples) {
    // Umlauts are kept apart from their folded spelling on purpose: "ä" only ever means German.
    for (const gram of [...grams(sample.text), ...umlautGrams(sample.text)]) {
      counts[sample.language].set(gram, (counts[sample.language].get(gram) ?? 0) + 1);
      totals[sample.language] += 1;
    }
  }
  const vocabulary = new Set([...counts.de.keys(), ...counts.en.keys()]).size + 1;
  return {
    detect(text, hint) {
      const observed = [...grams(text), ...umlautGrams(text)];
      const logOdds = { de: 0, en: 0 };
      let known = 0;
      for (const gram of observed) {
        if (!counts.de.has(gram) && !counts.en.has(gram)) continue;
        known += 1;
        for (const language of languages) logOdds[language] += Math.log(((counts[language].get(gram) ?? 0) + 0.5) / (totals[language] + 0.5 * vocabulary));
      }
      const difference = Math.max(-30, Math.min(30, logOdds.de - logOdds.en));
      const pGerman = known === 0 ? 0.5 : 1 / (1 + Math.exp(-difference));
      const guess: LanguageGuess = pGerman >= 0.5 ? { language: 'de', confidence: pGerman } : { language: 'en', confidence: 1 - pGerman };
      // One or two words ("ok", "Faust", "Carmen?") tell little even when the model is
      // sure: they keep the conversation's language unless they are plainly the other ("Danke").
      const threshold = words(text).length <= 2 ? shortMessageHintBelow : languageHintBelow;
      if (hint !== undefined && guess.confidence < threshold) return { language: hint, confidence: hint === guess.language ? guess.confidence : 1 - guess.confidence };
      return guess;
    },
  };
}

function umlautGrams(text: string): string[] {
  return [...text.toLowerCase().matchAll(/[äöüß]/g)].map((m) => `u:${m[0]}`);
}
