import { ActionIcon, Alert, Badge, Box, Button, Group, Paper, Popover, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarOff, IconChevronLeft, IconChevronRight, IconFileImport } from '@tabler/icons-react';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAllPerformances, useHalls, useUnits } from '../../api/queries.ts';
import type { Performance } from '../../api/types.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels, type Labels } from '../../components/labels.ts';
import { Loading, PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat, type TimeFormat } from '../../session/time.ts';
import { familyColor } from '../../theme.ts';
import classes from './calendar.module.css';
import { isDate, isoWeekNumber, monthGrid, sameMonth, shift, weekDays, type CalendarView } from './calendarModel.ts';
import { PerformanceDrawer } from './PerformanceDrawer.tsx';

const MAX_IN_CELL = 3;

function eventStyle(performance: Performance, labels: Labels): CSSProperties {
  const color = familyColor[labels.genreFamily(performance.production.genres[0] ?? '')] ?? 'gray';
  return {
    '--event-color': `var(--mantine-color-${color}-6)`,
    '--event-bg': `var(--mantine-color-${color}-0)`,
  } as CSSProperties;
}

function useOpenPerformance() {
  const [, setParams] = useSearchParams();
  return (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('performance', id);
      return next;
    });
}

function EventChip({ performance, labels, time }: { performance: Performance; labels: Labels; time: TimeFormat }) {
  const open = useOpenPerformance();
  const cancelled = performance.status === 'cancelled';
  const title = labels.title(performance.production.title);
  return (
    <UnstyledButton
      className={`${classes.event} ${cancelled ? classes.cancelled : ''}`}
      style={eventStyle(performance, labels)}
      onClick={() => open(performance.id)}
      title={`${time.time(performance.startsAt)} ${title}${performance.hall ? ` · ${performance.hall.name}` : ''}${cancelled ? ` (${labels.status('cancelled')})` : ''}`}
      data-testid="calendar-event"
    >
      <span className={classes.eventTime}>{time.time(performance.startsAt)}</span>
      <span className={classes.eventTitle}>{title}</span>
    </UnstyledButton>
  );
}

function MonthView({ day, byDay, labels, time }: { day: string; byDay: Map<string, Performance[]>; labels: Labels; time: TimeFormat }) {
  const { t } = useTranslation();
  const grid = monthGrid(day);
  const today = time.today();
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <div className={classes.grid} role="group" aria-label={time.monthTitle(day)}>
        {grid.days.slice(0, 7).map((weekday) => (
          <div key={weekday} className={classes.weekday} aria-hidden>
            {time.weekdayShort(weekday)}
          </div>
        ))}
        {grid.days.map((cellDay) => {
          const events = byDay.get(cellDay) ?? [];
          const outside = !sameMonth(cellDay, day);
          return (
            <div key={cellDay} className={`${classes.cell} ${outside ? classes.outside : ''}`} role="group" aria-label={time.dayMonth(cellDay)} data-day={cellDay}>
              <span className={`${classes.dayNumber} ${cellDay === today ? classes.today : ''}`}>{Number(cellDay.slice(8))}</span>
              {events.slice(0, MAX_IN_CELL).map((performance) => (
                <EventChip key={performance.id} performance={performance} labels={labels} time={time} />
              ))}
              {events.length > MAX_IN_CELL && (
                <Popover width={280} position="bottom" shadow="md" withArrow>
                  <Popover.Target>
                    <UnstyledButton fz="xs" c="dimmed" px={6} fw={500}>
                      {t('calendar.more', { count: events.length - MAX_IN_CELL })}
                    </UnstyledButton>
                  </Popover.Target>
                  <Popover.Dropdown>
                    <Stack gap={4}>
                      <Text size="sm" fw={600}>
                        {time.dayMonth(cellDay)}
                      </Text>
                      {events.map((performance) => (
                        <EventChip key={performance.id} performance={performance} labels={labels} time={time} />
                      ))}
                    </Stack>
                  </Popover.Dropdown>
                </Popover>
              )}
            </div>
          );
        })}
      </div>
    </ScrollArea>
  );
}

/** The month on a phone: the days that have performances, one under the other. */
function AgendaView({ day, byDay, labels, time }: { day: string; byDay: Map<string, Performance[]>; labels: Labels; time: TimeFormat }) {
  const { t } = useTranslation();
  const open = useOpenPerformance();
  const days = monthGrid(day).days.filter((cellDay) => sameMonth(cellDay, day) && (byDay.get(cellDay) ?? []).length > 0);
  if (days.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('calendar.nothing')}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {days.map((agendaDay) => (
        <div key={agendaDay} className={classes.weekColumn} style={{ minHeight: 0 }} data-day={agendaDay}>
          <Text size="sm" fw={700} c={agendaDay === time.today() ? 'foyer.8' : undefined}>
            {time.dayMonth(agendaDay)}
          </Text>
          {(byDay.get(agendaDay) ?? []).map((performance) => (
            <UnstyledButton
              key={performance.id}
              className={`${classes.weekEvent} ${performance.status === 'cancelled' ? classes.cancelled : ''}`}
              style={eventStyle(performance, labels)}
              onClick={() => open(performance.id)}
              data-testid="calendar-event"
            >
              <Group gap="sm" wrap="nowrap">
                <Text size="sm" c="dimmed" className={classes.weekEventTime} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {time.time(performance.startsAt)}
                </Text>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} lineClamp={1} className={classes.weekEventTitle}>
                    {labels.title(performance.production.title)}
                  </Text>
                  {performance.hall !== null && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {performance.hall.name}
                    </Text>
                  )}
                </div>
              </Group>
            </UnstyledButton>
          ))}
        </div>
      ))}
    </Stack>
  );
}

function WeekView({ day, byDay, labels, time }: { day: string; byDay: Map<string, Performance[]>; labels: Labels; time: TimeFormat }) {
  const { t } = useTranslation();
  const open = useOpenPerformance();
  const today = time.today();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4, lg: 7 }} spacing="xs">
      {weekDays(day).map((columnDay) => {
        const events = byDay.get(columnDay) ?? [];
        return (
          <div key={columnDay} className={`${classes.weekColumn} ${columnDay === today ? classes.weekColumnToday : ''}`} data-day={columnDay}>
            <Text size="sm" fw={700} c={columnDay === today ? 'foyer.8' : undefined}>
              {time.dayMonth(columnDay)}
            </Text>
            {events.length === 0 && (
              <Text size="xs" c="dimmed">
                {t('calendar.nothing')}
              </Text>
            )}
            {events.map((performance) => {
              const cancelled = performance.status === 'cancelled';
              return (
                <UnstyledButton
                  key={performance.id}
                  className={`${classes.weekEvent} ${cancelled ? classes.cancelled : ''}`}
                  style={eventStyle(performance, labels)}
                  onClick={() => open(performance.id)}
                  data-testid="calendar-event"
                >
                  <Text size="xs" c="dimmed" className={classes.weekEventTime}>
                    {time.time(performance.startsAt)}
                    {performance.endsAt !== null && `–${time.time(performance.endsAt)}`}
                  </Text>
                  <Text size="sm" fw={600} lh={1.3} className={classes.weekEventTitle}>
                    {labels.title(performance.production.title)}
                  </Text>
                  {performance.hall !== null && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {performance.hall.name}
                    </Text>
                  )}
                  {performance.status !== 'scheduled' && (
                    <Badge size="xs" mt={4} variant="white" color={cancelled ? 'red' : 'gray'}>
                      {labels.status(performance.status)}
                    </Badge>
                  )}
                </UnstyledButton>
              );
            })}
          </div>
        );
      })}
    </SimpleGrid>
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const labels = useLabels();
  const time = useTimeFormat();
  const units = useUnits();
  const halls = useHalls();
  const [params, setParams] = useSearchParams();
  const view: CalendarView = params.get('view') === 'week' ? 'week' : 'month';
  const requested = params.get('date');
  const day = isDate(requested) ? requested : time.today();
  const filters = { genre: params.get('genre') ?? undefined, unitId: params.get('unit') ?? undefined, hallId: params.get('hall') ?? undefined };

  const range = view === 'month' ? monthGrid(day) : { first: weekDays(day)[0] ?? day, last: weekDays(day)[6] ?? day };
  const performances = useAllPerformances({ from: range.first, to: range.last, ...filters });

  const byDay = useMemo(() => {
    const map = new Map<string, Performance[]>();
    for (const performance of performances.data ?? []) {
      const key = time.dayOf(performance.startsAt);
      const list = map.get(key) ?? [];
      list.push(performance);
      map.set(key, list);
    }
    for (const list of map.values()) list.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return map;
  }, [performances.data, time]);

  const update = (changes: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      return next;
    });

  const heading =
    view === 'month'
      ? time.monthTitle(day)
      : t('calendar.weekTitle', { week: isoWeekNumber(day), from: time.day(range.first), to: time.day(range.last) });

  const usedFamilies = [...new Set((performances.data ?? []).map((p) => labels.genreFamily(p.production.genres[0] ?? '')))].sort();

  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        description={t('calendar.description', { zone: time.zone })}
        actions={
          <SegmentedControl
            value={view}
            onChange={(value) => update({ view: value === 'week' ? 'week' : null })}
            aria-label={t('calendar.view')}
            data={[
              { value: 'month', label: t('calendar.month') },
              { value: 'week', label: t('calendar.week') },
            ]}
          />
        }
      />
      <Paper withBorder p="sm" mb="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <ActionIcon variant="default" size="lg" onClick={() => update({ date: shift(day, view, -1) })} aria-label={t('calendar.previous')}>
              <IconChevronLeft size={18} />
            </ActionIcon>
            <Button variant="default" onClick={() => update({ date: null })}>
              {t('calendar.today')}
            </Button>
            <ActionIcon variant="default" size="lg" onClick={() => update({ date: shift(day, view, 1) })} aria-label={t('calendar.next')}>
              <IconChevronRight size={18} />
            </ActionIcon>
            <Title order={3} size="h4" ml="xs" data-testid="calendar-heading" style={{ whiteSpace: 'nowrap' }}>
              {heading}
            </Title>
          </Group>
          <Group gap="xs" wrap="wrap" w={{ base: '100%', sm: 'auto' }}>
            <Select
              size="xs"
              w={{ base: '100%', xs: 170 }}
              placeholder={t('filters.allGenres')}
              aria-label={t('filters.genre')}
              data={labels.genreOptions}
              value={filters.genre ?? null}
              onChange={(value) => update({ genre: value })}
              clearable
              searchable
            />
            <Select
              size="xs"
              w={{ base: '100%', xs: 170 }}
              placeholder={t('filters.allUnits')}
              aria-label={t('filters.unit')}
              data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
              value={filters.unitId ?? null}
              onChange={(value) => update({ unit: value })}
              clearable
            />
            <Select
              size="xs"
              w={{ base: '100%', xs: 170 }}
              placeholder={t('filters.allHalls')}
              aria-label={t('filters.hall')}
              data={(halls.data ?? []).map((hall) => ({ value: hall.id, label: hall.name }))}
              value={filters.hallId ?? null}
              onChange={(value) => update({ hall: value })}
              clearable
            />
          </Group>
        </Group>
      </Paper>
      {performances.error !== null && <ErrorAlert error={performances.error} />}
      {performances.data !== undefined && performances.data.length === 0 && !performances.isPlaceholderData && (
        <Alert variant="light" color="gray" icon={<IconCalendarOff size={18} />} mb="md" title={t('calendar.emptyTitle')}>
          <Group justify="space-between" gap="sm">
            <Text size="sm">{t('calendar.emptyHint')}</Text>
            <Group gap="xs">
              {can('catalogue:import') && (
                <Button component={Link} to="/import" size="xs" leftSection={<IconFileImport size={14} />}>
                  {t('calendar.importSchedule')}
                </Button>
              )}
              {can('catalogue:write') && (
                <Button component={Link} to="/programme/productions/new" size="xs" variant="default">
                  {t('productions.new')}
                </Button>
              )}
            </Group>
          </Group>
        </Alert>
      )}
      {performances.isPending ? (
        <Loading />
      ) : (
        <Box pos="relative" style={{ opacity: performances.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          {view === 'week' ? (
            <WeekView day={day} byDay={byDay} labels={labels} time={time} />
          ) : phone ? (
            <AgendaView day={day} byDay={byDay} labels={labels} time={time} />
          ) : (
            <MonthView day={day} byDay={byDay} labels={labels} time={time} />
          )}
          <Group gap="md" mt="sm" wrap="wrap" aria-label={t('calendar.legend')}>
            <Text size="xs" c="dimmed">
              {t('calendar.performancesShown', { count: performances.data?.length ?? 0 })}
            </Text>
            {usedFamilies.map((family) => (
              <Group key={family} gap={6} wrap="nowrap">
                <span className={classes.legendDot} style={{ '--event-color': `var(--mantine-color-${familyColor[family] ?? 'gray'}-6)` } as CSSProperties} />
                <Text size="xs" c="dimmed">
                  {t(`families.${family}`)}
                </Text>
              </Group>
            ))}
          </Group>
        </Box>
      )}
      <PerformanceDrawer />
    </>
  );
}
