import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type {
  AssignedFilter,
  Assignee,
  AssistantSettings,
  AssistantSettingsInput,
  AssistantStats,
  ConversationDetail,
  ConversationPage,
  ConversationSummary,
  Delivery,
  KnowledgeEntry,
  KnowledgeEntryInput,
  StaffMessage,
  StatusFilter,
  UnansweredQuestion,
} from './assistantTypes.ts';

/*
 * TanStack Query hooks and writes over /api/assistant. Keys start with 'assistant-' so a
 * write can invalidate what it changes. The inbox refreshes itself every ten seconds:
 * visitors write while the page is open, and nobody should have to press reload for it.
 */

const base = '/api/assistant';
export const INBOX_REFRESH_MS = 10_000;

export function useConversations(filters: { status: StatusFilter; assigned: AssignedFilter }, limit: number, offset: number) {
  return useQuery({
    queryKey: ['assistant-conversations', filters, limit, offset],
    queryFn: ({ signal }) => api.get<ConversationPage>(`${base}/conversations`, { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: INBOX_REFRESH_MS,
  });
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: ['assistant-conversation', id],
    queryFn: ({ signal }) => api.get<ConversationDetail>(`${base}/conversations/${id ?? ''}`, undefined, signal),
    enabled: id !== null,
    refetchInterval: INBOX_REFRESH_MS,
  });
}

/** Whom a conversation can be assigned to; the dialogue team may read it without staff:manage. */
export function useAssignees() {
  return useQuery({
    queryKey: ['assistant-assignees'],
    queryFn: ({ signal }) => api.get<{ items: Assignee[] }>(`${base}/assignees`, undefined, signal),
    staleTime: 60_000,
  });
}

export function useKnowledge(filters: { topic: string | null; q: string }) {
  return useQuery({
    queryKey: ['assistant-knowledge', filters],
    queryFn: ({ signal }) => api.get<{ items: KnowledgeEntry[] }>(`${base}/knowledge`, { topic: filters.topic, q: filters.q }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUnanswered(status: UnansweredQuestion['status']) {
  return useQuery({
    queryKey: ['assistant-unanswered', status],
    queryFn: ({ signal }) => api.get<{ items: UnansweredQuestion[] }>(`${base}/unanswered`, { status }, signal),
  });
}

export function useAssistantSettings() {
  return useQuery({ queryKey: ['assistant-settings'], queryFn: ({ signal }) => api.get<AssistantSettings>(`${base}/settings`, undefined, signal) });
}

export function useAssistantStats(days: number) {
  return useQuery({
    queryKey: ['assistant-stats', days],
    queryFn: ({ signal }) => api.get<AssistantStats>(`${base}/stats`, { days }, signal),
    staleTime: 60_000,
  });
}

export const assistantWrites = {
  reply: (id: string, text: string) => api.post<{ message: StaffMessage; delivery: Delivery }>(`${base}/conversations/${id}/replies`, { text }),
  close: (id: string) => api.post<ConversationSummary>(`${base}/conversations/${id}/close`),
  assign: (id: string, userId: string | null) => api.post<ConversationSummary>(`${base}/conversations/${id}/assign`, { userId }),
  createEntry: (input: KnowledgeEntryInput, fromUnansweredId?: string) =>
    api.post<KnowledgeEntry>(`${base}/knowledge`, fromUnansweredId === undefined ? input : { ...input, fromUnansweredId }),
  updateEntry: (id: string, input: KnowledgeEntryInput) => api.put<KnowledgeEntry>(`${base}/knowledge/${id}`, input),
  deleteEntry: (id: string) => api.delete(`${base}/knowledge/${id}`),
  dismiss: (id: string) => api.post<unknown>(`${base}/unanswered/${id}/dismiss`),
  saveSettings: ({ enabled, teamHours, humanOnlyTopics, retentionDays }: AssistantSettingsInput) =>
    api.put<AssistantSettings>(`${base}/settings`, { enabled, teamHours, humanOnlyTopics, retentionDays }),
};
