import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../core/testing/app.ts';
import { toJson } from '../../core/db/json.ts';
import { newId } from '../../core/ids.ts';

/*
 * Conversations for the staff side's tests, written as the dialogue leaves them: a
 * handover with its reason, messages with intents and entities, the widget's last poll.
 * Tests that need a live visitor use the public API (conversations/testing.ts) instead.
 */

export interface TestLine {
  author: 'visitor' | 'assistant' | 'staff';
  text: string;
  intent?: string | null;
  confidence?: number | null;
  entities?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** Default: the conversation's lastMessageAt. */
  at?: string;
}

export interface TestConversation {
  houseId?: string;
  status?: 'open' | 'handed_over' | 'closed';
  reason?: 'requested' | 'not_understood' | 'human_only' | null;
  language?: 'de' | 'en';
  visitorName?: string | null;
  visitorEmail?: string | null;
  contactId?: string | null;
  assignedTo?: string | null;
  step?: string;
  lastMessageAt?: string;
  visitorSeenAt?: string;
  lines?: TestLine[];
}

export async function insertConversation(t: Pick<TestApp, 'foyer' | 'house' | 'clock'>, options: TestConversation = {}): Promise<string> {
  const id = newId();
  const houseId = options.houseId ?? t.house.id;
  const now = t.clock.now().toISOString();
  const last = options.lastMessageAt ?? now;
  const status = options.status ?? 'handed_over';
  const lines = options.lines ?? [
    { author: 'visitor', text: 'Ich möchte bitte mit einem Menschen sprechen.', intent: 'handover', confidence: 0.93 },
    { author: 'assistant', text: 'Ich gebe Sie an unser Team weiter.' },
  ];
  const { db } = t.foyer.database;
  await db
    .insertInto('assistant_conversation')
    .values({
      id,
      house_id: houseId,
      token_hash: createHash('sha256').update(randomBytes(16)).digest('hex'),
      language: options.language ?? 'de',
      status,
      handover_reason: options.reason === undefined ? (status === 'open' ? null : 'requested') : options.reason,
      assigned_to: options.assignedTo ?? null,
      contact_id: options.contactId ?? null,
      visitor_name: options.visitorName ?? null,
      visitor_email: options.visitorEmail ?? null,
      dialogue_state: toJson({ step: options.step ?? 'idle', memory: { genres: [], intents: [] } }),
      failed_understandings: 0,
      page_url: 'https://theater.example/spielplan',
      created_at: lines[0]?.at ?? last,
      last_message_at: last,
      visitor_seen_at: options.visitorSeenAt ?? last,
      handed_over_at: status === 'open' ? null : last,
      closed_at: status === 'closed' ? last : null,
    })
    .execute();
  if (lines.length > 0) {
    await db
      .insertInto('assistant_message')
      .values(
        lines.map((line, index) => ({
          id: newId(),
          conversation_id: id,
          house_id: houseId,
          seq: index + 1,
          author: line.author,
          staff_user_id: null,
          text: line.text,
          language: options.language ?? 'de',
          intent: line.intent ?? null,
          confidence: line.confidence ?? null,
          entities: line.entities === undefined ? null : toJson(line.entities),
          payload: line.payload === undefined ? null : toJson(line.payload),
          emailed_at: null,
          created_at: line.at ?? last,
        })),
      )
      .execute();
  }
  return id;
}

export async function insertUnanswered(
  t: Pick<TestApp, 'foyer' | 'house' | 'clock'>,
  options: { text: string; houseId?: string; conversationId?: string | null; timesAsked?: number; lastAskedAt?: string; status?: 'open' | 'dismissed' | 'answered' },
): Promise<string> {
  const id = newId();
  const at = options.lastAskedAt ?? t.clock.now().toISOString();
  await t.foyer.database.db
    .insertInto('assistant_unanswered')
    .values({
      id,
      house_id: options.houseId ?? t.house.id,
      normalised: options.text.toLowerCase(),
      text: options.text,
      language: 'de',
      conversation_id: options.conversationId ?? null,
      times_asked: options.timesAsked ?? 1,
      status: options.status ?? 'open',
      entry_id: null,
      first_asked_at: at,
      last_asked_at: at,
    })
    .execute();
  return id;
}
