/*
 * Production titles in a message, matched fuzzily against the catalogue: visitors drop
 * articles ("Zauberflöte"), type without umlauts ("Zauberfloete"), misspell ("Schwanensea")
 * and name only the distinctive part of a long title ("Faust" for "Faust. Der Tragödie
 * erster Teil", "Nordlicht" for "2. Sinfoniekonzert: Nordlicht"). A part shared by
 * several productions ("Sinfoniekonzert") names none of them and is left to the genre.
 */
import { distance } from 'fastest-levenshtein';
import { fold } from './text.ts';
import type { ProductionForUnderstanding, ProductionMatch } from './types.ts';

interface Variant {
  productionId: string;
  title: string;
  /** Folded, without spaces: "zauberfloete". */
  key: string;
  words: number;
  /** 1 for the whole title, less for a part of it. */
  weight: number;
  /** The digits in the key ("1", "4"), which a match must repeat. */
  digits: string;
}

export interface ProductionMatcher {
  match(text: string): ProductionMatch[];
}

const articles = /^(der|die|das|den|dem|des|ein|eine|the|a|an) /;

/** Shortest key that is matched at all: shorter titles ("Joy!") are ordinary words. */
const minimumKeyLength = 4;
/** Below this similarity a window is not the title. */
const minimumSimilarity = 0.8;

function allowedEdits(length: number): number {
  if (length <= 5) return 0;
  if (length <= 8) return 1;
  if (length <= 14) return 2;
  return 3;
}

export function createProductionMatcher(productions: readonly ProductionForUnderstanding[]): ProductionMatcher {
  const candidates: Variant[] = [];
  for (const production of productions) {
    for (const title of production.titles) {
      const whole = fold(title);
      const forms = new Map<string, number>([[whole, 1], [whole.replace(articles, ''), 1]]);
      const pieces = title.split(/[:.!?()]\s*|\s[-–]\s/).map(fold).filter((piece) => piece !== '' && piece !== whole);
      for (const piece of pieces) {
        forms.set(piece, Math.max(forms.get(piece) ?? 0, 0.9));
        forms.set(piece.replace(articles, ''), Math.max(forms.get(piece.replace(articles, '')) ?? 0, 0.9));
      }
      for (const [form, weight] of forms) {
        const key = form.replaceAll(' ', '');
        if (key.length < minimumKeyLength || /^\d+$/.test(key)) continue;
        candidates.push({ productionId: production.id, title, key, words: form.split(' ').length, weight, digits: key.replace(/\D/g, '') });
      }
    }
  }
  const owners = new Map<string, Set<string>>();
  for (const variant of candidates) owners.set(variant.key, (owners.get(variant.key) ?? new Set()).add(variant.productionId));
  const variants = candidates.filter((variant) => owners.get(variant.key)?.size === 1);

  return {
    match(text) {
      const messageWords = fold(text).split(' ').filter((word) => word !== '');
      const best = new Map<string, ProductionMatch>();
      for (const variant of variants) {
        const edits = allowedEdits(variant.key.length);
        for (let size = Math.max(1, variant.words - 1); size <= variant.words + 1; size++) {
          for (let start = 0; start + size <= messageWords.length; start++) {
            let window = '';
            for (let i = start; i < start + size; i++) window += messageWords[i] as string;
            if (Math.abs(window.length - variant.key.length) > edits) continue;
            const d = window === variant.key ? 0 : edits === 0 ? Infinity : distance(window, variant.key);
            if (d > edits) continue;
            // "1. Sinfoniekonzert" and "4. Sinfoniekonzert" differ by one character: a number in a title must be typed.
            if (variant.digits !== '' && window.replace(/\D/g, '') !== variant.digits) continue;
            const similarity = 1 - d / Math.max(window.length, variant.key.length);
            if (similarity < minimumSimilarity) continue;
            const score = similarity * variant.weight;
            const previous = best.get(variant.productionId);
            if (previous === undefined || previous.score < score) best.set(variant.productionId, { productionId: variant.productionId, title: variant.title, score });
          }
        }
      }
      return [...best.values()].sort((a, b) => b.score - a.score);
    },
  };
}
