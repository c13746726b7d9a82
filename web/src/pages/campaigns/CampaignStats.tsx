import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Card, EmptyState, Grid, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCampaignStats } from '../../api/campaigns.ts';
import type { Campaign, CampaignStats as Stats } from '../../api/campaignsTypes.ts';
import { formatMoney } from '../../components/money.ts';
import { QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';

/*
 * What a campaign achieved: sent, delivered, opened, clicked, unsubscribed, and the
 * bookings (with their revenue) the server attributes to it within seven days of a
 * click; by day, and by variant where the campaign was split.
 */

const rate = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10} %`);

function Totals({ stats }: { stats: Stats }) {
  const { t, i18n } = useTranslation();
  const figures = [
    { key: 'sent', value: stats.sent, note: null },
    { key: 'delivered', value: stats.delivered, note: rate(stats.delivered, stats.sent) },
    { key: 'opened', value: stats.opened, note: rate(stats.opened, stats.delivered) },
    { key: 'clicked', value: stats.clicked, note: rate(stats.clicked, stats.delivered) },
    { key: 'unsubscribed', value: stats.unsubscribed, note: rate(stats.unsubscribed, stats.delivered) },
    { key: 'bounced', value: stats.bounced, note: rate(stats.bounced, stats.sent) },
    { key: 'bookings', value: stats.bookings, note: stats.currency === null ? null : formatMoney(stats.revenueMinor, stats.currency, i18n.language) },
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} data-testid="campaign-totals">
      {figures.map((figure) => (
        <Card key={figure.key} p="sm">
          <Text size="xs" c="dimmed">
            {t(`campaignsApp.stats.${figure.key}`)}
          </Text>
          <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`stat-${figure.key}`}>
            {figure.value}
          </Text>
          {figure.note !== null && (
            <Text size="xs" c="dimmed">
              {figure.note}
            </Text>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function CampaignStats({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const started = campaign.startedAt !== null || campaign.status === 'active' || campaign.counts.sent > 0;
  const stats = useCampaignStats(campaign.id, true);
  if (!started && stats.data !== undefined && stats.data.sent === 0) {
    return (
      <Card py="xl">
        <EmptyState icon={<IconChartBar size={28} />} withIndicatorBackground title={t('campaignsApp.stats.emptyTitle')} description={t('campaignsApp.stats.emptyDescription')} />
      </Card>
    );
  }
  return (
    <QueryState query={stats}>
      {stats.data !== undefined && (
        <Stack>
          <Totals stats={stats.data} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Card h="100%">
                <Title order={5} mb="sm">
                  {t('campaignsApp.stats.funnel')}
                </Title>
                <div role="img" aria-label={t('campaignsApp.stats.funnelLabel', { sent: stats.data.sent, opened: stats.data.opened, clicked: stats.data.clicked, bookings: stats.data.bookings })}>
                  <BarChart
                    h={260}
                    data={(['sent', 'delivered', 'opened', 'clicked', 'bookings', 'unsubscribed'] as const).map((key) => ({ step: t(`campaignsApp.stats.${key}`), people: stats.data[key] }))}
                    dataKey="step"
                    series={[{ name: 'people', label: t('campaignsApp.stats.people'), color: 'foyer.6' }]}
                    yAxisProps={{ allowDecimals: false }}
                    withTooltip
                  />
                </div>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Card h="100%">
                <Title order={5} mb="sm">
                  {t('campaignsApp.stats.daily')}
                </Title>
                {stats.data.daily.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('campaignsApp.stats.noDays')}
                  </Text>
                ) : (
                  <div role="img" aria-label={t('campaignsApp.stats.dailyLabel', { count: stats.data.daily.length })} data-testid="daily-chart">
                    <LineChart
                      h={260}
                      data={stats.data.daily.map((day) => ({ ...day, date: time.dayMonth(day.date) }))}
                      dataKey="date"
                      series={[
                        { name: 'sent', label: t('campaignsApp.stats.sent'), color: 'gray.6' },
                        { name: 'opened', label: t('campaignsApp.stats.opened'), color: 'blue.6' },
                        { name: 'clicked', label: t('campaignsApp.stats.clicked'), color: 'teal.6' },
                        { name: 'bookings', label: t('campaignsApp.stats.bookings'), color: 'foyer.7' },
                      ]}
                      withLegend
                      yAxisProps={{ allowDecimals: false }}
                      curveType="linear"
                    />
                  </div>
                )}
              </Card>
            </Grid.Col>
          </Grid>
          {stats.data.variants.length > 1 && (
            <Card p={0}>
              <Title order={5} p="md" pb={0}>
                {t('campaignsApp.stats.variants')}
              </Title>
              <Table.ScrollContainer minWidth={560}>
                <Table verticalSpacing="xs" data-testid="variant-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('campaignsApp.campaigns.variant')}</Table.Th>
                      <Table.Th ta="right">{t('campaignsApp.stats.sent')}</Table.Th>
                      <Table.Th ta="right">{t('campaignsApp.stats.opened')}</Table.Th>
                      <Table.Th ta="right">{t('campaignsApp.stats.clicked')}</Table.Th>
                      <Table.Th ta="right">{t('campaignsApp.stats.bookings')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {stats.data.variants.map((variant) => (
                      <Table.Tr key={variant.variant ?? '-'}>
                        <Table.Td fw={600}>{variant.variant ?? t('campaignsApp.stats.noVariant')}</Table.Td>
                        <Table.Td ta="right">{variant.sent}</Table.Td>
                        <Table.Td ta="right">
                          {variant.opened} ({rate(variant.opened, variant.sent)})
                        </Table.Td>
                        <Table.Td ta="right">
                          {variant.clicked} ({rate(variant.clicked, variant.sent)})
                        </Table.Td>
                        <Table.Td ta="right">{variant.bookings}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
          <Text size="xs" c="dimmed">
            {t('campaignsApp.stats.attribution')}
          </Text>
        </Stack>
      )}
    </QueryState>
  );
}
