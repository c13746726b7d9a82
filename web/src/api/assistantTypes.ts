/* The visitor assistant's staff API (/api/assistant), as the server answers it. */

export type Author = 'visitor' | 'assistant' | 'staff';
export type ConversationStatus = 'open' | 'handed_over' | 'closed';
export type HandoverReason = 'requested' | 'not_understood' | 'human_only';
export type Delivery = 'widget' | 'email' | 'none';

export interface QuickReply {
  label: string;
  text: string;
}

export interface Card {
  kind: 'performance' | 'production' | 'discovery' | 'faq';
  title: string;
  subtitle?: string;
  url?: string;
  imageUrl?: string;
  badge?: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface StaffMessage {
  seq: number;
  author: Author;
  text: string;
  createdAt: string;
  quickReplies?: QuickReply[];
  cards?: Card[];
  links?: Link[];
  intent: string | null;
  confidence: number | null;
  staffUser: { id: string; name: string } | null;
  emailedAt: string | null;
}

export interface ConversationSummary {
  id: string;
  status: ConversationStatus;
  language: 'de' | 'en';
  handoverReason: HandoverReason | null;
  assignedTo: { id: string; name: string } | null;
  visitorName: string | null;
  visitorEmail: string | null;
  contact: { id: string; name: string } | null;
  lastMessageAt: string;
  handedOverAt: string | null;
  preview: string;
  messageCount: number;
  visitorPresent: boolean;
}

export interface ConversationDetail extends ConversationSummary {
  pageUrl: string | null;
  createdAt: string;
  messages: StaffMessage[];
  context: { step: string | null; intents: string[]; entities: Record<string, unknown> };
}

export interface ConversationPage {
  items: ConversationSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /api/assistant/assignees: the house-wide staff who work the inbox, by name. */
export interface Assignee {
  id: string;
  name: string;
}

export type StatusFilter = ConversationStatus | 'all';
export type AssignedFilter = 'me' | 'unassigned' | 'anyone';

export const knowledgeTopics = [
  'opening_hours',
  'prices',
  'reductions',
  'accessibility',
  'directions',
  'parking',
  'cloakroom',
  'gastronomy',
  'photography',
  'groups_schools',
  'vouchers',
  'lost_found',
  'other',
] as const;
export type KnowledgeTopic = (typeof knowledgeTopics)[number];

export interface KnowledgeEntryInput {
  topic: KnowledgeTopic;
  questions: { de: string[]; en: string[] };
  answer: { de: string; en: string };
  links: Link[];
  humanOnly: boolean;
}

export interface KnowledgeEntry extends KnowledgeEntryInput {
  id: string;
  updatedAt: string;
}

export interface UnansweredQuestion {
  id: string;
  text: string;
  language: 'de' | 'en';
  timesAsked: number;
  firstAskedAt: string;
  lastAskedAt: string;
  status: 'open' | 'dismissed' | 'answered';
  conversationId: string | null;
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export type TimeRange = [string, string];
export type TeamHours = Record<Weekday, TimeRange[]>;

export interface AssistantSettingsInput {
  enabled: boolean;
  teamHours: TeamHours;
  humanOnlyTopics: string[];
  retentionDays: number;
}

export interface AssistantSettings extends AssistantSettingsInput {
  teamAvailableNow: boolean;
  languageModel: { configured: boolean };
  /** Not in the fixed contract: shown when a server adds it. */
  nextOpening?: string | null;
}

export interface AssistantStats {
  conversations: number;
  visitorMessages: number;
  answeredShare: number;
  handovers: { total: number; requested: number; not_understood: number; human_only: number };
  bookings: { orders: number; tickets: number };
  unansweredOpen: number;
  topIntents: { intent: string; count: number }[];
  perDay: { date: string; conversations: number; handovers: number }[];
}
