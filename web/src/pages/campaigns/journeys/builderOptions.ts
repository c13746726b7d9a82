import { useAllProductions, useSegmentList } from '../../../api/audience.ts';
import { useChannelAccounts, useJourneyCampaigns } from '../../../api/campaigns.ts';
import { useLabels } from '../../../components/labels.ts';

/* What the builder's selects offer (segments, productions, journey campaigns, channel accounts), shared by the trigger editor and the step fields. */

type Options = { value: string; label: string }[];

export function useBuilderOptions() {
  const labels = useLabels();
  const segments = useSegmentList();
  const productions = useAllProductions();
  const campaigns = useJourneyCampaigns();
  const accounts = useChannelAccounts();
  return {
    segments: (segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name })),
    productions: (productions.data ?? []).map((production) => ({ value: production.id, label: labels.title(production.title) })),
    campaigns: (campaigns.data?.items ?? []).map((campaign) => ({ value: campaign.id, label: campaign.name })),
    mastodon: (accounts.data?.items ?? []).filter((account) => account.kind === 'mastodon').map((account) => ({ value: account.id, label: account.name })),
    webhooks: (accounts.data?.items ?? []).filter((account) => account.kind === 'webhook').map((account) => ({ value: account.id, label: account.name })),
  };
}
export type BuilderOptions = ReturnType<typeof useBuilderOptions>;

/** A Select that shows an unknown stored id as is, rather than an empty field. */
export function withCurrent(options: Options, value: string | undefined): Options {
  if (value === undefined || value === '' || options.some((option) => option.value === value)) return options;
  return [...options, { value, label: value }];
}
