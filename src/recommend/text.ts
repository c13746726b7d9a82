/*
 * Text similarity over the German and English descriptions: tokens are lower-cased,
 * stripped of stop words and reduced to their Snowball stems, then weighted by TF-IDF
 * over the catalogue. Both languages share one vocabulary on purpose: names, titles and
 * cognates ("Faust", "Bausch", "Carmen") then connect a German-only item with an
 * English-only one.
 */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemGerman } from '@orama/stemmers/german';
import { deu, eng } from 'stopword';
import type { Item, Language } from './types.ts';

const stopWords: Record<Language, ReadonlySet<string>> = { de: new Set(deu), en: new Set(eng) };
const stemmers: Record<Language, (word: string) => string> = { de: stemGerman, en: stemEnglish };

/** The stems of a text, in order, without stop words, numbers or one-letter words. */
export function tokenize(text: string, language: Language): string[] {
  const stems: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (word.length < 2 || /^\p{N}+$/u.test(word) || stopWords[language].has(word)) continue;
    stems.push(stemmers[language](word));
  }
  return stems;
}

/** A unit-length sparse vector, terms ascending. */
export interface SparseVector {
  readonly terms: Int32Array;
  readonly weights: Float64Array;
}

const empty: SparseVector = { terms: new Int32Array(0), weights: new Float64Array(0) };

export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const ta = a.terms[i] as number;
    const tb = b.terms[j] as number;
    if (ta === tb) dot += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (ta < tb) i++;
    else j++;
  }
  return dot;
}

/** TF-IDF vectors, one per item in the order given, over title and description in both languages. */
export function textVectors(items: readonly Item[]): SparseVector[] {
  const vocabulary = new Map<string, number>();
  const counts = items.map((item) => {
    const stems = [
      ...tokenize(`${item.title.de} ${item.text.de}`, 'de'),
      ...tokenize(`${item.title.en} ${item.text.en}`, 'en'),
    ];
    const tf = new Map<number, number>();
    for (const stem of stems) {
      let term = vocabulary.get(stem);
      if (term === undefined) vocabulary.set(stem, (term = vocabulary.size));
      tf.set(term, (tf.get(term) ?? 0) + 1);
    }
    return tf;
  });
  const documentFrequency = new Float64Array(vocabulary.size);
  for (const tf of counts) for (const term of tf.keys()) documentFrequency[term]! += 1;
  const n = items.length;
  return counts.map((tf) => {
    if (tf.size === 0) return empty;
    const terms = Int32Array.from(tf.keys()).sort();
    // Sublinear tf, and an idf that reaches zero for a term every item shares.
    const weights = Float64Array.from(terms, (t) => (1 + Math.log(tf.get(t) as number)) * Math.log((n + 1) / (documentFrequency[t]! + 1)));
    const norm = Math.hypot(...weights);
    if (norm === 0) return empty;
    for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
    return { terms, weights };
  });
}
