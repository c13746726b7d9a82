/*
 * Row shapes of the assistant tables (migration 2026_11_27_s_assistant). Conventions as
 * in catalogue/tables.ts: UUIDv7 text ids, ISO-8601 UTC instants as text, JSON as text,
 * booleans as 0/1.
 */

export interface AssistantSettingsTable {
  house_id: string;
  enabled: number;
  /** JSON: the dialogue team's weekly hours in the house's zone, {"mon": [["09:00","17:00"]], …}. */
  team_hours: string;
  /** JSON: topics only a person answers (a knowledge topic, 'complaint', 'accessibility_request'). */
  human_only_topics: string;
  retention_days: number;
  updated_by: string;
  updated_at: string;
}

/** One FAQ entry of a house: question variants and the answer in both languages. */
export interface AssistantKnowledgeEntryTable {
  id: string;
  house_id: string;
  /** A knowledge topic (nlu/types.ts: faqTopics) or 'other'. */
  topic: string;
  questions_de: string; // JSON string[]
  questions_en: string; // JSON string[]
  answer_de: string;
  answer_en: string;
  links: string; // JSON {label: string, url: string}[]
  /** 1: the assistant does not answer this itself but hands over to a person. */
  human_only: number;
  /** The demo knowledge base's stable key; null for the house's own entries. */
  demo_key: string | null;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** A conversation of a visitor with the assistant and, after a handover, with the house. */
export interface AssistantConversationTable {
  id: string;
  house_id: string;
  /** sha256 of the visitor's conversation token (the token itself is only in the visitor's browser). */
  token_hash: string;
  language: string; // de | en
  status: string; // open | handed_over | closed
  handover_reason: string | null; // requested | not_understood | human_only
  assigned_to: string | null; // staff user id
  contact_id: string | null;
  visitor_name: string | null;
  visitor_email: string | null;
  /** JSON: the dialogue's state (current step, filled slots, hold, verification). */
  dialogue_state: string;
  failed_understandings: number;
  page_url: string | null;
  created_at: string;
  last_message_at: string;
  /** When the widget last asked for news: a staff reply goes by mail when the visitor has left. */
  visitor_seen_at: string;
  handed_over_at: string | null;
  closed_at: string | null;
}

export interface AssistantMessageTable {
  id: string;
  conversation_id: string;
  house_id: string;
  seq: number;
  author: string; // visitor | assistant | staff
  staff_user_id: string | null;
  text: string;
  language: string;
  intent: string | null;
  confidence: number | null;
  entities: string | null; // JSON
  payload: string | null; // JSON: quick replies, cards, links
  emailed_at: string | null;
  created_at: string;
}

/** A question the assistant could not answer, counted per house and normalised text. */
export interface AssistantUnansweredTable {
  id: string;
  house_id: string;
  normalised: string;
  text: string;
  language: string;
  conversation_id: string | null;
  times_asked: number;
  status: string; // open | dismissed | answered
  entry_id: string | null;
  first_asked_at: string;
  last_asked_at: string;
}

export interface AssistantTables {
  assistant_settings: AssistantSettingsTable;
  assistant_knowledge_entry: AssistantKnowledgeEntryTable;
  assistant_conversation: AssistantConversationTable;
  assistant_message: AssistantMessageTable;
  assistant_unanswered: AssistantUnansweredTable;
}
