import { createHash, randomBytes } from 'node:crypto';
import { normaliseQuestion } from '../assistant/conversations/store.ts';
import type { KnowledgeBase } from '../assistant/knowledge/service.ts';
import type { AssistantConversationTable, AssistantMessageTable, AssistantUnansweredTable } from '../assistant/tables.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { toJson } from '../core/db/json.ts';
import { newId } from '../core/ids.ts';
import { demoKnowledge } from './assistant-knowledge.ts';

/*
 * The demo house's visitor assistant: its knowledge base (assistant-knowledge.ts, checked
 * like staff input) and a few conversations, so that the inbox, the unanswered list and
 * the statistics are not empty on `npm start`: one visitor asked for a person, one was
 * not understood twice (both still waiting), and a complaint the dialogue team answered
 * and closed. Times are relative to the clock: the waiting ones are from the last hour.
 * The visitors are invented; their tokens are random and thrown away, so nobody can
 * continue these conversations in a widget.
 */

export interface DemoAssistantDeps {
  database: Database;
  clock: Clock;
  knowledge: Pick<KnowledgeBase, 'seedDemo'>;
}

export interface DemoAssistant {
  entries: number;
  conversations: number;
}

export const noDemoAssistant: DemoAssistant = { entries: 0, conversations: 0 };

const DEMO_ACTOR = 'system:demo';

interface Line {
  author: 'visitor' | 'assistant' | 'staff';
  text: string;
  intent?: string;
  confidence?: number;
  entities?: Record<string, unknown>;
  minutesAgo: number;
}

interface DemoConversation {
  language: 'de' | 'en';
  status: 'handed_over' | 'closed';
  reason: 'requested' | 'not_understood' | 'human_only';
  visitorName: string | null;
  visitorEmail: string | null;
  pageUrl: string;
  step: string;
  lines: Line[];
  handedOverMinutesAgo: number;
  assignToDialogueTeam: boolean;
}

const site = 'https://theater-auenstadt.example';

const conversations: DemoConversation[] = [
  {
    language: 'de',
    status: 'handed_over',
    reason: 'requested',
    visitorName: 'Meike Albers',
    visitorEmail: 'meike.albers@example.org',
    pageUrl: `${site}/spielplan`,
    step: 'idle',
    handedOverMinutesAgo: 24,
    assignToDialogueTeam: false,
    lines: [
      { author: 'assistant', text: 'Guten Tag! Ich bin der digitale Assistent des Theaters Auenstadt. Wie kann ich helfen?', minutesAgo: 27 },
      {
        author: 'visitor',
        text: 'Wir sind eine Gruppe von 14 Personen und möchten im März gemeinsam in die Zauberflöte. Gibt es dafür einen Gruppenpreis?',
        intent: 'faq.groups_schools',
        confidence: 0.78,
        entities: { ticketCount: 14, productions: [{ title: 'Die Zauberflöte', score: 1 }] },
        minutesAgo: 26,
      },
      { author: 'assistant', text: 'Gruppen ab 10 Personen erhalten 15 % Ermäßigung auf alle Preiskategorien. Die Buchung läuft über unsere Gruppenbetreuung.', minutesAgo: 26 },
      { author: 'visitor', text: 'Kann ich das bitte mit jemandem direkt besprechen? Wir bräuchten auch zwei Rollstuhlplätze.', intent: 'handover', confidence: 0.91, minutesAgo: 25 },
      { author: 'assistant', text: 'Gern gebe ich Ihr Anliegen an unser Team weiter. Unter welcher E-Mail-Adresse können wir Ihnen antworten, falls Sie nicht mehr im Chat sind?', minutesAgo: 24 },
      { author: 'visitor', text: 'meike.albers@example.org', entities: { email: 'meike.albers@example.org' }, minutesAgo: 24 },
      { author: 'assistant', text: 'Danke! Jemand aus unserem Team meldet sich hier im Chat oder per E-Mail bei Ihnen.', minutesAgo: 24 },
    ],
  },
  {
    language: 'en',
    status: 'handed_over',
    reason: 'not_understood',
    visitorName: null,
    visitorEmail: null,
    pageUrl: `${site}/museum`,
    step: 'idle',
    handedOverMinutesAgo: 6,
    assignToDialogueTeam: false,
    lines: [
      { author: 'assistant', text: 'Hello! I am the digital assistant of Theater Auenstadt. How can I help?', minutesAgo: 8 },
      { author: 'visitor', text: 'my grandmother uses a walker, can she borrow a wheelchair for the exhibition at the Stadtmuseum', intent: 'unknown', confidence: 0.21, minutesAgo: 7 },
      { author: 'assistant', text: 'Sorry, I did not quite understand that. Could you put it another way?', minutesAgo: 7 },
      { author: 'visitor', text: 'wheelchair to borrow in the museum?', intent: 'unknown', confidence: 0.26, minutesAgo: 6 },
      { author: 'assistant', text: 'I am passing your question to our team. Nobody is available right now; we will answer here as soon as someone is back.', minutesAgo: 6 },
    ],
  },
  {
    language: 'de',
    status: 'closed',
    reason: 'human_only',
    visitorName: 'Jörg Hellwig',
    visitorEmail: 'j.hellwig@example.net',
    pageUrl: `${site}/service`,
    step: 'idle',
    handedOverMinutesAgo: 60 * 26,
    assignToDialogueTeam: true,
    lines: [
      {
        author: 'visitor',
        text: 'Ich möchte mich beschweren: Bei der Vorstellung am Samstag war die Garderobe nach der Pause unbesetzt und wir haben 30 Minuten gewartet.',
        intent: 'complaint',
        confidence: 0.88,
        minutesAgo: 60 * 26 + 2,
      },
      { author: 'assistant', text: 'Das tut mir leid. Ihr Anliegen gebe ich an unser Team weiter; es meldet sich persönlich bei Ihnen.', minutesAgo: 60 * 26 },
      {
        author: 'staff',
        text: 'Sehr geehrter Herr Hellwig, vielen Dank für Ihre Nachricht und entschuldigen Sie bitte die Wartezeit. An dem Abend fehlte kurzfristig eine Kollegin an der Garderobe. Als kleine Entschädigung legen wir Ihnen zwei Getränkegutscheine an der Theaterkasse zurück.',
        minutesAgo: 60 * 22,
      },
    ],
  },
];

const unanswered = [
  { text: 'Gibt es im Großen Haus eine Induktionsschleife für Hörgeräte?', language: 'de', times: 3, daysAgo: 2 },
  { text: 'wheelchair to borrow in the museum?', language: 'en', times: 1, daysAgo: 0, conversation: 1 },
  { text: 'Darf ich meinen Hund mit ins Museum nehmen?', language: 'de', times: 2, daysAgo: 5 },
];

/** Seeds the knowledge base (idempotent by key) and the demo conversations (only into a house without any). */
export async function seedDemoAssistant(deps: DemoAssistantDeps, houseId: string): Promise<DemoAssistant> {
  const entries = await deps.knowledge.seedDemo(houseId, demoKnowledge, DEMO_ACTOR);
  const { db } = deps.database;
  const now = deps.clock.now().getTime();
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const seeded = await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('assistant_conversation').select('id').where('house_id', '=', houseId).limit(1).executeTakeFirst();
    if (existing !== undefined) return 0;
    const dialogueTeam = await trx.selectFrom('staff_account').select('id').where('house_id', '=', houseId).where('role', '=', 'dialogue').orderBy('created_at').limit(1).executeTakeFirst();
    const conversationRows: AssistantConversationTable[] = [];
    const messageRows: AssistantMessageTable[] = [];
    for (const planned of conversations) {
      const id = newId();
      const first = planned.lines[0] as Line;
      const last = planned.lines.at(-1) as Line;
      const assignedTo = planned.assignToDialogueTeam ? (dialogueTeam?.id ?? null) : null;
      conversationRows.push({
        id,
        house_id: houseId,
        token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
        language: planned.language,
        status: planned.status,
        handover_reason: planned.reason,
        assigned_to: assignedTo,
        contact_id: null,
        visitor_name: planned.visitorName,
        visitor_email: planned.visitorEmail,
        dialogue_state: toJson({ step: planned.step, memory: { genres: [], intents: [] } }),
        failed_understandings: planned.reason === 'not_understood' ? 2 : 0,
        page_url: planned.pageUrl,
        created_at: ago(first.minutesAgo),
        last_message_at: ago(last.minutesAgo),
        visitor_seen_at: ago(last.minutesAgo),
        handed_over_at: ago(planned.handedOverMinutesAgo),
        closed_at: planned.status === 'closed' ? ago(last.minutesAgo - 1) : null,
      });
      planned.lines.forEach((line, index) => {
        messageRows.push({
          id: newId(),
          conversation_id: id,
          house_id: houseId,
          seq: index + 1,
          author: line.author,
          staff_user_id: line.author === 'staff' ? assignedTo : null,
          text: line.text,
          language: planned.language,
          intent: line.intent ?? null,
          confidence: line.confidence ?? null,
          entities: line.entities === undefined ? null : toJson(line.entities),
          payload: null,
          emailed_at: null,
          created_at: ago(line.minutesAgo),
        });
      });
    }
    const unansweredRows: AssistantUnansweredTable[] = unanswered.map((question) => ({
      id: newId(),
      house_id: houseId,
      normalised: normaliseQuestion(question.text),
      text: question.text,
      language: question.language,
      conversation_id: question.conversation === undefined ? null : (conversationRows[question.conversation]?.id ?? null),
      times_asked: question.times,
      status: 'open',
      entry_id: null,
      first_asked_at: ago(question.daysAgo * 24 * 60 + 60 * 24 * 7),
      last_asked_at: ago(question.daysAgo * 24 * 60 + 6),
    }));
    await trx.insertInto('assistant_conversation').values(conversationRows).execute();
    await trx.insertInto('assistant_message').values(messageRows).execute();
    await trx
      .insertInto('assistant_unanswered')
      .values(unansweredRows)
      .onConflict((oc) => oc.columns(['house_id', 'normalised']).doNothing())
      .execute();
    return conversationRows.length;
  });
  return { entries, conversations: seeded };
}
