import { Group, NumberInput, Select, Stack } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import type { WaitSpec } from '../../../../../src/campaigns/journeys/definition.ts';
import { durationParts } from './stepText.ts';

/* The fields of a wait step: a duration, a time of day, or days before the booked performance. */

export function WaitFields({ wait, onChange, error, readOnly }: { wait: WaitSpec; onChange: (wait: WaitSpec) => void; error: (path: string) => string | undefined; readOnly: boolean }) {
  const { t } = useTranslation();
  const duration = wait.kind === 'duration' ? durationParts(wait.minutes) : null;
  const unitMinutes = { minutes: 1, hours: 60, days: 24 * 60 } as const;
  return (
    <Stack gap="sm">
      <Select
        label={t('campaignsApp.journeys.fields.waitKind')}
        allowDeselect={false}
        readOnly={readOnly}
        data={(['duration', 'time_of_day', 'before_performance'] as const).map((kind) => ({ value: kind, label: t(`campaignsApp.journeys.waitKinds.${kind}`) }))}
        value={wait.kind}
        onChange={(kind) => {
          if (kind === 'duration') onChange({ kind, minutes: 24 * 60 });
          else if (kind === 'time_of_day') onChange({ kind, time: '10:00' });
          else if (kind === 'before_performance') onChange({ kind, days: 1, time: '10:00' });
        }}
      />
      {wait.kind === 'duration' && duration !== null && (
        <Group grow align="flex-start">
          <NumberInput
            label={t('campaignsApp.journeys.fields.amount')}
            min={1}
            readOnly={readOnly}
            value={duration.amount}
            error={error('wait.minutes')}
            onChange={(value) => onChange({ kind: 'duration', minutes: Math.round((typeof value === 'number' ? value : 0) * unitMinutes[duration.unit]) })}
          />
          <Select
            label={t('campaignsApp.journeys.fields.unit')}
            allowDeselect={false}
            readOnly={readOnly}
            data={(['minutes', 'hours', 'days'] as const).map((unit) => ({ value: unit, label: t(`campaignsApp.journeys.units.${unit}`) }))}
            value={duration.unit}
            onChange={(unit) => {
              if (unit === 'minutes' || unit === 'hours' || unit === 'days') onChange({ kind: 'duration', minutes: duration.amount * unitMinutes[unit] });
            }}
          />
        </Group>
      )}
      {wait.kind === 'time_of_day' && (
        <TimeInput label={t('campaignsApp.journeys.fields.time')} readOnly={readOnly} value={wait.time} error={error('wait.time')} onChange={(event) => onChange({ kind: 'time_of_day', time: event.currentTarget.value })} />
      )}
      {wait.kind === 'before_performance' && (
        <Group grow align="flex-start">
          <NumberInput
            label={t('campaignsApp.journeys.fields.daysBefore')}
            min={0}
            max={365}
            readOnly={readOnly}
            value={wait.days}
            error={error('wait.days')}
            onChange={(value) => onChange({ ...wait, days: typeof value === 'number' ? value : 0 })}
          />
          <TimeInput label={t('campaignsApp.journeys.fields.time')} readOnly={readOnly} value={wait.time} error={error('wait.time')} onChange={(event) => onChange({ ...wait, time: event.currentTarget.value })} />
        </Group>
      )}
    </Stack>
  );
}
