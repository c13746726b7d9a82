import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Card, EmptyState, Grid, Group, SegmentedControl, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChartLine, IconCompass, IconLayoutGrid, IconScale, IconSparkles, type Icon } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDiscoveryMetrics } from '../../api/recommend.ts';
import type { DiscoveryMetrics } from '../../api/recommendTypes.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { decimal, percent, whole } from './discoveryFormat.ts';

/*
 * The house's discovery at a glance, for the director and marketing: does what Foyer
 * recommends spread over the whole programme, or does it narrow people into the few
 * productions everyone already books? Four figures, each with what it means and why it
 * matters, and their course week by week.
 */

const periods = ['90', '180', '365'] as const;

interface Figure {
  key: 'coverage' | 'gini' | 'discoveryShare' | 'newGenre';
  icon: Icon;
  value: string;
}

function Figures({ metrics }: { metrics: DiscoveryMetrics }) {
  const { t, i18n } = useTranslation();
  const figures: Figure[] = [
    { key: 'coverage', icon: IconLayoutGrid, value: percent(metrics.coverage, i18n.language) },
    { key: 'gini', icon: IconScale, value: decimal(metrics.exposureGini, i18n.language) },
    { key: 'discoveryShare', icon: IconCompass, value: percent(metrics.discoveryBookingShare, i18n.language) },
    { key: 'newGenre', icon: IconSparkles, value: whole(metrics.firstBookingsInNewGenre, i18n.language) },
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="discovery-figures">
      {figures.map((figure) => (
        <Card key={figure.key} component="section" aria-labelledby={`discovery-figure-${figure.key}`}>
          <Group gap="xs" wrap="nowrap" mb={4}>
            <ThemeIcon variant="light" radius="md" size="md" aria-hidden>
              <figure.icon size={16} />
            </ThemeIcon>
            <Text size="sm" fw={600} id={`discovery-figure-${figure.key}`}>
              {t(`discovery.figures.${figure.key}.label`)}
            </Text>
          </Group>
          <Text fw={700} fz={30} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`discovery-${figure.key}`}>
            {figure.value}
          </Text>
          <Text size="sm" mt="xs">
            {t(`discovery.figures.${figure.key}.means`)}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {t(`discovery.figures.${figure.key}.matters`)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function Charts({ metrics }: { metrics: DiscoveryMetrics }) {
  const { t, i18n } = useTranslation();
  const time = useTimeFormat();
  if (metrics.weeks.length === 0 || metrics.weeks.every((week) => week.exposures === 0 && week.bookings === 0)) {
    return (
      <Card py="xl">
        <EmptyState icon={<IconChartLine size={28} />} withIndicatorBackground title={t('discovery.charts.emptyTitle')} description={t('discovery.charts.emptyDescription')} />
      </Card>
    );
  }
  const weeks = metrics.weeks.map((week) => ({
    week: time.dayMonth(time.dayOf(week.from)),
    coverage: Math.round(week.coverage * 1000) / 10,
    discoveryShare: Math.round(week.discoveryBookingShare * 1000) / 10,
    gini: Math.round(week.exposureGini * 100) / 100,
    newGenre: week.firstBookingsInNewGenre,
  }));
  const last = metrics.weeks[metrics.weeks.length - 1];
  const pct = (value: number) => `${value} %`;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Card h="100%">
          <Title order={3} size="h5">
            {t('discovery.charts.range')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('discovery.charts.rangeHint')}
          </Text>
          <div role="img" aria-label={t('discovery.charts.rangeLabel', { weeks: weeks.length, coverage: percent(last?.coverage, i18n.language), share: percent(last?.discoveryBookingShare, i18n.language) })}>
            <LineChart
              h={240}
              data={weeks}
              dataKey="week"
              valueFormatter={pct}
              withLegend
              series={[
                { name: 'coverage', label: t('discovery.figures.coverage.label'), color: 'foyer.6' },
                { name: 'discoveryShare', label: t('discovery.figures.discoveryShare.label'), color: 'grape.6' },
              ]}
              yAxisProps={{ domain: [0, 100] }}
            />
          </div>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Card h="100%">
          <Title order={3} size="h5">
            {t('discovery.charts.exposure')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('discovery.charts.exposureHint')}
          </Text>
          <div role="img" aria-label={t('discovery.charts.exposureLabel', { weeks: weeks.length, gini: decimal(last?.exposureGini, i18n.language) })}>
            <LineChart
              h={240}
              data={weeks}
              dataKey="week"
              series={[{ name: 'gini', label: t('discovery.figures.gini.label'), color: 'orange.6' }]}
              yAxisProps={{ domain: [0, 1] }}
            />
          </div>
        </Card>
      </Grid.Col>
      <Grid.Col span={12}>
        <Card>
          <Title order={3} size="h5">
            {t('discovery.charts.newGenre')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('discovery.charts.newGenreHint')}
          </Text>
          <div role="img" aria-label={t('discovery.charts.newGenreLabel', { weeks: weeks.length, count: metrics.firstBookingsInNewGenre })}>
            <BarChart
              h={200}
              data={weeks}
              dataKey="week"
              series={[{ name: 'newGenre', label: t('discovery.figures.newGenre.label'), color: 'teal.6' }]}
              yAxisProps={{ allowDecimals: false }}
            />
          </div>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

function WhyItMatters() {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-labelledby="discovery-why">
      <Title order={3} size="h5" id="discovery-why" mb="xs">
        {t('discovery.why.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Text size="sm">{t('discovery.why.bubble')}</Text>
        <Text size="sm">{t('discovery.why.horizons')}</Text>
      </SimpleGrid>
    </Card>
  );
}

export function DiscoveryPage() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<string>('180');
  const metrics = useDiscoveryMetrics(Number(days));
  return (
    <>
      <PageHeader
        title={t('discovery.title')}
        description={t('discovery.description')}
        actions={
          <SegmentedControl
            value={days}
            onChange={setDays}
            aria-label={t('discovery.period')}
            data={periods.map((value) => ({ value, label: t('discovery.days', { count: Number(value) }) }))}
          />
        }
      />
      <Stack gap="lg">
        <QueryState query={metrics}>
          {metrics.data !== undefined && (
            <>
              <Figures metrics={metrics.data} />
              <Text size="sm" c="dimmed" data-testid="discovery-basis">
                {t('discovery.basis', { exposures: whole(metrics.data.exposures, i18n.language), bookings: whole(metrics.data.bookings, i18n.language) })}
              </Text>
              <Charts metrics={metrics.data} />
            </>
          )}
        </QueryState>
        <WhyItMatters />
      </Stack>
    </>
  );
}
