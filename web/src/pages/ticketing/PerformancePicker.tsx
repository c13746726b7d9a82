import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePerformance, usePerformancePage } from '../../api/queries.ts';
import type { Performance } from '../../api/types.ts';
import { useLabels, type Labels } from '../../components/labels.ts';
import { useTimeFormat, type TimeFormat } from '../../session/time.ts';

/* Choosing a performance at the desk, at the door or for an exchange: the coming ones, searchable. */

/** The coming performances a picker offers; the desk looks weeks ahead, not years. */
const PICKER_LIMIT = 200;

export function performanceLabel(performance: Performance, labels: Labels, time: TimeFormat): string {
  const hall = performance.hall === null ? '' : ` · ${performance.hall.name}`;
  return `${time.date(performance.startsAt)} ${time.time(performance.startsAt)} · ${labels.title(performance.production.title)}${hall}`;
}

export function PerformancePicker({
  value,
  onChange,
  label,
  ...rest
}: {
  value: string | null;
  onChange: (performanceId: string | null) => void;
  label: string;
} & Omit<SelectProps, 'value' | 'onChange' | 'data' | 'label'>) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const coming = usePerformancePage({ from: time.today() }, PICKER_LIMIT, 0);
  // The chosen one may lie outside the coming ones (an order for a past performance).
  const chosen = usePerformance(value);
  const performances = [...(coming.data?.items ?? [])];
  if (chosen.data !== undefined && !performances.some((p) => p.id === chosen.data.id)) performances.unshift(chosen.data);
  return (
    <Select
      label={label}
      placeholder={t('ticketing.choosePerformance')}
      searchable
      nothingFoundMessage={t('ticketing.noPerformanceFound')}
      data={performances.map((performance) => ({
        value: performance.id,
        label: performanceLabel(performance, labels, time),
        disabled: performance.status === 'cancelled',
      }))}
      value={value}
      onChange={onChange}
      limit={PICKER_LIMIT}
      {...rest}
    />
  );
}
