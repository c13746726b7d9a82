/*
 * The visitor assistant, per message, without the language model. Target (issue 7): p99
 * under 50 ms per message.
 *
 *   npm run bench -- assistant-message [--sessions N]
 *
 * Seeds the demo house and its knowledge base into a fresh SQLite file, trains the
 * house's understander once (the first message, reported apart), then runs sessions of a
 * realistic mix through the assistant service the widget's routes call: FAQ in German
 * and English, programme questions, a suggestion, "surprise me", and a whole booking
 * dialogue (production, date, count, category, name, email, two consent boxes, the
 * summary with its real hold, the confirmation placing the order). Every message is
 * timed from the call to the saved answer. Prints one JSON line with the figures overall
 * and per kind of message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFoyer } from '../src/app.ts';
import type { MessageDto } from '../src/assistant/conversations/schemas.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { demoKnowledge } from '../src/demo/assistant-knowledge.ts';
import { seedDemoHouse } from '../src/demo/seed.ts';
import { arg, loadAverage } from './_audience.ts';

const sessions = Number(arg('sessions') ?? 60);
const folder = mkdtempSync(join(tmpdir(), 'foyer-assistant-message-'));

type Kind = 'faq' | 'programme' | 'suggestion' | 'booking' | 'smalltalk';
/** '<first>': the first quick reply the assistant just offered (a date, a category), skipped when it offered none. */
type Line = [Kind, string];

function script(title: string, i: number): Line[] {
  return [
    ['smalltalk', 'Hallo'],
    ['faq', 'Wann hat die Theaterkasse geöffnet?'],
    ['programme', 'Was läuft am Samstag?'],
    ['faq', 'Gibt es Ermäßigungen für Studierende?'],
    ['suggestion', 'Was können Sie mir empfehlen?'],
    ['booking', `Ich möchte Karten für ${title}`],
    ['booking', '<first>'],
    ['booking', '2'],
    ['booking', '<first>'],
    ['booking', 'Anna Becker'],
    ['booking', `anna${i}@example.org`],
    ['booking', 'Nein'],
    ['booking', 'Nein'],
    ['booking', 'Ja, verbindlich buchen'],
    ['faq', 'When is the box office open?'],
    ['programme', "What's on this weekend?"],
    ['suggestion', 'Surprise me'],
    ['smalltalk', 'Thank you!'],
  ];
}

try {
  const database = await openDatabase({ engine: 'sqlite', url: join(folder, 'foyer.db') });
  const foyer = await createFoyer({ config: loadConfig({ FOYER_LOG_LEVEL: 'silent' }), database });
  const { house } = await seedDemoHouse(foyer, { imageBaseUrl: foyer.config.publicUrl });
  await foyer.services.assistantKnowledge.seedDemo(house.id, demoKnowledge, 'bench');
  const { assistant } = foyer.services;
  // A production on sale: the first coming performance's.
  const upcoming = await foyer.services.catalogue.listPerformances({ houseId: house.id, unitId: null }, { from: new Date(Date.now() + 86_400_000).toISOString() }, { limit: 50 });
  const title = upcoming.items.find((p) => p.production.kind === 'staged')?.production.title.de ?? 'Faust';

  const first = await assistant.start(house.slug, {});
  let started = performance.now();
  await assistant.message(first.conversation.id, { token: first.conversation.token, text: 'Hallo' });
  const firstMessageMs = performance.now() - started;

  // The recommender fits on its first list (its own bench reports that); warm it and the code paths up untimed.
  await foyer.services.recommendationFits.refresh(house.id);
  const warmupSessions = 3;
  const times: Record<Kind, number[]> = { faq: [], programme: [], suggestion: [], booking: [], smalltalk: [] };
  const all: number[] = [];
  let orders = 0;
  started = performance.now();
  for (let i = -warmupSessions; i < sessions; i += 1) {
    if (i === 0) started = performance.now();
    const { conversation } = await assistant.start(house.slug, {});
    let last: MessageDto[] = [];
    for (const [kind, line] of script(title, i + warmupSessions)) {
      let text = line;
      if (line === '<first>') {
        const offered = last.at(-1)?.quickReplies?.[0]?.text;
        if (offered === undefined) continue;
        text = offered;
      }
      const t0 = performance.now();
      const answer = await assistant.message(conversation.id, { token: conversation.token, text });
      const ms = performance.now() - t0;
      if (i >= 0) {
        times[kind].push(ms);
        all.push(ms);
      }
      last = answer.messages.filter((m) => m.author === 'assistant');
      if (i >= 0 && last.some((m) => m.text.includes('Bestellnummer'))) orders += 1;
    }
  }
  const totalMs = performance.now() - started;
  const figures = (list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
    return { messages: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
  };
  console.log(
    JSON.stringify({
      bench: 'assistant-message',
      engine: 'sqlite',
      languageModel: false,
      sessions,
      ordersPlaced: orders,
      firstMessageMs: Math.round(firstMessageMs),
      ...figures(all),
      perSecond: Math.round((all.length / totalMs) * 1000),
      byKind: Object.fromEntries(Object.entries(times).map(([kind, list]) => [kind, figures(list)])),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      loadAverage: loadAverage(),
    }),
  );
  await foyer.close();
  await database.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
