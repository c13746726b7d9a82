import type { TrainingExample } from '../classifier.ts';
import type { Intent, KnowledgeEntryForUnderstanding } from '../types.ts';
import { germanPhrases } from './de.ts';
import { englishPhrases } from './en.ts';

/** The bundled phrases of both languages as training examples. */
export function bundledExamples(): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const [language, phrases] of [['de', germanPhrases], ['en', englishPhrases]] as const) {
    for (const [intent, texts] of Object.entries(phrases) as [Intent, readonly string[]][]) {
      for (const text of texts) examples.push({ text, language, intent });
    }
  }
  return examples;
}

/** A house's knowledge entries as examples of their topic's intent: their question variants are how visitors ask. */
export function knowledgeExamples(entries: readonly KnowledgeEntryForUnderstanding[]): TrainingExample[] {
  return entries.flatMap((entry) => {
    const intent: Intent = `faq.${entry.topic}`;
    return [...entry.questions.de.map((text) => ({ text, language: 'de' as const, intent })), ...entry.questions.en.map((text) => ({ text, language: 'en' as const, intent }))];
  });
}

/** How much a sentence of an answer counts against a question variant. */
const answerSentenceWeight = 0.4;

/**
 * The sentences of the house's answers, as light examples of their topic: they hold the
 * words nobody put in a question variant ("Induktionsschleife", "Kleiderordnung").
 */
export function answerExamples(entries: readonly KnowledgeEntryForUnderstanding[]): TrainingExample[] {
  return entries.flatMap((entry) => {
    const intent: Intent = `faq.${entry.topic}`;
    return (['de', 'en'] as const).flatMap((language) =>
      entry.answer[language]
        .split(/(?<=[.!?;:])\s+/)
        .filter((sentence) => sentence.trim() !== '')
        .map((text) => ({ text, language, intent, weight: answerSentenceWeight })),
    );
  });
}
