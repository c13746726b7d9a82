import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Card, EmptyState, Grid, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAssistantStats } from '../../api/assistant.ts';
import type { AssistantStats } from '../../api/assistantTypes.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { dailySeries, ratio, shareText } from './assistantModel.ts';

/*
 * How the assistant does: conversations and handovers per day, why it handed over, what
 * visitors want most, how much it answered without falling back, and what it booked.
 */

const ranges = [7, 30, 90, 365] as const;
const reasons = ['requested', 'not_understood', 'human_only'] as const;

function Figures({ stats }: { stats: AssistantStats }) {
  const { t, i18n } = useTranslation();
  const figures = [
    { key: 'conversations', value: String(stats.conversations), note: t('assistant.stats.visitorMessages', { count: stats.visitorMessages }) },
    { key: 'answeredShare', value: shareText(stats.visitorMessages === 0 ? null : stats.answeredShare, i18n.language), note: t('assistant.stats.answeredHint') },
    { key: 'handovers', value: String(stats.handovers.total), note: shareText(ratio(stats.handovers.total, stats.conversations), i18n.language) + ' ' + t('assistant.stats.ofConversations') },
    { key: 'orders', value: String(stats.bookings.orders), note: t('assistant.stats.tickets', { count: stats.bookings.tickets }) },
    { key: 'unansweredOpen', value: String(stats.unansweredOpen), note: null },
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} data-testid="assistant-figures">
      {figures.map((figure) => (
        <Card key={figure.key} p="sm">
          <Text size="xs" c="dimmed">
            {t(`assistant.stats.figures.${figure.key}`)}
          </Text>
          <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`stat-${figure.key}`}>
            {figure.value}
          </Text>
          {figure.key === 'unansweredOpen' ? (
            <Anchor component={Link} to="/assistant/unanswered" size="xs">
              {t('assistant.stats.toUnanswered')}
            </Anchor>
          ) : (
            <Text size="xs" c="dimmed">
              {figure.note}
            </Text>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Charts({ stats, days }: { stats: AssistantStats; days: number }) {
  const { t, i18n } = useTranslation();
  const time = useTimeFormat();
  const series = dailySeries(stats.perDay, time.today(), days);
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Card h="100%">
          <Title order={5} mb="sm">
            {t('assistant.stats.perDay')}
          </Title>
          <div role="img" aria-label={t('assistant.stats.perDayLabel', { conversations: stats.conversations, handovers: stats.handovers.total, days })} data-testid="per-day-chart">
            <BarChart
              h={260}
              data={series.map((day) => ({ ...day, date: time.dayMonth(day.date) }))}
              dataKey="date"
              series={[
                { name: 'conversations', label: t('assistant.stats.figures.conversations'), color: 'foyer.6' },
                { name: 'handovers', label: t('assistant.stats.figures.handovers'), color: 'orange.6' },
              ]}
              withLegend
              yAxisProps={{ allowDecimals: false }}
            />
          </div>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card h="100%">
          <Title order={5} mb="sm">
            {t('assistant.stats.reasons')}
          </Title>
          <div role="img" aria-label={reasons.map((reason) => `${t(`assistant.reasons.${reason}`)}: ${stats.handovers[reason]}`).join(', ')} data-testid="reasons-chart">
            <BarChart
              h={260}
              data={reasons.map((reason) => ({ reason: t(`assistant.reasons.${reason}`), count: stats.handovers[reason] }))}
              dataKey="reason"
              series={[{ name: 'count', label: t('assistant.stats.count'), color: 'orange.6' }]}
              yAxisProps={{ allowDecimals: false }}
            />
          </div>
        </Card>
      </Grid.Col>
      <Grid.Col span={12}>
        <Card p={0}>
          <Title order={5} p="md" pb={0}>
            {t('assistant.stats.topIntents')}
          </Title>
          {stats.topIntents.length === 0 ? (
            <Text size="sm" c="dimmed" p="md">
              {t('assistant.stats.noIntents')}
            </Text>
          ) : (
            <Table verticalSpacing="xs" data-testid="top-intents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assistant.stats.intent')}</Table.Th>
                  <Table.Th ta="right">{t('assistant.stats.count')}</Table.Th>
                  <Table.Th ta="right">{t('assistant.stats.share')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stats.topIntents.map((row) => (
                  <Table.Tr key={row.intent}>
                    <Table.Td ff="monospace" fz="sm">
                      {row.intent}
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {row.count}
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {shareText(ratio(row.count, stats.visitorMessages), i18n.language)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </Grid.Col>
    </Grid>
  );
}

export function StatsPage() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const stats = useAssistantStats(days);
  return (
    <>
      <PageHeader
        title={t('assistant.stats.title')}
        description={t('assistant.stats.description')}
        actions={
          <Group>
            <SegmentedControl
              value={String(days)}
              onChange={(value) => setDays(Number(value))}
              data={ranges.map((value) => ({ value: String(value), label: t('assistant.stats.days', { count: value }) }))}
              aria-label={t('assistant.stats.range')}
            />
          </Group>
        }
      />
      <QueryState query={stats}>
        {stats.data !== undefined &&
          (stats.data.conversations === 0 ? (
            <Card py="xl">
              <EmptyState icon={<IconMessageCircle size={28} />} withIndicatorBackground title={t('assistant.stats.emptyTitle')} description={t('assistant.stats.emptyDescription')} />
            </Card>
          ) : (
            <Stack>
              <Figures stats={stats.data} />
              <Charts stats={stats.data} days={days} />
            </Stack>
          ))}
      </QueryState>
    </>
  );
}
