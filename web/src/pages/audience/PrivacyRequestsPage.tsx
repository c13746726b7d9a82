import { Badge, Select, Table, Text } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePrivacyRequests, type PrivacyRequestFilters } from '../../api/audience.ts';
import { DateRangeFilter, FilterBar, ResetFiltersButton } from '../../components/list/filters.tsx';
import { PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ActorName, ContactLink, useActorNames } from './actors.tsx';

/* Requests of people for their data (Art. 15/20) or their erasure (Art. 17), from the preference centre or by staff. */

const PAGE_SIZE = 25;

export function PrivacyRequestsPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const actors = useActorNames();
  const list = useListParams();
  const { params, page, update } = list;
  const from = params.get('from');
  const to = params.get('to');
  const filters: PrivacyRequestFilters = {
    kind: params.get('kind') ?? undefined,
    status: params.get('status') ?? undefined,
    // Days of the house; the API takes instants: from the start of the first day to the end of the last.
    from: from === null ? undefined : time.dayStart(from),
    to: to === null ? undefined : time.dayEnd(to),
  };
  const query = usePrivacyRequests(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);

  return (
    <>
      <PageHeader title={t('privacy.title')} description={t('privacy.description')} />
      <FilterBar cols={{ base: 1, sm: 2, md: 4 }}>
        <Select
          label={t('privacy.kind')}
          placeholder={t('privacy.allKinds')}
          data={['access', 'erasure'].map((value) => ({ value, label: t(`privacyKinds.${value}`) }))}
          value={filters.kind ?? null}
          onChange={(value) => update({ kind: value })}
          clearable
        />
        <Select
          label={t('privacy.status')}
          placeholder={t('privacy.allStatuses')}
          data={['done', 'failed'].map((value) => ({ value, label: t(`privacyStatuses.${value}`) }))}
          value={filters.status ?? null}
          onChange={(value) => update({ status: value })}
          clearable
        />
        <DateRangeFilter from={from} to={to} onChange={(range) => update(range ?? { from: null, to: null })} />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconShieldLock size={28} />, title: t('privacy.emptyTitle'), description: t('privacy.emptyDescription') }}
        minWidth={760}
        tableProps={{ fz: 'sm', 'data-testid': 'privacy-table' }}
        head={
          <>
            <Table.Th>{t('privacy.requestedAt')}</Table.Th>
            <Table.Th>{t('privacy.kind')}</Table.Th>
            <Table.Th>{t('privacy.status')}</Table.Th>
            <Table.Th>{t('privacy.via')}</Table.Th>
            <Table.Th>{t('privacy.who')}</Table.Th>
            <Table.Th>{t('privacy.contact')}</Table.Th>
            <Table.Th>{t('privacy.reason')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(item.requestedAt)}</Table.Td>
              <Table.Td>
                <Badge size="sm" radius="sm" variant="light" color={item.kind === 'erasure' ? 'red' : 'indigo'}>
                  {t(`privacyKinds.${item.kind}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" radius="sm" variant="outline" color={item.status === 'done' ? 'teal' : 'red'}>
                  {t(`privacyStatuses.${item.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{t(`privacyVia.${item.via}`)}</Table.Td>
              <Table.Td>
                <ActorName actor={item.actor} names={actors} />
              </Table.Td>
              <Table.Td>
                {item.contactId === null ? (
                  <Text size="sm" c="dimmed" title={item.pseudonym ?? undefined}>
                    {t('privacy.erasedPerson')}
                  </Text>
                ) : (
                  <ContactLink id={item.contactId} />
                )}
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" lineClamp={2}>
                  {item.reason ?? '–'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
    </>
  );
}
