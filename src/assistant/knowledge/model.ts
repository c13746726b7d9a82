import { z } from 'zod';
import { type KnowledgeTopic, knowledgeTopics } from '../nlu/types.ts';

/*
 * A knowledge-base entry: the questions visitors ask on a topic, in both languages, and
 * the house's answer with its linked pages. Pure: the shapes, the limits, the search.
 */

export const knowledgeLimits = { questionsPerLanguage: 30, questionLength: 300, answerLength: 4000, links: 10, linkLabel: 120, url: 2000 } as const;

export interface KnowledgeEntry {
  id: string;
  topic: KnowledgeTopic;
  questions: { de: string[]; en: string[] };
  answer: { de: string; en: string };
  links: { label: string; url: string }[];
  humanOnly: boolean;
  updatedAt: string;
}

const question = z.string().trim().min(1, 'an empty question variant').max(knowledgeLimits.questionLength);
const questionList = z
  .array(question)
  .max(knowledgeLimits.questionsPerLanguage)
  .transform((variants) => [...new Map(variants.map((variant) => [variant.toLocaleLowerCase(), variant])).values()]);
const answer = z.string().trim().min(1).max(knowledgeLimits.answerLength);

const httpUrl = z
  .string()
  .trim()
  .max(knowledgeLimits.url)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'an http(s) address like https://theater.example/anfahrt');

export const knowledgeEntryFields = z.object({
  topic: z.enum(knowledgeTopics as [KnowledgeTopic, ...KnowledgeTopic[]]),
  questions: z.object({ de: questionList.default([]), en: questionList.default([]) }),
  answer: z.object({ de: answer, en: answer }),
  links: z.array(z.object({ label: z.string().trim().min(1).max(knowledgeLimits.linkLabel), url: httpUrl })).max(knowledgeLimits.links).default([]),
  humanOnly: z.boolean().default(false),
});

/** The understanding has nothing to match an entry without a single question. */
export function hasQuestion(entry: { questions: { de: string[]; en: string[] } }): boolean {
  return entry.questions.de.length + entry.questions.en.length > 0;
}
export const noQuestion = { path: ['questions'], message: 'at least one question variant, in German or English' };

export const knowledgeEntryInput = knowledgeEntryFields.refine(hasQuestion, noQuestion);
export type KnowledgeEntryInput = z.input<typeof knowledgeEntryInput>;
export type ParsedKnowledgeEntry = z.output<typeof knowledgeEntryInput>;

/** Whether an entry mentions the search words (all of them, in questions or answers, any case). */
export function entryMatches(entry: KnowledgeEntry, query: string): boolean {
  const haystack = [...entry.questions.de, ...entry.questions.en, entry.answer.de, entry.answer.en].join('\n').toLocaleLowerCase();
  return query
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => haystack.includes(word));
}

/**
 * The stamp of a change: now, but always after the house's latest stamp. The base's
 * version is its entry count and latest stamp, so every create and update moves it even
 * when two changes fall into one millisecond (or a test's clock stands still).
 */
export function stampAfter(now: Date, latest: string | null): string {
  const at = now.getTime();
  const floor = latest === null ? Number.NEGATIVE_INFINITY : new Date(latest).getTime() + 1;
  return new Date(Math.max(at, floor)).toISOString();
}
