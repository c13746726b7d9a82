import { Box, Button, EmptyState, Group, Pagination, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconCalendarOff, IconFilter, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePerformancePage, useHalls, useUnits, type PerformanceFilters } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { GenreBadges, Loading, PageHeader, StatusBadge } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { isDate } from './calendarModel.ts';
import { PerformanceDrawer } from './PerformanceDrawer.tsx';

const PAGE_SIZE = 25;
const filterKeys = ['from', 'to', 'genre', 'audience', 'unit', 'hall', 'status', 'q'] as const;

export function PerformanceListPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const units = useUnits();
  const halls = useHalls();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);

  const from = params.has('from') ? params.get('from') : time.today();
  const to = params.get('to');
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
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

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const searchLater = useDebouncedCallback((value: string) => update({ q: value.trim() === '' ? null : value.trim() }), 300);

  const anyFilter = filterKeys.some((key) => params.has(key));
  const activeFilters = (['genre', 'audience', 'unit', 'hall', 'status', 'to'] as const).filter((key) => params.has(key)).length;
  const resetFilters = () => {
    setSearch('');
    setParams(new URLSearchParams(), { replace: true });
  };
  const open = (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('performance', id);
      return next;
    });

  const data = query.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <>
      <PageHeader title={t('list.title')} description={t('list.description')} />
      <Paper withBorder p="md" mb="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            label={t('filters.search')}
            placeholder={t('filters.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              searchLater(event.currentTarget.value);
            }}
          />
          {phone && (
            <Button variant="default" leftSection={<IconFilter size={16} />} onClick={toggleFilters} aria-expanded={filtersOpen}>
              {t('filters.more', { count: activeFilters })}
            </Button>
          )}
          {(!phone || filtersOpen) && (
            <>
          <DatePickerInput
            type="range"
            label={t('filters.dateRange')}
            placeholder={t('filters.anyDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            allowSingleDateInRange
            value={[filters.from ?? null, filters.to ?? null]}
            onChange={([start, end]) => {
              if (start === null && end === null) update({ from: '', to: null });
              else if (start !== null && end !== null) update({ from: start.slice(0, 10), to: end.slice(0, 10) });
            }}
          />
          <Select label={t('filters.genre')} placeholder={t('filters.allGenres')} data={labels.genreOptions} value={filters.genre ?? null} onChange={(value) => update({ genre: value })} clearable searchable />
          <Select label={t('filters.audience')} placeholder={t('filters.allAudiences')} data={labels.audienceOptions} value={filters.audience ?? null} onChange={(value) => update({ audience: value })} clearable />
          <Select
            label={t('filters.unit')}
            placeholder={t('filters.allUnits')}
            data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
            value={filters.unitId ?? null}
            onChange={(value) => update({ unit: value })}
            clearable
          />
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
          <Group align="flex-end">
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={resetFilters} disabled={!anyFilter && search === ''}>
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
          <EmptyState icon={<IconCalendarOff size={28} />} withIndicatorBackground title={t('list.emptyTitle')} description={t('list.emptyDescription')} />
        </Paper>
      ) : (
        data !== undefined && (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={760}>
              <Table striped={false} data-testid="performance-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('list.date')}</Table.Th>
                    <Table.Th>{t('list.time')}</Table.Th>
                    <Table.Th>{t('list.production')}</Table.Th>
                    <Table.Th>{t('list.hall')}</Table.Th>
                    <Table.Th>{t('list.status')}</Table.Th>
                    <Table.Th ta="right">{t('list.seats')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((performance) => {
                    const cancelled = performance.status === 'cancelled';
                    return (
                      <Table.Tr
                        key={performance.id}
                        className="clickable-row"
                        tabIndex={0}
                        onClick={() => open(performance.id)}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter' || event.key === ' ') {
                            event.preventDefault();
                            open(performance.id);
                          }
                        }}
                      >
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
                      </Table.Tr>
                    );
                  })}
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
      <PerformanceDrawer />
    </>
  );
}
