import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './client.ts';
import type { ContactDiscoveryMetrics, ContactRecommendations, DiscoveryMetrics, DiscoverySettings, DiscoverySettingsInput, SettingsPreview } from './recommendTypes.ts';

/*
 * TanStack Query hooks and writes over /api/recommend: a contact's list with its
 * explanations (in the language of the interface), the discovery measures of the house
 * and of one person, and the house's discovery setting with its preview. Keys start with
 * 'recommend-' so that saving the setting can invalidate every list it changes.
 */

const base = '/api/recommend';

/** The list as long as the house's setting makes it. */
export function useContactRecommendations(contactId: string) {
  const { i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'de';
  return useQuery({
    queryKey: ['recommend-contact', contactId, language],
    queryFn: ({ signal }) => api.get<ContactRecommendations>(`${base}/contacts/${contactId}`, { language }, signal),
  });
}

export function useContactDiscoveryMetrics(contactId: string) {
  return useQuery({
    queryKey: ['recommend-contact-metrics', contactId],
    queryFn: ({ signal }) => api.get<ContactDiscoveryMetrics>(`${base}/contacts/${contactId}/metrics`, undefined, signal),
  });
}

export function useDiscoveryMetrics(days: number) {
  return useQuery({
    queryKey: ['recommend-metrics', days],
    queryFn: ({ signal }) => api.get<DiscoveryMetrics>(`${base}/metrics`, { days }, signal),
    staleTime: 60_000,
  });
}

export function useDiscoverySettings() {
  return useQuery({
    queryKey: ['recommend-settings'],
    queryFn: ({ signal }) => api.get<DiscoverySettings>(`${base}/settings`, undefined, signal),
  });
}

export const recommendWrites = {
  saveSettings: ({ listSize, discoverySlots }: DiscoverySettingsInput) => api.put<DiscoverySettings>(`${base}/settings`, { listSize, discoverySlots }),
  /** The sample lists come in the language of the interface, as the contact page's list does. */
  preview: ({ listSize, discoverySlots }: DiscoverySettingsInput, language: string) =>
    api.post<SettingsPreview>(`${base}/settings/preview`, { listSize, discoverySlots, language: language === 'en' ? 'en' : 'de' }),
};
