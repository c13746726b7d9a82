import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ContactListItem } from './audienceTypes.ts';
import { api } from './client.ts';
import type {
  Approvals,
  AutopilotRule,
  Branding,
  BrandingSettings,
  Campaign,
  CampaignInput,
  CampaignKind,
  CampaignMessage,
  CampaignPatch,
  CampaignProgress,
  CampaignStats,
  CampaignStatus,
  CampaignSummary,
  CampaignTemplate,
  ChannelAccount,
  ChannelAccountCreated,
  ChannelAccountInput,
  GraphProblem,
  Journey,
  JourneyInput,
  JourneyMode,
  JourneyNodeCounts,
  JourneySummary,
  MessageState,
  PostInput,
  PostState,
  PreviewRequest,
  ScheduledPost,
  SendingSettings,
  TemplateLanguage,
  TemplatePreview,
} from './campaignsTypes.ts';
import type { Page } from './types.ts';

/*
 * TanStack Query hooks and writes over /api/campaigns: the house's mail branding, the
 * template library with its preview, channels and posts, campaigns with their sending,
 * journeys, approvals, settings and the autopilot. Keys start with 'campaign-' so that a
 * write can invalidate what it changed.
 */

const base = '/api/campaigns';

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

// ---------- channels and posts ----------

export function useChannelAccounts() {
  return useQuery({
    queryKey: ['campaign-channels'],
    queryFn: ({ signal }) => api.get<{ items: ChannelAccount[] }>(`${base}/channels`, undefined, signal),
  });
}

export function usePostPage(state: PostState | null, limit: number, offset: number) {
  return useQuery({
    queryKey: ['campaign-posts', state, limit, offset],
    queryFn: ({ signal }) => api.get<Page<ScheduledPost>>(`${base}/posts`, { state, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

// ---------- campaigns ----------

export interface CampaignFilters {
  kind?: CampaignKind;
  status?: CampaignStatus;
}

/** A page of campaigns; while one of them is sending, asked again every five seconds so its bar moves. */
export function useCampaignPage(filters: CampaignFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: ['campaign-list', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<CampaignSummary>>(`${base}/campaigns`, { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((campaign) => campaign.status === 'sending') === true ? 5000 : false),
  });
}

/** The journey campaigns a send step can choose from. */
export function useJourneyCampaigns() {
  return useQuery({
    queryKey: ['campaign-list', { kind: 'journey' }, 500, 0],
    queryFn: ({ signal }) => api.get<Page<CampaignSummary>>(`${base}/campaigns`, { kind: 'journey', limit: 500, offset: 0 }, signal),
    staleTime: 30_000,
  });
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: ['campaign-one', id],
    queryFn: ({ signal }) => api.get<Campaign>(`${base}/campaigns/${id ?? ''}`, undefined, signal),
    enabled: id !== undefined,
  });
}

/** Polled every two seconds while a campaign is sending. */
export function useCampaignProgress(id: string, polling: boolean) {
  return useQuery({
    queryKey: ['campaign-progress', id],
    queryFn: ({ signal }) => api.get<CampaignProgress>(`${base}/campaigns/${id}/progress`, undefined, signal),
    refetchInterval: polling ? 2000 : false,
  });
}

export function useCampaignStats(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['campaign-stats', id],
    queryFn: ({ signal }) => api.get<CampaignStats>(`${base}/campaigns/${id}/stats`, undefined, signal),
    enabled,
  });
}

export function useCampaignMessages(id: string, state: MessageState | null, limit: number, offset: number) {
  return useQuery({
    queryKey: ['campaign-messages', id, state, limit, offset],
    queryFn: ({ signal }) => api.get<Page<CampaignMessage>>(`${base}/campaigns/${id}/messages`, { state, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useApprovals() {
  return useQuery({
    queryKey: ['campaign-approvals'],
    queryFn: ({ signal }) => api.get<Approvals>(`${base}/approvals`, undefined, signal),
  });
}

export function useSendingSettings() {
  return useQuery({
    queryKey: ['campaign-settings'],
    queryFn: ({ signal }) => api.get<SendingSettings>(`${base}/settings`, undefined, signal),
  });
}

export function useAutopilot() {
  return useQuery({
    queryKey: ['campaign-autopilot'],
    queryFn: ({ signal }) => api.get<{ rules: AutopilotRule[] }>(`${base}/autopilot`, undefined, signal),
  });
}

// ---------- journeys ----------

export function useJourneys() {
  return useQuery({
    queryKey: ['campaign-journeys'],
    queryFn: ({ signal }) => api.get<{ items: JourneySummary[] }>(`${base}/journeys`, undefined, signal),
  });
}

export function useJourney(id: string | undefined) {
  return useQuery({
    queryKey: ['campaign-journey', id],
    queryFn: ({ signal }) => api.get<Journey>(`${base}/journeys/${id ?? ''}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useJourneyNodeCounts(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['campaign-journey-nodes', id],
    queryFn: ({ signal }) => api.get<{ nodes: JourneyNodeCounts[] }>(`${base}/journeys/${id ?? ''}/nodes`, undefined, signal),
    enabled: id !== undefined && enabled,
    refetchInterval: 30_000,
  });
}

const campaignPath = (id: string, action = '') => `${base}/campaigns/${id}${action === '' ? '' : `/${action}`}`;
const journeyPath = (id: string, action = '') => `${base}/journeys/${id}${action === '' ? '' : `/${action}`}`;

export const campaignWrites = {
  saveBranding: (body: BrandingSettings) => api.put<Branding>(`${base}/branding`, body),
  preview: (key: string, body: PreviewRequest) => api.post<TemplatePreview>(`${base}/templates/${encodeURIComponent(key)}/preview`, body),

  createAccount: (body: ChannelAccountInput) => api.post<ChannelAccountCreated>(`${base}/channels`, body),
  removeAccount: (id: string) => api.delete(`${base}/channels/${id}`),
  createPost: (body: PostInput) => api.post<ScheduledPost>(`${base}/posts`, body),
  cancelPost: (id: string) => api.post<ScheduledPost>(`${base}/posts/${id}/cancel`),

  createCampaign: (body: CampaignInput) => api.post<Campaign>(`${base}/campaigns`, body),
  updateCampaign: (id: string, body: CampaignPatch) => api.patch<Campaign>(campaignPath(id), body),
  deleteCampaign: (id: string) => api.delete(campaignPath(id)),
  previewCampaign: (id: string, body: { language: TemplateLanguage; contactId?: string }) => api.post<TemplatePreview>(campaignPath(id, 'preview'), body),
  testSend: (id: string, body: { email: string; language: TemplateLanguage; contactId?: string }) => api.post<{ messageId: string }>(campaignPath(id, 'test-send'), body),
  schedule: (id: string, at: string | null) => api.post<Campaign>(campaignPath(id, 'schedule'), at === null ? {} : { at }),
  campaignAction: (id: string, action: 'pause' | 'resume' | 'cancel' | 'approve') => api.post<Campaign>(campaignPath(id, action), {}),
  rejectCampaign: (id: string, reason: string | null) => api.post<Campaign>(campaignPath(id, 'reject'), reason === null ? {} : { reason }),
  decideMessages: (ids: string[], decision: 'approve' | 'reject') => api.post<{ approved: number; rejected: number }>(`${base}/approvals/messages`, { ids, decision }),
  saveSettings: (body: SendingSettings) => api.put<SendingSettings>(`${base}/settings`, body),
  saveAutopilotRule: (rule: string, body: { enabled: boolean; mode: JourneyMode; params: Record<string, unknown> }) =>
    api.put<AutopilotRule>(`${base}/autopilot/${encodeURIComponent(rule)}`, body),

  createJourney: (body: JourneyInput) => api.post<Journey>(`${base}/journeys`, body),
  updateJourney: (id: string, body: Partial<JourneyInput>) => api.patch<Journey>(journeyPath(id), body),
  deleteJourney: (id: string) => api.delete(journeyPath(id)),
  journeyAction: (id: string, action: 'activate' | 'pause' | 'archive') => api.post<Journey>(journeyPath(id, action), {}),
  validateJourney: (body: Pick<JourneyInput, 'trigger' | 'graph'>) => api.post<{ problems: GraphProblem[] }>(`${base}/journeys/validate`, body),
};
