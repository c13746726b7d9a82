import { beforeAll, describe, expect, it } from 'vitest';
import { demoUnderstandingInput } from './evaluation/demo-input.ts';
import type { Understander, UnderstandingContext } from './types.ts';
import { confidenceThresholds, trainUnderstander } from './understander.ts';

let understander: Understander;
const context: UnderstandingContext = { timeZone: 'Europe/Berlin', now: new Date('2026-11-12T10:00:00Z') };

beforeAll(async () => {
  understander = await trainUnderstander(demoUnderstandingInput());
});

describe('understanding a message', () => {
  it.each([
    ['Was läuft am Samstag?', 'programme', 'de'],
    ['anything for kids this weekend?', 'programme', 'en'],
    ['wann spielt ihr Faust?', 'programme', 'de'],
    ['ich möchte mit einem Menschen sprechen', 'handover', 'de'],
    ['Wo kann ich mein Auto abstellen?', 'faq.parking', 'de'],
    ['surprise me!', 'surprise', 'en'],
    ['my tickets never arrived', 'resend_tickets', 'en'],
  ] as const)('reads "%s" as %s in %s', (text, intent, language) => {
    const understanding = understander.understand(text, context);
    expect(understanding.intent).toBe(intent);
    expect(understanding.language).toBe(language);
    expect(understanding.confidence).toBeGreaterThanOrEqual(confidenceThresholds.clarify);
  });

  it('gathers the entities of a booking', () => {
    const { intent, entities } = understander.understand('2 ermäßigte Karten für die Zauberfloete am 3. Dezember', context);
    expect(intent).toBe('book');
    expect(entities.ticketCount).toBe(2);
    expect(entities.reduced).toBe(true);
    expect(entities.productions[0]?.productionId).toBe('die-zauberfloete');
    expect(entities.dates).toEqual([{ from: '2026-12-02T23:00:00.000Z', to: '2026-12-03T23:00:00.000Z', text: 'am 3. Dezember', hasTime: false }]);
  });

  it('takes a bare code for a code and not for a ticket count', () => {
    const { entities } = understander.understand('482913', context);
    expect(entities.code).toBe('482913');
    expect(entities.ticketCount).toBeUndefined();
  });

  it('takes a small number alone as the answer to how many tickets', () => {
    expect(understander.understand('3', { ...context, language: 'en' }).entities.ticketCount).toBe(3);
  });

  it('reads "eine Karte" as an article unless the visitor is booking', () => {
    expect(understander.understand('Was kostet eine Karte für Carmen?', context).entities.ticketCount).toBeUndefined();
    expect(understander.understand('Ich möchte eine Karte für heute Abend buchen', context).entities.ticketCount).toBe(1);
  });

  it('keeps the conversation language for messages too short to tell', () => {
    expect(understander.understand('ok', { ...context, language: 'de' }).language).toBe('de');
    expect(understander.understand('ok', { ...context, language: 'en' }).language).toBe('en');
    expect(understander.understand('Faust', { ...context, language: 'en' }).language).toBe('en');
    expect(understander.understand('Danke', { ...context, language: 'en' }).language).toBe('de');
    expect(understander.understand('thanks', { ...context, language: 'de' }).language).toBe('en');
  });

  it('says unknown below the clarifying threshold and still offers the next best intents', () => {
    const understanding = understander.understand('Blumenkohl Quantenphysik Steuererklärung', context);
    expect(understanding.confidence).toBeLessThan(confidenceThresholds.clarify);
    expect(understanding.intent).toBe('unknown');
    expect(understanding.alternatives.length).toBeGreaterThan(0);
    expect(understanding.alternatives.every((a) => a.intent !== 'unknown')).toBe(true);
  });

  it('orders the thresholds: clarify below answer, both between 0 and 1', () => {
    expect(0 < confidenceThresholds.clarify && confidenceThresholds.clarify < confidenceThresholds.answer && confidenceThresholds.answer < 1).toBe(true);
  });

  it('answers FAQ questions from the knowledge base of the topic', () => {
    const understanding = understander.understand('Gibt es eine Induktionsschleife?', context);
    expect(understanding.intent).toBe('faq.accessibility');
    expect(understander.searchKnowledge(understanding.text, understanding.language, { topic: 'accessibility', limit: 1 })[0]?.entryId).toBe('hearing-and-surtitles');
  });

  it('learns the house’s own knowledge entries', async () => {
    const input = demoUnderstandingInput();
    const withBikes = await trainUnderstander({
      ...input,
      knowledge: [
        ...input.knowledge,
        {
          id: 'bike-rental',
          topic: 'other',
          questions: { de: ['Kann man bei euch Lastenräder leihen?', 'Lastenrad ausleihen', 'Verleiht ihr Lastenräder?', 'Lastenradverleih'], en: ['Can I rent a cargo bike?', 'cargo bike rental', 'Do you lend cargo bikes?', 'cargo bikes'] },
          answer: { de: 'Ja, zwei Lastenräder.', en: 'Yes, two cargo bikes.' },
        },
      ],
    });
    const understanding = withBikes.understand('Lastenräder zum Ausleihen?', context);
    expect(understanding.intent).toBe('faq.other');
    expect(withBikes.searchKnowledge(understanding.text, 'de', { topic: 'other', limit: 1 })[0]?.entryId).toBe('bike-rental');
  });

  it('answers a question the house wrote down with one variant, as staff do from an unanswered question', async () => {
    const input = demoUnderstandingInput();
    const question = 'Darf ich meinen Hund mit ins Museum nehmen?';
    const before = understanderWithout(input, question);
    const withDogs = await trainUnderstander({
      ...input,
      knowledge: [...input.knowledge, { id: 'dogs', topic: 'other', questions: { de: [question], en: [] }, answer: { de: 'Assistenzhunde ja, andere Hunde leider nicht.', en: 'Assistance dogs yes, other dogs no.' } }],
    });
    const understanding = withDogs.understand('darf ich meinen hund mit ins museum nehmen', context);
    expect(await before).not.toMatchObject({ intent: 'faq.other', confidence: 1 });
    expect(understanding).toMatchObject({ intent: 'faq.other', confidence: 1 });
    expect(withDogs.searchKnowledge(understanding.text, 'de', { topic: 'other', limit: 1 })[0]?.entryId).toBe('dogs');
  });
});

async function understanderWithout(input: ReturnType<typeof demoUnderstandingInput>, question: string) {
  return (await trainUnderstander(input)).understand(question, context);
}
