import { Box, Button, Select, Table, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconCalendarOff, IconFilter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePerformancePage, useHalls, type PerformanceFilters } from '../../api/queries.ts';
import { useLabels } from '../../components/labels.ts';
import { DateRangeFilter, FilterBar, ResetFiltersButton, SearchFilter, UnitFilter } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { GenreBadges, PageHeader, StatusBadge } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { isDate } from './calendarModel.ts';
import { PerformanceDrawer } from './PerformanceDrawer.tsx';

const PAGE_SIZE = 25;
const filterKeys = ['from', 'to', 'genre', 'audience', 'unit', 'hall', 'status', 'q'] as const;

export function PerformanceListPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const halls = useHalls();
  // A cleared date range is kept as an empty `from`: without one the list starts today.
  const list = useListParams({ keepEmpty: true });
  const { params, setParams, page, update } = list;
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);

  const from = params.has('from') ? params.get('from') : time.today();
  const to = params.get('to');
  const filters: PerformanceFilters = {
    from: isDate(from) ? from : undefined,
    to: isDate(to) ? to : undefined,
    genre: params.get('genre') ?? undefined,
    audience: params.get('audience') ?? undefined,
    unitId: params.get('unit') ?? undefined,
    hallId: params.get('hall') ?? undefined,
    status: params.get('status') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const query = usePerformancePage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);

  const anyFilter = filterKeys.some((key) => params.has(key));
  const activeFilters = (['genre', 'audience', 'unit', 'hall', 'status', 'to'] as const).filter((key) => params.has(key)).length;
  const open = (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('performance', id);
      return next;
    });

  return (
    <>
      <PageHeader title={t('list.title')} description={t('list.description')} />
      <FilterBar>
        <SearchFilter list={list} placeholder={t('filters.searchPlaceholder')} />
        {phone && (
          <Button variant="default" leftSection={<IconFilter size={16} />} onClick={toggleFilters} aria-expanded={filtersOpen}>
            {t('filters.more', { count: activeFilters })}
          </Button>
        )}
        {(!phone || filtersOpen) && (
          <>
            <DateRangeFilter from={filters.from ?? null} to={filters.to ?? null} onChange={(range) => update(range ?? { from: '', to: null })} />
            <Select label={t('filters.genre')} placeholder={t('filters.allGenres')} data={labels.genreOptions} value={filters.genre ?? null} onChange={(value) => update({ genre: value })} clearable searchable />
            <Select label={t('filters.audience')} placeholder={t('filters.allAudiences')} data={labels.audienceOptions} value={filters.audience ?? null} onChange={(value) => update({ audience: value })} clearable />
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
            <Select label={t('filters.status')} placeholder={t('filters.allStatuses')} data={labels.statusOptions} value={filters.status ?? null} onChange={(value) => update({ status: value })} clearable />
          </>
        )}
        <ResetFiltersButton onClick={list.reset} disabled={!anyFilter && list.search === ''} />
      </FilterBar>

      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconCalendarOff size={28} />, title: t('list.emptyTitle'), description: t('list.emptyDescription') }}
        minWidth={760}
        tableProps={{ striped: false, 'data-testid': 'performance-table' }}
        head={
          <>
            <Table.Th>{t('list.date')}</Table.Th>
            <Table.Th>{t('list.time')}</Table.Th>
            <Table.Th>{t('list.production')}</Table.Th>
            <Table.Th>{t('list.hall')}</Table.Th>
            <Table.Th>{t('list.status')}</Table.Th>
            <Table.Th ta="right">{t('list.seats')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((performance) => {
            const cancelled = performance.status === 'cancelled';
            return (
              <ClickableRow key={performance.id} onOpen={() => open(performance.id)}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.date(performance.startsAt)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{time.time(performance.startsAt)}</Table.Td>
                <Table.Td>
                  <Box>
                    <Text size="sm" fw={600} td={cancelled ? 'line-through' : undefined} c={cancelled ? 'dimmed' : undefined}>
                      {labels.title(performance.production.title)}
                    </Text>
                    <GenreBadges codes={performance.production.genres} labels={labels} size="xs" />
                  </Box>
                </Table.Td>
                <Table.Td>
                  {performance.hall !== null ? (
                    <>
                      <Text size="sm">{performance.hall.name}</Text>
                      <Text size="xs" c="dimmed">
                        {performance.hall.venueName}
                      </Text>
                    </>
                  ) : (
                    <Text size="sm" c="dimmed">
                      –
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={performance.status} labels={labels} />
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {performance.effectiveCapacity ?? '–'}
                </Table.Td>
              </ClickableRow>
            );
          })
        }
      </PagedTable>
      <PerformanceDrawer />
    </>
  );
}
