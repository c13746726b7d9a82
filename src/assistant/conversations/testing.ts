import { expect } from 'vitest';
import type { TestApp } from '../../core/testing/app.ts';
import { demoKnowledge } from '../../demo/assistant-knowledge.ts';
import { createPaymentProviders } from '../../ticketing/payments.ts';
import { languageModelOff } from '../language-model.ts';
import type { Intent } from '../nlu/types.ts';
import { trainUnderstander } from '../nlu/understander.ts';
import { type Assistant, createAssistant } from '../service.ts';
import type { ConversationAnswer, MessageDto, PublicConversationDto } from './schemas.ts';

/* A visitor in a test: starts a conversation over the public API and talks to it like the widget does. */

export interface TestVisitor {
  id: string;
  token: string;
  greeting: MessageDto[];
  /** Sends a message, expects 200, and returns the assistant's answers (the echo left out). */
  say(text: string): Promise<{ conversation: PublicConversationDto; answers: MessageDto[]; text: string }>;
  /** Sends a message and returns the raw answer. */
  send(text: string, token?: string): Promise<{ status: number; body: unknown }>;
}

export async function seedKnowledge(t: Pick<TestApp, 'foyer' | 'house'>, houseId = t.house.id): Promise<void> {
  await t.foyer.services.assistantKnowledge.seedDemo(houseId, demoKnowledge, 'test');
}

export async function startVisitor(t: Pick<TestApp, 'foyer' | 'house'>, options: { language?: 'de' | 'en'; slug?: string; ip?: string } = {}): Promise<TestVisitor> {
  const response = await t.foyer.http.inject({
    method: 'POST',
    url: `/public/houses/${options.slug ?? t.house.slug}/assistant/conversations`,
    payload: options.language === undefined ? {} : { language: options.language },
    ...(options.ip === undefined ? {} : { remoteAddress: options.ip }),
  });
  expect(response.statusCode, response.body).toBe(201);
  const started = response.json<{ conversation: PublicConversationDto & { token: string }; messages: MessageDto[] }>();
  const { id, token } = started.conversation;
  const send = async (text: string, withToken = token) => {
    const reply = await t.foyer.http.inject({
      method: 'POST',
      url: `/public/assistant/conversations/${id}/messages`,
      payload: { token: withToken, text },
      ...(options.ip === undefined ? {} : { remoteAddress: options.ip }),
    });
    return { status: reply.statusCode, body: reply.body === '' ? null : (reply.json() as unknown) };
  };
  return {
    id,
    token,
    greeting: started.messages,
    send,
    async say(text) {
      const reply = await send(text);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const body = reply.body as ConversationAnswer;
      expect(body.messages[0]).toMatchObject({ author: 'visitor', text });
      const answers = body.messages.slice(1);
      return { conversation: body.conversation, answers, text: answers.map((m) => m.text).join('\n').replaceAll('\u00a0', ' ') };
    },
  };
}

/**
 * The house's assistant on the app's real services, with the real understanding except
 * that `misread` may give a message a wrong intent at a confidence of its choosing: the
 * classifier's guess for a bare code or address, made as bad as it can get. Its mails go
 * to the app's outbox, whose composers the app's own assistant registered.
 */
export function misreadingAssistant(t: Pick<TestApp, 'foyer'>, misread: (text: string) => { intent: Intent; confidence: number } | undefined): Assistant {
  const { services, database, clock, config } = t.foyer;
  return createAssistant({
    database,
    clock,
    publicUrl: config.publicUrl,
    catalogue: services.catalogue,
    ticketing: services.ticketing,
    payments: createPaymentProviders(),
    recommendations: services.recommendations,
    knowledge: services.assistantKnowledge,
    settings: services.assistantSettings,
    outbox: { enqueue: (...args) => services.mail.enqueue(...args), enqueueMany: (...args) => services.mail.enqueueMany(...args), register: () => undefined },
    languageModel: languageModelOff,
    consents: services.audience.consents,
    train: async (input) => {
      const real = await trainUnderstander(input);
      return {
        understand(text, context) {
          const understood = real.understand(text, context);
          const wrong = misread(text);
          return wrong === undefined ? understood : { ...understood, ...wrong, alternatives: [] };
        },
        searchKnowledge: (text, language, options) => real.searchKnowledge(text, language, options),
      };
    },
  });
}
