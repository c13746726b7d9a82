/*
 * Full-text retrieval over the house's knowledge base: Okapi BM25 over Snowball stems
 * (the tokeniser of the recommender, src/recommend/text.ts), one index per language.
 * Each question variant is a document of its own and an entry scores by its best
 * variant, plus a share of its answer's score: a visitor's question is phrased like one
 * of the variants far more often than like the answer, but the answer holds the words
 * nobody thought to put in a variant ("Induktionsschleife").
 *
 * BM25 only sees whole stems, so "Kasse" misses "Theaterkasse" and a typo misses
 * everything; the score therefore adds the cosine of the message's character n-grams
 * (the classifier's features) with the nearest question variant.
 */
import { tokenize } from '../../recommend/text.ts';
import { features } from './classifier.ts';
import type { KnowledgeEntryForUnderstanding, KnowledgeHit, KnowledgeTopic, Language } from './types.ts';

const k1 = 1.2;
const b = 0.75;
/** How much the answer's score adds to the best question's. */
const answerShare = 0.35;
/** How much the n-gram cosine (0..1) weighs against BM25 normalised to the best hit (0..1). */
const cosineShare = 1;
const minimumCosine = 0.2;

interface Document {
  entry: number;
  isAnswer: boolean;
  terms: Map<string, number>;
  length: number;
}

interface Index {
  documents: Document[];
  postings: Map<string, number[]>;
  averageLength: { question: number; answer: number };
  idf: Map<string, number>;
}

function buildIndex(entries: readonly KnowledgeEntryForUnderstanding[], language: Language): Index {
  const documents: Document[] = [];
  entries.forEach((entry, i) => {
    const texts = [...entry.questions[language].map((q) => ({ text: q, isAnswer: false })), { text: entry.answer[language], isAnswer: true }];
    for (const { text, isAnswer } of texts) {
      const stems = tokenize(text, language);
      const terms = new Map<string, number>();
      for (const stem of stems) terms.set(stem, (terms.get(stem) ?? 0) + 1);
      documents.push({ entry: i, isAnswer, terms, length: stems.length });
    }
  });
  const postings = new Map<string, number[]>();
  documents.forEach((doc, d) => {
    for (const term of doc.terms.keys()) {
      const list = postings.get(term);
      if (list === undefined) postings.set(term, [d]);
      else list.push(d);
    }
  });
  const mean = (docs: Document[]) => (docs.length === 0 ? 1 : docs.reduce((sum, doc) => sum + doc.length, 0) / docs.length || 1);
  // Document frequency counts entries, not variants: a word in every variant of one
  // entry is that entry's word, not a common one.
  const idf = new Map<string, number>();
  for (const [term, list] of postings) {
    const entriesWithTerm = new Set(list.map((d) => (documents[d] as Document).entry)).size;
    idf.set(term, Math.log(1 + (entries.length - entriesWithTerm + 0.5) / (entriesWithTerm + 0.5)));
  }
  return {
    documents,
    postings,
    averageLength: { question: mean(documents.filter((d) => !d.isAnswer)), answer: mean(documents.filter((d) => d.isAnswer)) },
    idf,
  };
}

export interface KnowledgeSearch {
  search(text: string, language: Language, options?: { topic?: KnowledgeTopic; limit?: number }): KnowledgeHit[];
}

type Vector = Map<string, number>;

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [name, value] of small) dot += value * (large.get(name) ?? 0);
  return dot;
}

export function createKnowledgeSearch(entries: readonly KnowledgeEntryForUnderstanding[]): KnowledgeSearch {
  const indexes: Record<Language, Index> = { de: buildIndex(entries, 'de'), en: buildIndex(entries, 'en') };
  const variants: Record<Language, Vector[][]> = {
    de: entries.map((entry) => entry.questions.de.map((q) => features(q, 'de'))),
    en: entries.map((entry) => entry.questions.en.map((q) => features(q, 'en'))),
  };
  return {
    search(text, language, options = {}) {
      const index = indexes[language];
      const questionScore = new Float64Array(entries.length);
      const answerScore = new Float64Array(entries.length);
      const documentScore = new Map<number, number>();
      for (const term of new Set(tokenize(text, language))) {
        const idf = index.idf.get(term);
        if (idf === undefined) continue;
        for (const d of index.postings.get(term) ?? []) {
          const doc = index.documents[d] as Document;
          const tf = doc.terms.get(term) as number;
          const average = doc.isAnswer ? index.averageLength.answer : index.averageLength.question;
          const score = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.length) / average));
          documentScore.set(d, (documentScore.get(d) ?? 0) + score);
        }
      }
      for (const [d, score] of documentScore) {
        const doc = index.documents[d] as Document;
        if (doc.isAnswer) answerScore[doc.entry] = score;
        else questionScore[doc.entry] = Math.max(questionScore[doc.entry] as number, score);
      }
      const lexical = entries.map((_, i) => (questionScore[i] as number) + answerShare * (answerScore[i] as number));
      const best = Math.max(0, ...lexical);
      const message = features(text, language);
      const hits: KnowledgeHit[] = [];
      entries.forEach((entry, i) => {
        if (options.topic !== undefined && entry.topic !== options.topic) return;
        let nearest = 0;
        for (const variant of variants[language][i] as Vector[]) nearest = Math.max(nearest, cosine(message, variant));
        // A few shared trigrams ("ant", "ik_") are chance, not resemblance.
        const score = (best > 0 ? (lexical[i] as number) / best : 0) + (nearest >= minimumCosine ? cosineShare * nearest : 0);
        // Within a topic the visitor already named, every entry of it is a candidate even
        // without a shared word: "Wie komme ich hin?" is about the only directions entry.
        if (score > 0 || options.topic !== undefined) hits.push({ entryId: entry.id, score });
      });
      hits.sort((x, y) => y.score - x.score);
      return hits.slice(0, options.limit ?? 5);
    },
  };
}
