import { Badge, Button, Select, Table, Text } from '@mantine/core';
import { IconMailOff, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCampaignPage, type CampaignFilters } from '../../api/campaigns.ts';
import { campaignKinds, campaignStatuses, type CampaignKind, type CampaignStatus } from '../../api/campaignsTypes.ts';
import { FilterBar, ResetFiltersButton } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { CampaignStatusBadge, DeliveryBar } from './campaignDisplay.tsx';

/* Newsletters and journey mails: what is planned, what is going out right now, what went. */

const PAGE_SIZE = 25;

const isKind = (value: string | null): value is CampaignKind => value !== null && (campaignKinds as readonly string[]).includes(value);
const isStatus = (value: string | null): value is CampaignStatus => value !== null && (campaignStatuses as readonly string[]).includes(value);

export function CampaignsPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const navigate = useNavigate();
  const list = useListParams();
  const { params, page, update } = list;
  const kind = params.get('kind');
  const status = params.get('status');
  const filters: CampaignFilters = { kind: isKind(kind) ? kind : undefined, status: isStatus(status) ? status : undefined };
  const query = useCampaignPage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);

  return (
    <>
      <PageHeader
        title={t('campaignsApp.campaigns.title')}
        description={t('campaignsApp.campaigns.description')}
        actions={
          <Button component={Link} to="/campaigns/list/new" leftSection={<IconPlus size={16} />}>
            {t('campaignsApp.campaigns.new')}
          </Button>
        }
      />
      <FilterBar>
        <Select
          label={t('campaignsApp.campaigns.kind')}
          placeholder={t('campaignsApp.campaigns.anyKind')}
          data={campaignKinds.map((value) => ({ value, label: t(`campaignsApp.kinds.${value}`) }))}
          value={filters.kind ?? null}
          onChange={(value) => update({ kind: value })}
          clearable
        />
        <Select
          label={t('campaignsApp.campaigns.status')}
          placeholder={t('campaignsApp.anyState')}
          data={campaignStatuses.map((value) => ({ value, label: t(`campaignsApp.statuses.${value}`) }))}
          value={filters.status ?? null}
          onChange={(value) => update({ status: value })}
          clearable
        />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconMailOff size={28} />, title: t('campaignsApp.campaigns.emptyTitle'), description: t('campaignsApp.campaigns.emptyDescription') }}
        minWidth={900}
        tableProps={{ 'data-testid': 'campaign-table', verticalSpacing: 'sm' }}
        head={
          <>
            <Table.Th>{t('campaignsApp.campaigns.name')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.kind')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.status')}</Table.Th>
            <Table.Th w={240}>{t('campaignsApp.campaigns.delivery')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.when')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((campaign) => {
            const when = campaign.finishedAt ?? campaign.startedAt ?? campaign.scheduledAt;
            return (
              <ClickableRow key={campaign.id} onOpen={() => void navigate(`/campaigns/list/${campaign.id}`)}>
                <Table.Td>
                  <Text fw={500} size="sm">
                    {campaign.name}
                  </Text>
                  {campaign.autopilotRule !== null && (
                    <Text size="xs" c="dimmed">
                      {t('campaignsApp.autopilot.fromRule', { rule: campaign.autopilotRule })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="outline" color="gray" radius="sm">
                    {t(`campaignsApp.kinds.${campaign.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <CampaignStatusBadge status={campaign.status} />
                </Table.Td>
                <Table.Td>
                  <DeliveryBar counts={campaign.counts} recipients={campaign.recipients} size="sm" />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{when === null ? '—' : time.dateTime(when)}</Table.Td>
              </ClickableRow>
            );
          })
        }
      </PagedTable>
    </>
  );
}
