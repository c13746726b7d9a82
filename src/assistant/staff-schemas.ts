import { z } from 'zod';
import { hasQuestion, knowledgeEntryFields, noQuestion } from './knowledge/model.ts';
import { knowledgeQuery, unansweredStatuses } from './knowledge/service.ts';
import { knowledgeTopics } from './nlu/types.ts';
import { cardDto, linkDto, quickReplyDto } from './conversations/schemas.ts';
import { conversationStatuses, handoverReasons } from './inbox/service.ts';
import { teamHoursSchema } from './settings.ts';

/* The shapes of the assistant's staff API (/api/assistant): the fixed contract of issue 7. */

const ref = z.object({ id: z.string(), name: z.string() });

export const conversationSummaryDto = z
  .object({
    id: z.string(),
    status: z.enum(conversationStatuses),
    language: z.enum(['de', 'en']),
    handoverReason: z.enum(handoverReasons).nullable(),
    assignedTo: ref.nullable(),
    visitorName: z.string().nullable(),
    visitorEmail: z.string().nullable(),
    contact: ref.nullable(),
    lastMessageAt: z.string(),
    handedOverAt: z.string().nullable(),
    preview: z.string(),
    messageCount: z.number().int(),
    visitorPresent: z.boolean().describe('the widget asked for news within the last two minutes'),
  })
  .meta({ id: 'ConversationSummary' });

export const staffMessageDto = z
  .object({
    seq: z.number().int(),
    author: z.enum(['visitor', 'assistant', 'staff']),
    text: z.string(),
    createdAt: z.string(),
    quickReplies: z.array(quickReplyDto).optional(),
    cards: z.array(cardDto).optional(),
    links: z.array(linkDto).optional(),
    intent: z.string().nullable(),
    confidence: z.number().nullable(),
    staffUser: ref.nullable(),
    emailedAt: z.string().nullable(),
  })
  .meta({ id: 'StaffMessage' });

export const conversationDetailDto = conversationSummaryDto
  .extend({
    pageUrl: z.string().nullable(),
    createdAt: z.string(),
    messages: z.array(staffMessageDto),
    context: z.object({ step: z.string().nullable(), intents: z.array(z.string()), entities: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'ConversationDetail' });

export const conversationPageDto = z.object({ items: z.array(conversationSummaryDto), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const assigneesDto = z.object({ items: z.array(ref) }).meta({ id: 'AssistantAssignees' });

export const replyDto = z.object({ message: staffMessageDto, delivery: z.enum(['widget', 'email', 'none']).describe('widget: the visitor is there; email: mailed; none: no way to reach them') });

export const knowledgeEntryDto = z
  .object({
    id: z.string(),
    topic: z.enum(knowledgeTopics as [string, ...string[]]),
    questions: z.object({ de: z.array(z.string()), en: z.array(z.string()) }),
    answer: z.object({ de: z.string(), en: z.string() }),
    links: z.array(z.object({ label: z.string(), url: z.string() })),
    humanOnly: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'KnowledgeEntry' });

export const knowledgeCreateInput = knowledgeEntryFields
  .extend({ fromUnansweredId: z.uuid().optional().describe('the unanswered question this entry answers: marked answered with it') })
  .refine(hasQuestion, noQuestion);

export const knowledgeListQuery = knowledgeQuery;

export const unansweredDto = z
  .object({
    id: z.string(),
    text: z.string(),
    language: z.string(),
    timesAsked: z.number().int(),
    firstAskedAt: z.string(),
    lastAskedAt: z.string(),
    status: z.enum(unansweredStatuses),
    conversationId: z.string().nullable(),
  })
  .meta({ id: 'UnansweredQuestion' });

export const unansweredQuery = z.object({ status: z.enum(unansweredStatuses).default('open') });

export const assistantSettingsDto = z
  .object({
    enabled: z.boolean(),
    teamHours: teamHoursSchema,
    humanOnlyTopics: z.array(z.string()),
    retentionDays: z.number().int(),
    teamAvailableNow: z.boolean(),
    languageModel: z.object({ configured: z.boolean() }),
  })
  .meta({ id: 'AssistantSettings' });

export const assistantStatsDto = z
  .object({
    conversations: z.number().int(),
    visitorMessages: z.number().int(),
    answeredShare: z.number().describe('0..1 of visitor messages answered without fallback'),
    handovers: z.object({ total: z.number().int(), requested: z.number().int(), not_understood: z.number().int(), human_only: z.number().int() }),
    bookings: z.object({ orders: z.number().int(), tickets: z.number().int() }),
    unansweredOpen: z.number().int(),
    topIntents: z.array(z.object({ intent: z.string(), count: z.number().int() })),
    perDay: z.array(z.object({ date: z.string().describe('YYYY-MM-DD in the house zone'), conversations: z.number().int(), handovers: z.number().int() })),
  })
  .meta({ id: 'AssistantStats' });
