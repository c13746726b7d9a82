import { describe, expect, it } from 'vitest';
import { demoKnowledge } from '../../demo/assistant-knowledge.ts';
import { createKnowledgeSearch } from './retrieval.ts';

const search = createKnowledgeSearch(demoKnowledge.map((entry) => ({ id: entry.key, topic: entry.topic, questions: entry.questions, answer: entry.answer })));

describe('knowledge retrieval', () => {
  it.each([
    ['Wo kann ich mein Auto parken?', 'de', 'parking'],
    ['Gibt es eine Induktionsschleife im Saal?', 'de', 'hearing-and-surtitles'],
    ['Kostet die Garderobe extra?', 'de', 'cloakroom'],
    ['Ermäßigungen für Studierende', 'de', 'reductions'],
    ['which tram stops at the theatre', 'en', 'directions'],
    ['gift vouchers', 'en', 'vouchers'],
  ] as const)('finds "%s"', (text, language, key) => {
    expect(search.search(text, language)[0]?.entryId).toBe(key);
  });

  it('stems German words: plural and inflected forms meet', () => {
    expect(search.search('Gutscheinen', 'de')[0]?.entryId).toBe('vouchers');
  });

  it('keeps to a topic and offers its entries even without a shared word', () => {
    const hits = search.search('Wie komme ich hin?', 'de', { topic: 'directions' });
    expect(hits.map((h) => h.entryId).sort()).toEqual(['directions', 'stadthalle-directions']);
    expect(search.search('Museum', 'de', { topic: 'opening_hours', limit: 1 }).map((h) => h.entryId)).toEqual(['museum-hours']);
  });

  it('finds nothing for words no entry has', () => {
    expect(search.search('Quantenphysik', 'de')).toEqual([]);
  });
});
