import { Anchor, Button, Group, Progress, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCalendarOff, IconCashRegister, IconScan } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePerformancePage, useHalls, type PerformanceFilters } from '../../api/queries.ts';
import { useInventories } from '../../api/ticketing.ts';
import type { Inventory } from '../../api/ticketingTypes.ts';
import { useLabels } from '../../components/labels.ts';
import { DateRangeFilter, FilterBar, ResetFiltersButton, SearchFilter, UnitFilter } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { PageHeader, StatusBadge } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { isDate } from '../programme/calendarModel.ts';

/*
 * The coming performances with their sales at a glance. Each row asks for its own
 * inventory (twenty rows, twenty small requests, cached for half a minute): the
 * performance list does not carry ticket counts, and a page of twenty keeps it cheap.
 */

const PAGE_SIZE = 20;
const filterKeys = ['from', 'to', 'unit', 'hall', 'q'] as const;

function SeatsCell({ inventory, loading }: { inventory: Inventory | undefined; loading: boolean }) {
  const { t } = useTranslation();
  if (inventory === undefined) {
    return (
      <Text size="sm" c="dimmed">
        {loading ? '…' : '–'}
      </Text>
    );
  }
  const capacity = inventory.quotas.find((quota) => quota.key === 'capacity');
  const taken = capacity === undefined ? 0 : capacity.sold + capacity.pending;
  const size = capacity?.size ?? inventory.availability.capacity;
  const share = size === 0 ? 0 : (taken / size) * 100;
  return (
    <Tooltip label={t('ticketing.seatsTooltip', { sold: capacity?.sold ?? 0, pending: capacity?.pending ?? 0, held: capacity?.held ?? 0, free: inventory.availability.available })}>
      <Stack gap={4} miw={140}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="row-sold">
            {t('ticketing.soldOf', { sold: taken, capacity: size })}
          </Text>
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="row-free">
            {t('ticketing.freeCount', { count: inventory.availability.available })}
          </Text>
        </Group>
        <Progress value={share} size="sm" color={share >= 90 ? 'red' : share >= 60 ? 'yellow' : 'teal'} aria-label={t('ticketing.utilisation')} />
      </Stack>
    </Tooltip>
  );
}

export function SalesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const halls = useHalls();
  const { can } = useSession();
  const navigate = useNavigate();
  // Without a `from` the list starts today; a cleared range keeps an empty `from`.
  const list = useListParams({ keepEmpty: true });
  const { params, page, update } = list;
  const from = params.has('from') ? params.get('from') : time.today();
  const to = params.get('to');
  const filters: PerformanceFilters = {
    from: isDate(from) ? from : undefined,
    to: isDate(to) ? to : undefined,
    unitId: params.get('unit') ?? undefined,
    hallId: params.get('hall') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const query = usePerformancePage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const ids = (query.data?.items ?? []).map((performance) => performance.id);
  const inventories = useInventories(ids, can('ticketing:inventory'));
  const inventoryOf = new Map(ids.map((id, index) => [id, inventories[index]]));
  const anyFilter = filterKeys.some((key) => params.has(key));

  return (
    <>
      <PageHeader
        title={t('ticketing.salesTitle')}
        description={t('ticketing.salesDescription')}
        actions={
          <>
            {can('ticketing:sell') && (
              <Button component={Link} to="/ticketing/sell" leftSection={<IconCashRegister size={16} />}>
                {t('ticketing.sell')}
              </Button>
            )}
            {can('ticketing:check_in') && (
              <Button component={Link} to="/ticketing/check-in" variant="default" leftSection={<IconScan size={16} />}>
                {t('ticketing.checkIn')}
              </Button>
            )}
          </>
        }
      />
      <FilterBar cols={{ base: 1, xs: 2, md: 5 }}>
        <SearchFilter list={list} placeholder={t('filters.searchPlaceholder')} />
        <DateRangeFilter from={filters.from ?? null} to={filters.to ?? null} onChange={(range) => update(range ?? { from: '', to: null })} />
        <UnitFilter value={filters.unitId} onChange={(value) => update({ unit: value })} />
        <Select
          label={t('filters.hall')}
          placeholder={t('filters.allHalls')}
          data={(halls.data ?? []).map((hall) => ({ value: hall.id, label: `${hall.name} · ${hall.venueName}` }))}
          value={filters.hallId ?? null}
          onChange={(value) => update({ hall: value })}
          clearable
          searchable
        />
        <ResetFiltersButton onClick={list.reset} disabled={!anyFilter && list.search === ''} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconCalendarOff size={28} />, title: t('list.emptyTitle'), description: t('list.emptyDescription') }}
        minWidth={820}
        tableProps={{ 'data-testid': 'sales-table' }}
        head={
          <>
            <Table.Th>{t('list.date')}</Table.Th>
            <Table.Th>{t('list.production')}</Table.Th>
            <Table.Th>{t('list.hall')}</Table.Th>
            <Table.Th>{t('list.status')}</Table.Th>
            <Table.Th>{t('ticketing.seats')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((performance) => {
            const inventory = inventoryOf.get(performance.id);
            const to = `/ticketing/performances/${performance.id}`;
            return (
              <ClickableRow key={performance.id} onOpen={() => void navigate(to)}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{time.date(performance.startsAt)}</Text>
                  <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {time.time(performance.startsAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={to} size="sm" fw={600} onClick={(event) => event.stopPropagation()}>
                    {labels.title(performance.production.title)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{performance.hall?.name ?? '–'}</Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={performance.status} labels={labels} />
                </Table.Td>
                <Table.Td>
                  <SeatsCell inventory={inventory?.data} loading={inventory?.isLoading ?? false} />
                </Table.Td>
              </ClickableRow>
            );
          })
        }
      </PagedTable>
    </>
  );
}
