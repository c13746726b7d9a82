import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  AuditEntry,
  Consent,
  ConsentPolicy,
  Contact,
  ContactImportRun,
  ContactListItem,
  InteractionKind,
  PrivacyRequest,
  Segment,
  SegmentCount,
  SegmentMember,
  SegmentRule,
  Timeline,
} from './audienceTypes.ts';
import { api, request, type QueryValue } from './client.ts';
import { fetchAll } from './queries.ts';
import type { Page, Production } from './types.ts';

/*
 * TanStack Query hooks over the audience API. Keys start with the resource name
 * ('contacts', 'consents', 'timeline', 'segments', …) so that a write can invalidate it.
 */

export interface ContactFilters {
  q?: string;
  unitId?: string;
  purpose?: string;
}

export function useContactPage(filters: ContactFilters, limit: number, offset: number, enabled = true) {
  return useQuery({
    queryKey: ['contacts', 'page', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<ContactListItem>>('/api/contacts', { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ['contacts', 'one', id],
    queryFn: ({ signal }) => api.get<Contact>(`/api/contacts/${id ?? ''}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useConsents(contactId: string) {
  return useQuery({
    queryKey: ['consents', contactId],
    queryFn: async ({ signal }) => {
      const data = await api.get<Consent[] | { items: Consent[] }>(`/api/contacts/${contactId}/consents`, undefined, signal);
      return Array.isArray(data) ? data : data.items;
    },
  });
}

export function useTimeline(contactId: string, kind: InteractionKind | null, limit: number, offset: number) {
  return useQuery({
    queryKey: ['timeline', contactId, kind, limit, offset],
    queryFn: ({ signal }) => api.get<Timeline>(`/api/contacts/${contactId}/timeline`, { kind: kind ?? undefined, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Every production of the house: to choose one when noting an event, and in the segment builder. */
export function useAllProductions(enabled = true) {
  return useQuery({
    queryKey: ['productions', 'all'],
    queryFn: ({ signal }) => fetchAll<Production>('/api/productions', {}, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useConsentPolicies(enabled = true) {
  return useQuery({
    queryKey: ['consent-policies'],
    queryFn: async ({ signal }) => {
      const data = await api.get<ConsentPolicy[] | { items: ConsentPolicy[] }>('/api/consent-policies', undefined, signal);
      return Array.isArray(data) ? data : data.items;
    },
    enabled,
  });
}

export interface PrivacyRequestFilters {
  kind?: string;
  status?: string;
  from?: string;
  to?: string;
}

export function usePrivacyRequests(filters: PrivacyRequestFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: ['privacy-requests', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<PrivacyRequest>>('/api/privacy-requests', { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface AuditFilters {
  action?: string;
  contactId?: string;
  from?: string;
  to?: string;
}

export function auditQuery(filters: AuditFilters): Record<string, QueryValue> {
  return { ...filters };
}

export function useAuditLog(filters: AuditFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: ['audit', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/api/audit', { ...auditQuery(filters), limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSegmentList(enabled = true) {
  return useQuery({
    queryKey: ['segments', 'list'],
    queryFn: ({ signal }) => fetchAll<Segment>('/api/segments', {}, signal),
    enabled,
  });
}

export function useSegment(id: string | undefined) {
  return useQuery({
    queryKey: ['segments', 'one', id],
    queryFn: ({ signal }) => api.get<Segment>(`/api/segments/${id ?? ''}`, undefined, signal),
    enabled: id !== undefined,
  });
}

/** The live count of a rule tree; null rules count nothing (the query is off). */
export function useSegmentCount(rules: SegmentRule | null, sample: boolean) {
  return useQuery({
    queryKey: ['segments', 'count', rules, sample],
    queryFn: ({ signal }) => request<SegmentCount>('POST', '/api/segments/count', { body: { rules, sample }, signal }),
    enabled: rules !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 5_000,
  });
}

/** The size of a saved segment now. */
export function useSavedSegmentCount(id: string) {
  return useQuery({
    queryKey: ['segments', 'saved-count', id],
    queryFn: ({ signal }) => api.get<SegmentCount>(`/api/segments/${id}/count`, undefined, signal),
    staleTime: 30_000,
  });
}

export function useSegmentMembers(id: string, limit: number, offset: number, enabled = true) {
  return useQuery({
    queryKey: ['segments', 'members', id, limit, offset],
    queryFn: ({ signal }) => api.get<Page<SegmentMember>>(`/api/segments/${id}/members`, { limit, offset }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContactImportRuns() {
  return useQuery({
    queryKey: ['contact-imports'],
    queryFn: async ({ signal }) => (await api.get<Page<ContactImportRun>>('/api/contact-imports', { limit: 20 }, signal)).items,
  });
}
