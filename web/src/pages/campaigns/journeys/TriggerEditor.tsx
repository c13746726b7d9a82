import { Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { journeyEvents, type JourneyTrigger } from '../../../../../src/campaigns/journeys/definition.ts';
import { purposes } from '../../../api/audienceTypes.ts';
import { type BuilderOptions, withCurrent } from './builderOptions.ts';
import { ProductionFilter } from './ProductionFilter.tsx';

/* What lets people into a journey: entering a segment, an event, a time relative to a performance they booked, or a schedule. */

const triggerTypes = ['segment_entry', 'event', 'performance', 'schedule'] as const;

export function TriggerEditor({
  trigger,
  options,
  invalid,
  readOnly,
  onChange,
}: {
  trigger: JourneyTrigger;
  options: BuilderOptions;
  /** Paths inside the trigger the schema refuses ('segmentId', 'cron'). */
  invalid: Set<string>;
  readOnly: boolean;
  onChange: (trigger: JourneyTrigger) => void;
}) {
  const { t } = useTranslation();
  const error = (path: string) => (invalid.has(path) ? t('campaignsApp.journeys.fieldRequired') : undefined);
  return (
    <Stack gap="sm" data-testid="trigger-editor">
      <Select
        label={t('campaignsApp.journeys.trigger.type')}
        allowDeselect={false}
        readOnly={readOnly}
        data={triggerTypes.map((type) => ({ value: type, label: t(`campaignsApp.journeys.trigger.types.${type}`) }))}
        value={trigger.type}
        onChange={(type) => {
          if (type === 'segment_entry') onChange({ type, segmentId: '', includeCurrent: false });
          else if (type === 'event') onChange({ type, event: 'booking.created' });
          else if (type === 'performance') onChange({ type, days: -1, time: '10:00' });
          else if (type === 'schedule') onChange({ type, cron: '0 10 * * 1', segmentId: '' });
        }}
      />
      {trigger.type === 'segment_entry' && (
        <>
          <Select
            label={t('campaignsApp.journeys.fields.segment')}
            searchable
            readOnly={readOnly}
            data={withCurrent(options.segments, trigger.segmentId)}
            value={trigger.segmentId === '' ? null : trigger.segmentId}
            error={error('segmentId')}
            onChange={(value) => onChange({ ...trigger, segmentId: value ?? '' })}
          />
          <Switch
            label={t('campaignsApp.journeys.trigger.includeCurrent')}
            description={t('campaignsApp.journeys.trigger.includeCurrentHint')}
            disabled={readOnly}
            checked={trigger.includeCurrent}
            onChange={(event) => onChange({ ...trigger, includeCurrent: event.currentTarget.checked })}
          />
        </>
      )}
      {trigger.type === 'event' && (
        <>
          <Select
            label={t('campaignsApp.journeys.trigger.event')}
            allowDeselect={false}
            readOnly={readOnly}
            data={journeyEvents.map((event) => ({ value: event, label: t(`campaignsApp.journeys.trigger.events.${event.replace('.', '_')}`) }))}
            value={trigger.event}
            onChange={(value) => {
              const event = journeyEvents.find((candidate) => candidate === value);
              if (event !== undefined) onChange({ type: 'event', event });
            }}
          />
          {trigger.event === 'consent.granted' ? (
            <Select
              label={t('campaignsApp.journeys.trigger.purpose')}
              placeholder={t('campaignsApp.journeys.trigger.anyPurpose')}
              clearable
              readOnly={readOnly}
              data={purposes.map((purpose) => ({ value: purpose, label: t(`purposes.${purpose}`) }))}
              value={trigger.purpose ?? null}
              onChange={(value) => onChange({ type: 'event', event: trigger.event, ...(value === null ? {} : { purpose: value }) })}
            />
          ) : (
            <ProductionFilter
              options={options}
              value={trigger.productionId}
              readOnly={readOnly}
              onChange={(productionId) => onChange({ type: 'event', event: trigger.event, ...(productionId === undefined ? {} : { productionId }) })}
            />
          )}
        </>
      )}
      {trigger.type === 'performance' && (
        <>
          <Group grow align="flex-start">
            <NumberInput
              label={t('campaignsApp.journeys.trigger.days')}
              description={t('campaignsApp.journeys.trigger.daysHint')}
              min={-60}
              max={60}
              readOnly={readOnly}
              value={trigger.days}
              error={error('days')}
              onChange={(value) => onChange({ ...trigger, days: typeof value === 'number' ? value : 0 })}
            />
            <TimeInput label={t('campaignsApp.journeys.fields.time')} readOnly={readOnly} value={trigger.time} error={error('time')} onChange={(event) => onChange({ ...trigger, time: event.currentTarget.value })} />
          </Group>
          <ProductionFilter
            options={options}
            value={trigger.productionId}
            readOnly={readOnly}
            onChange={(productionId) => onChange({ type: 'performance', days: trigger.days, time: trigger.time, ...(productionId === undefined ? {} : { productionId }) })}
          />
        </>
      )}
      {trigger.type === 'schedule' && (
        <>
          <TextInput
            label={t('campaignsApp.journeys.trigger.cron')}
            description={t('campaignsApp.journeys.trigger.cronHint')}
            ff="monospace"
            readOnly={readOnly}
            value={trigger.cron}
            error={error('cron')}
            onChange={(event) => onChange({ ...trigger, cron: event.currentTarget.value })}
          />
          <Select
            label={t('campaignsApp.journeys.fields.segment')}
            searchable
            readOnly={readOnly}
            data={withCurrent(options.segments, trigger.segmentId)}
            value={trigger.segmentId === '' ? null : trigger.segmentId}
            error={error('segmentId')}
            onChange={(value) => onChange({ ...trigger, segmentId: value ?? '' })}
          />
        </>
      )}
      {invalid.size > 0 && (
        <Text size="xs" c="red">
          {t('campaignsApp.journeys.trigger.incomplete')}
        </Text>
      )}
    </Stack>
  );
}
