import '@mantine/charts/styles.css';
import { AreaChart } from '@mantine/charts';
import { EmptyState } from '@mantine/core';
import { IconChartAreaLine } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SalesPoint } from '../../api/ticketingTypes.ts';

/*
 * Tickets sold so far, by days before the performance, counting down to the evening
 * itself. The API gives a point only for days with sales; the chart starts one day before
 * the first sale at zero and carries the total on to today (or to the performance, once
 * it is past), so that the flat stretches read as days without sales.
 */

export interface CurvePoint {
  daysBefore: number;
  tickets: number;
}

/** The points to draw, from the earliest day down to `daysToGo` (0 on the day itself or after). */
export function curvePoints(curve: readonly SalesPoint[], daysToGo: number): CurvePoint[] {
  if (curve.length === 0) return [];
  const sorted = [...curve].sort((a, b) => b.daysBefore - a.daysBefore);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return [];
  const points: CurvePoint[] = [{ daysBefore: first.daysBefore + 1, tickets: 0 }, ...sorted];
  const end = Math.max(0, Math.min(daysToGo, last.daysBefore));
  if (end < last.daysBefore) points.push({ daysBefore: end, tickets: last.tickets });
  return points;
}

export function SalesCurveChart({ curve, startsAt }: { curve: readonly SalesPoint[]; startsAt: string }) {
  const { t } = useTranslation();
  const daysToGo = Math.max(0, Math.floor((Date.parse(startsAt) - Date.now()) / 86_400_000));
  const points = curvePoints(curve, daysToGo);
  if (points.length === 0) {
    return <EmptyState icon={<IconChartAreaLine size={28} />} withIndicatorBackground title={t('ticketing.noSalesTitle')} description={t('ticketing.noSalesDescription')} />;
  }
  return (
    <div data-testid="sales-curve" role="img" aria-label={t('ticketing.salesCurveLabel', { count: points[points.length - 1]?.tickets ?? 0 })}>
      <AreaChart
        h={260}
        data={points.map((point) => ({ daysBefore: point.daysBefore, tickets: point.tickets }))}
        dataKey="daysBefore"
        series={[{ name: 'tickets', label: t('ticketing.ticketsSold'), color: 'foyer.7' }]}
        curveType="stepAfter"
        withDots={points.length < 40}
        xAxisLabel={t('ticketing.daysBefore')}
        yAxisLabel={t('ticketing.tickets')}
        yAxisProps={{ allowDecimals: false }}
      />
    </div>
  );
}
