import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ContactListItem } from './audienceTypes.ts';
import { api } from './client.ts';
import type { Branding, BrandingSettings, CampaignTemplate, PreviewRequest, TemplatePreview } from './campaignsTypes.ts';
import type { Page } from './types.ts';

/*
 * TanStack Query hooks and writes over /api/campaigns: the house's mail branding and the
 * template library with its preview. Keys start with 'campaign-'.
 */

export function useBranding() {
  return useQuery({
    queryKey: ['campaign-branding'],
    queryFn: ({ signal }) => api.get<Branding>('/api/campaigns/branding', undefined, signal),
    staleTime: 60_000,
  });
}

export function useCampaignTemplates() {
  return useQuery({
    queryKey: ['campaign-templates'],
    queryFn: ({ signal }) => api.get<{ items: CampaignTemplate[] }>('/api/campaigns/templates', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** Contacts matching a search, for a picker; only asked while the search has two characters. */
export function useContactSearch(q: string, enabled: boolean) {
  const query = q.trim();
  return useQuery({
    queryKey: ['contacts', 'search', query],
    queryFn: ({ signal }) => api.get<Page<ContactListItem>>('/api/contacts', { q: query, limit: 20, offset: 0 }, signal),
    enabled: enabled && query.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export const campaignWrites = {
  saveBranding: (body: BrandingSettings) => api.put<Branding>('/api/campaigns/branding', body),
  preview: (key: string, body: PreviewRequest) => api.post<TemplatePreview>(`/api/campaigns/templates/${encodeURIComponent(key)}/preview`, body),
};
