/*
 * The contract between understanding (src/assistant/nlu) and the dialogue
 * (src/assistant/dialogue): what a visitor's message means, in plain data.
 * Understanding is pure and offline: no database, no network, no clock of its own.
 */

export type Language = 'de' | 'en';

/** The standard topics of a house's knowledge base; the bundled training phrases teach each of them. */
export const faqTopics = [
  'opening_hours',
  'prices',
  'reductions',
  'accessibility',
  'directions',
  'parking',
  'cloakroom',
  'gastronomy',
  'photography',
  'groups_schools',
  'vouchers',
  'lost_found',
] as const;
export type FaqTopic = (typeof faqTopics)[number];
/** A house's own entry on a topic outside the standard ones. */
export type KnowledgeTopic = FaqTopic | 'other';
export const knowledgeTopics: readonly KnowledgeTopic[] = [...faqTopics, 'other'];

/**
 * What a visitor wants. FAQ topics are intents of their own ('faq.prices'); the answer is
 * then retrieved among the house's entries. 'unknown' is what the classifier says below
 * its threshold.
 */
export const intents = [
  ...faqTopics.map((topic) => `faq.${topic}` as const),
  'faq.other',
  'programme', // what is on (a date, a production, a genre, for children …)
  'recommend', // suggest something for me
  'surprise', // surprise me: discovery only
  'book', // I would like tickets
  'resend_tickets', // my tickets did not arrive / are lost
  'handover', // I want to talk to a person
  'complaint', // a complaint: human-only by default
  'greeting',
  'thanks',
  'goodbye',
  'affirm', // yes, correct, book it
  'deny', // no
  'cancel', // stop what we are doing
  'unknown',
] as const;
export type Intent = (typeof intents)[number];

/** A time span the visitor named, resolved in the house's time zone; [from, to) as ISO instants. */
export interface DateSpan {
  from: string;
  to: string;
  /** The words it was read from ("nächsten Samstag"). */
  text: string;
  /** True when a time of day was named ("morgen Abend", "um 19:30"), not only a day. */
  hasTime: boolean;
}

export interface ProductionMatch {
  productionId: string;
  /** The title as the catalogue spells it (in the message's language when there is one). */
  title: string;
  /** 0..1: 1 is an exact title match. */
  score: number;
}

export type AudienceWord = 'children' | 'family' | 'youth' | 'school' | 'adults';

export interface Entities {
  dates: DateSpan[];
  /** "zwei Karten", "2 tickets", "for 3". */
  ticketCount?: number;
  productions: ProductionMatch[];
  /** Catalogue genre codes named in the message ("Oper" → 'opera'). */
  genres: string[];
  audience?: AudienceWord;
  /** "ab 6", "for my 8-year-old": the age the offer must suit. */
  age?: number;
  /** A reduced tariff was asked for ("ermäßigt", "student"). */
  reduced?: boolean;
  email?: string;
  /** A numeric code the visitor typed (email verification). */
  code?: string;
}

export interface Understanding {
  text: string;
  language: Language;
  /** 0..1; short messages ("ok", "2") are ambiguous and take the conversation's language. */
  languageConfidence: number;
  intent: Intent;
  /** 0..1, of the chosen intent. */
  confidence: number;
  /** The next best intents, best first, for a clarifying question. */
  alternatives: { intent: Intent; confidence: number }[];
  entities: Entities;
}

export interface UnderstandingContext {
  /** The house's IANA zone: "morgen Abend" is the house's evening. */
  timeZone: string;
  now: Date;
  /** The conversation's language so far: the hint for messages too short to tell. */
  language?: Language;
}

/** A knowledge entry as understanding needs it: its id, topic and question variants. */
export interface KnowledgeEntryForUnderstanding {
  id: string;
  topic: KnowledgeTopic;
  questions: { de: readonly string[]; en: readonly string[] };
  answer: { de: string; en: string };
}

export interface ProductionForUnderstanding {
  id: string;
  /** Every title the production goes by (German, English, short forms). */
  titles: readonly string[];
  genres: readonly string[];
}

export interface GenreForUnderstanding {
  code: string;
  /** Words that name it in either language ("Oper", "opera", "Musiktheater"). */
  names: readonly string[];
}

export interface KnowledgeHit {
  entryId: string;
  /** Retrieval score, higher is better; comparable within one search only. */
  score: number;
}

export interface UnderstandingInput {
  knowledge: readonly KnowledgeEntryForUnderstanding[];
  productions: readonly ProductionForUnderstanding[];
  genres: readonly GenreForUnderstanding[];
}

/** A house's trained understanding. Built once per knowledge-base version and reused; each call is synchronous and fast. */
export interface Understander {
  understand(text: string, context: UnderstandingContext): Understanding;
  /** Full-text retrieval over the knowledge base with stemming, best first. */
  searchKnowledge(text: string, language: Language, options?: { topic?: KnowledgeTopic; limit?: number }): KnowledgeHit[];
}
