import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useContactDiscoveryMetrics, useContactRecommendations } from '../../api/recommend.ts';
import type { ContactDiscoveryMetrics } from '../../api/recommendTypes.ts';
import { QueryState } from '../../components/page.tsx';
import { decimal, localeOf } from './discoveryFormat.ts';
import { RecommendationList } from './RecommendationList.tsx';

/*
 * On the contact page: what Foyer would recommend this person now, each item with the
 * sentence that explains it and the discoveries marked; and the person's range, the
 * variety (entropy over genres) of what they were recommended and of what they booked,
 * month by month, with the narrowing index that says whether it is shrinking.
 */

function narrowingKey(index: number | null): 'unknown' | 'narrowing' | 'widening' | 'steady' {
  if (index === null) return 'unknown';
  if (index > 0.1) return 'narrowing';
  if (index < -0.1) return 'widening';
  return 'steady';
}

function RangeChart({ metrics }: { metrics: ContactDiscoveryMetrics }) {
  const { t, i18n } = useTranslation();
  const monthFormat = new Intl.DateTimeFormat(localeOf(i18n.language), { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const months = metrics.months.map((month) => ({
    month: monthFormat.format(new Date(`${month.month}-15T12:00:00Z`)),
    recommended: month.recommendedEntropy,
    booked: month.bookedEntropy,
  }));
  const hasRange = months.some((month) => month.recommended !== null || month.booked !== null);
  const sides = ['booked', 'recommended'] as const;
  return (
    <Stack gap="xs">
      <Title order={4} size="h6">
        {t('discovery.contact.range')}
      </Title>
      {!metrics.personal ? (
        <Text size="sm" c="dimmed">
          {t('discovery.contact.noRangeConsent')}
        </Text>
      ) : (
        <>
          <Stack gap={2} data-testid="narrowing-index">
            {sides.map((side) => (
              <Text key={side} size="sm">
                {t(`discovery.contact.narrowing.${narrowingKey(metrics.narrowing[side])}`, { what: t(`discovery.contact.${side}`), index: decimal(metrics.narrowing[side], i18n.language) })}
              </Text>
            ))}
          </Stack>
          {hasRange ? (
            <div role="img" aria-label={t('discovery.contact.rangeLabel', { months: months.length })}>
              <LineChart
                h={180}
                data={months}
                dataKey="month"
                withLegend
                connectNulls
                series={[
                  { name: 'recommended', label: t('discovery.contact.recommended'), color: 'grape.6' },
                  { name: 'booked', label: t('discovery.contact.booked'), color: 'foyer.6' },
                ]}
                yAxisProps={{ domain: [0, 'auto'] }}
              />
            </div>
          ) : (
            <Text size="sm" c="dimmed">
              {t('discovery.contact.noRange')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('discovery.contact.rangeHint')}
          </Text>
        </>
      )}
    </Stack>
  );
}

export function RecommendationsCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const recommendations = useContactRecommendations(contactId);
  const metrics = useContactDiscoveryMetrics(contactId);
  return (
    <Card component="section" aria-labelledby="contact-recommendations" data-testid="recommendations-card">
      <Stack>
        <div>
          <Title order={3} size="h5" id="contact-recommendations">
            {t('discovery.contact.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('discovery.contact.hint')}
          </Text>
        </div>
        <QueryState query={recommendations}>
          {recommendations.data !== undefined && (
            <>
              {!recommendations.data.personal && (
                <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />} data-testid="not-personal">
                  {t('discovery.contact.notPersonal')}
                </Alert>
              )}
              <RecommendationList items={recommendations.data.items} label={t('discovery.contact.title')} />
            </>
          )}
        </QueryState>
        <QueryState query={metrics}>{metrics.data !== undefined && <RangeChart metrics={metrics.data} />}</QueryState>
      </Stack>
    </Card>
  );
}
