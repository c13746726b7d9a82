import { demoKnowledge } from '../../../demo/assistant-knowledge.ts';
import { readDemoFiles } from '../../../demo/data.ts';
import { catalogueGenres } from '../genres.ts';
import type { UnderstandingInput } from '../types.ts';

/*
 * The demo house as understanding's input, without a database: its productions from
 * examples/demo-house (the slug stands in for the id, so that the evaluation set can
 * name them), the catalogue's genres and the demo knowledge base (the key as id).
 */
export function demoUnderstandingInput(): UnderstandingInput {
  const { productions } = readDemoFiles();
  return {
    knowledge: demoKnowledge.map((entry) => ({ id: entry.key, topic: entry.topic, questions: entry.questions, answer: entry.answer })),
    productions: productions.productions.map((production) => ({
      id: production.slug,
      titles: [...new Set([production.title.de, production.title.en])],
      genres: production.genres,
    })),
    genres: catalogueGenres(),
  };
}
