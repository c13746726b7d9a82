import { describe, expect, it } from 'vitest';
import { faqTopics } from '../assistant/nlu/types.ts';
import { demoKnowledge } from './assistant-knowledge.ts';

describe('the demo knowledge base', () => {
  it('covers every standard topic and has some other entries', () => {
    const topics = new Set(demoKnowledge.map((entry) => entry.topic));
    expect(faqTopics.filter((topic) => !topics.has(topic))).toEqual([]);
    expect(demoKnowledge.filter((entry) => entry.topic === 'other').length).toBeGreaterThanOrEqual(4);
  });

  it('gives every entry a unique key, four questions per language, both answers and a link to the house site', () => {
    expect(new Set(demoKnowledge.map((entry) => entry.key)).size).toBe(demoKnowledge.length);
    for (const entry of demoKnowledge) {
      expect(entry.key).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(entry.questions.de.length, entry.key).toBeGreaterThanOrEqual(4);
      expect(entry.questions.en.length, entry.key).toBeGreaterThanOrEqual(4);
      expect(entry.answer.de.length).toBeGreaterThan(40);
      expect(entry.answer.en.length).toBeGreaterThan(40);
      expect(entry.links.length).toBeGreaterThan(0);
      for (const link of entry.links) expect(link.url).toMatch(/^https:\/\/theater-auenstadt\.example\//);
      expect(entry.humanOnly).toBe(false);
    }
  });

  it('agrees with the demo house: its address, trams and museum hours', () => {
    const text = (key: string) => demoKnowledge.find((entry) => entry.key === key)?.answer.de ?? '';
    expect(text('directions')).toContain('Theaterplatz 1, 37099 Auenstadt');
    expect(text('stadthalle-directions')).toContain('Schlossparkallee 12');
    expect(text('museum-hours')).toContain('donnerstags von 10 bis 20 Uhr');
  });
});
