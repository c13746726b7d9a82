import { Anchor, Badge, Button, EmptyState, Group, Pagination, Paper, Select, SimpleGrid, Table, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconFilterOff, IconShieldLock } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePrivacyRequests, type PrivacyRequestFilters } from '../../api/audience.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading, PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ActorName, useActorNames } from './actors.tsx';

/* Requests of people for their data (Art. 15/20) or their erasure (Art. 17), from the preference centre or by staff. */

const PAGE_SIZE = 25;

export function PrivacyRequestsPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const actors = useActorNames();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const from = params.get('from');
  const to = params.get('to');
  const filters: PrivacyRequestFilters = {
    kind: params.get('kind') ?? undefined,
    status: params.get('status') ?? undefined,
    // Days of the house; the API takes instants: from the start of the first day to the end of the last.
    from: from === null ? undefined : dayjs.tz(from, time.zone).startOf('day').toISOString(),
    to: to === null ? undefined : dayjs.tz(to, time.zone).add(1, 'day').startOf('day').toISOString(),
  };
  const query = usePrivacyRequests(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const data = query.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <PageHeader title={t('privacy.title')} description={t('privacy.description')} />
      <Paper withBorder p="md" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
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
          <DatePickerInput
            type="range"
            label={t('filters.dateRange')}
            placeholder={t('filters.anyDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            allowSingleDateInRange
            value={[from, to]}
            onChange={([start, end]) => {
              if (start === null && end === null) update({ from: null, to: null });
              else if (start !== null && end !== null) update({ from: start.slice(0, 10), to: end.slice(0, 10) });
            }}
          />
          <Group align="flex-end">
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={() => setParams(new URLSearchParams(), { replace: true })} disabled={params.size === 0}>
              {t('filters.reset')}
            </Button>
          </Group>
        </SimpleGrid>
      </Paper>
      {query.error !== null && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <Loading />
      ) : data !== undefined && data.items.length === 0 ? (
        <Paper withBorder py="xl">
          <EmptyState icon={<IconShieldLock size={28} />} withIndicatorBackground title={t('privacy.emptyTitle')} description={t('privacy.emptyDescription')} />
        </Paper>
      ) : (
        data !== undefined && (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={760}>
              <Table fz="sm" data-testid="privacy-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('privacy.requestedAt')}</Table.Th>
                    <Table.Th>{t('privacy.kind')}</Table.Th>
                    <Table.Th>{t('privacy.status')}</Table.Th>
                    <Table.Th>{t('privacy.via')}</Table.Th>
                    <Table.Th>{t('privacy.who')}</Table.Th>
                    <Table.Th>{t('privacy.contact')}</Table.Th>
                    <Table.Th>{t('privacy.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
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
                          <Anchor component={Link} to={`/audience/contacts/${item.contactId}`} size="sm" ff="monospace">
                            {item.contactId.slice(-8)}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td maw={260}>
                        <Text size="sm" lineClamp={2}>
                          {item.reason ?? '–'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Text size="sm" c="dimmed">
                {t('common.range', { from: (page - 1) * PAGE_SIZE + 1, to: Math.min(page * PAGE_SIZE, total), total })}
              </Text>
              <Pagination total={pages} value={Math.min(page, pages)} onChange={(value) => update({ page: String(value) })} size="sm" aria-label={t('common.pagination')} />
            </Group>
          </Paper>
        )
      )}
    </>
  );
}
