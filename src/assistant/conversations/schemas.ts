import { z } from 'zod';

/* The public conversation API's inputs and answers (the assistant's HTTP contract). */

export const maxVisitorText = 1000;
export const maxVisitorMessages = 200;

const language = z.enum(['de', 'en']);

export const quickReplyDto = z.object({ label: z.string(), text: z.string() });
export const cardDto = z.object({
  kind: z.enum(['performance', 'production', 'discovery', 'faq']),
  title: z.string(),
  subtitle: z.string().optional(),
  url: z.string().optional(),
  imageUrl: z.string().optional(),
  badge: z.string().optional(),
});
export const linkDto = z.object({ label: z.string(), url: z.string() });

export const messageDto = z
  .object({
    seq: z.number().int(),
    author: z.enum(['visitor', 'assistant', 'staff']),
    text: z.string(),
    createdAt: z.string(),
    quickReplies: z.array(quickReplyDto).optional(),
    cards: z.array(cardDto).optional(),
    links: z.array(linkDto).optional(),
  })
  .meta({ id: 'AssistantMessage' });
export type MessageDto = z.output<typeof messageDto>;

export const publicConversationDto = z
  .object({ id: z.string(), language, status: z.enum(['open', 'handed_over', 'closed']), teamAvailable: z.boolean() })
  .meta({ id: 'AssistantConversation' });
export type PublicConversationDto = z.output<typeof publicConversationDto>;

export const startInput = z
  .object({
    language: language.optional(),
    pageUrl: z.url({ protocol: /^https?$/ }).max(2000).optional().describe('the page of the house the widget runs on'),
  })
  .strict();
export type StartInput = z.input<typeof startInput>;

export const startedDto = z.object({ conversation: publicConversationDto.extend({ token: z.string() }), messages: z.array(messageDto) });

export const messageInput = z
  .object({
    token: z.string().min(10).max(200),
    text: z.string().trim().min(1, 'write a message').max(maxVisitorText, `at most ${maxVisitorText} characters`),
  })
  .strict();
export type MessageInput = z.input<typeof messageInput>;

export const pollQuery = z.object({
  token: z.string().min(10).max(200),
  after: z.coerce.number().int().min(0).optional(),
});

export const conversationAnswerDto = z.object({ conversation: publicConversationDto, messages: z.array(messageDto) });
export type ConversationAnswer = z.output<typeof conversationAnswerDto>;

/** What a stored assistant message carries besides its text. */
export const payloadSchema = z.object({
  quickReplies: z.array(quickReplyDto).optional(),
  cards: z.array(cardDto).optional(),
  links: z.array(linkDto).optional(),
});
