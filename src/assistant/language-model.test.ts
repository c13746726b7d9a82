import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../core/testing/app.ts';
import { seedKnowledge, startVisitor } from './conversations/testing.ts';
import { createLanguageModel, languageModelOff } from './language-model.ts';

/*
 * The optional language model against a real HTTP server on loopback that answers like
 * an OpenAI-compatible /v1/chat/completions: a good answer is used, and a timeout, an
 * error status or garbage falls back to the plain answer. What the server receives is
 * checked: the facts and the masked question, no address, no number.
 */

type Behaviour = 'ok' | 'slow' | 'error' | 'garbage';

let server: Server;
let url: string;
let behaviour: Behaviour;
let received: { path: string; authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[];

function respond(request: IncomingMessage, response: ServerResponse): void {
  let raw = '';
  request.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
  });
  request.on('end', () => {
    received.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(raw) as (typeof received)[number]['body'] });
    if (behaviour === 'slow') {
      setTimeout(() => response.end('{}'), 1000).unref();
      return;
    }
    if (behaviour === 'error') {
      response.writeHead(500).end('{"error":"overloaded"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(behaviour === 'garbage' ? '{"choices":"nope"}' : JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Gern! Die Kasse hat dienstags bis freitags von 10 bis 18 Uhr auf.' } }] }));
  });
}

beforeEach(async () => {
  received = [];
  behaviour = 'ok';
  server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the optional language model', () => {
  const request = { question: 'Ich bin anna@example.org, Bestellung 123456: wann ist offen?', facts: ['Die Kasse ist dienstags bis freitags von 10 bis 18 Uhr geöffnet.'], language: 'de' as const };

  it('rephrases from the facts and sends neither addresses nor numbers', async () => {
    const model = createLanguageModel({ url, model: 'small', apiKey: 'secret', timeoutMs: 500 });
    expect(model.configured).toBe(true);
    expect(await model.phrase(request)).toBe('Gern! Die Kasse hat dienstags bis freitags von 10 bis 18 Uhr auf.');
    const call = received[0];
    expect(call?.path).toBe('/v1/chat/completions');
    expect(call?.authorization).toBe('Bearer secret');
    expect(call?.body.model).toBe('small');
    const sent = JSON.stringify(call?.body);
    expect(sent).not.toContain('anna@example.org');
    expect(sent).not.toContain('123456');
    expect(sent).toContain('dienstags bis freitags');
  });

  it.each(['slow', 'error', 'garbage'] as const)('falls back to the plain answer when the server is %s', async (kind) => {
    behaviour = kind;
    const errors: unknown[] = [];
    const model = createLanguageModel({ url, model: 'small', apiKey: null, timeoutMs: 200 }, (error) => errors.push(error));
    expect(await model.phrase(request)).toBeNull();
    expect(errors).toHaveLength(1);
  });

  it('is off without a URL', async () => {
    expect(createLanguageModel({ url: null, model: 'x', apiKey: null, timeoutMs: 100 })).toBe(languageModelOff);
  });

  it('phrases FAQ answers in a conversation, and the plain answer stands when it fails', async () => {
    const t = await createTestApp({ env: { FOYER_LLM_URL: url, FOYER_LLM_TIMEOUT_MS: '300', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
    try {
      await seedKnowledge(t);
      const visitor = await startVisitor(t);
      expect((await visitor.say('Wann hat die Theaterkasse geöffnet?')).text).toBe('Gern! Die Kasse hat dienstags bis freitags von 10 bis 18 Uhr auf.');
      behaviour = 'garbage';
      expect((await visitor.say('Wann hat die Theaterkasse geöffnet?')).text).toContain('Theaterplatz 1');
    } finally {
      await t.close();
    }
  });
});
