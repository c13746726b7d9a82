import { NumberInput, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConditionSpec, JourneyGraph } from '../../../../../src/campaigns/journeys/definition.ts';
import { type BuilderOptions, withCurrent } from './builderOptions.ts';
import { ProductionFilter } from './ProductionFilter.tsx';
import { sendSteps } from './journeyGraphModel.ts';

/* The fields of a condition step: in a segment, an attribute, a booking or visit, or a reaction to an earlier mail of the journey. */

export function ConditionFields({
  condition,
  graph,
  options,
  onChange,
  error,
  readOnly,
}: {
  condition: ConditionSpec;
  graph: JourneyGraph;
  options: BuilderOptions;
  onChange: (condition: ConditionSpec) => void;
  error: (path: string) => string | undefined;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const sends = sendSteps(graph).map((node) => ({ value: node.id, label: node.id }));
  return (
    <Stack gap="sm">
      <Select
        label={t('campaignsApp.journeys.fields.conditionKind')}
        allowDeselect={false}
        readOnly={readOnly}
        data={(['segment', 'attribute', 'behaviour', 'opened', 'clicked'] as const).map((kind) => ({ value: kind, label: t(`campaignsApp.journeys.conditionKinds.${kind}`) }))}
        value={condition.kind}
        onChange={(kind) => {
          if (kind === 'segment') onChange({ kind, segmentId: '' });
          else if (kind === 'attribute') onChange({ kind, field: 'language', value: '' });
          else if (kind === 'behaviour') onChange({ kind, behaviour: 'booked', withinDays: 365 });
          else if (kind === 'opened' || kind === 'clicked') onChange({ kind, nodeId: sends[0]?.value ?? '' });
        }}
      />
      {condition.kind === 'segment' && (
        <Select
          label={t('campaignsApp.journeys.fields.segment')}
          searchable
          readOnly={readOnly}
          data={withCurrent(options.segments, condition.segmentId)}
          value={condition.segmentId === '' ? null : condition.segmentId}
          error={error('condition.segmentId')}
          onChange={(value) => onChange({ kind: 'segment', segmentId: value ?? '' })}
        />
      )}
      {condition.kind === 'attribute' && (
        <>
          <Select
            label={t('campaignsApp.journeys.fields.attribute')}
            allowDeselect={false}
            readOnly={readOnly}
            data={(['language', 'postal_code', 'tag'] as const).map((field) => ({ value: field, label: t(`campaignsApp.journeys.attributes.${field}`) }))}
            value={condition.field}
            onChange={(field) => {
              if (field === 'language' || field === 'postal_code' || field === 'tag') onChange({ ...condition, field });
            }}
          />
          <TextInput
            label={t('campaignsApp.journeys.fields.value')}
            description={t(`campaignsApp.journeys.attributeHints.${condition.field}`)}
            readOnly={readOnly}
            value={condition.value}
            error={error('condition.value')}
            onChange={(event) => onChange({ ...condition, value: event.currentTarget.value })}
          />
        </>
      )}
      {condition.kind === 'behaviour' && (
        <>
          <SegmentedControl
            aria-label={t('campaignsApp.journeys.fields.behaviour')}
            readOnly={readOnly}
            data={(['booked', 'attended'] as const).map((behaviour) => ({ value: behaviour, label: t(`campaignsApp.journeys.behaviours.${behaviour}`) }))}
            value={condition.behaviour}
            onChange={(behaviour) => onChange({ ...condition, behaviour: behaviour === 'attended' ? 'attended' : 'booked' })}
          />
          <ProductionFilter
            options={options}
            value={condition.productionId}
            readOnly={readOnly}
            onChange={(productionId) => onChange({ kind: 'behaviour', behaviour: condition.behaviour, withinDays: condition.withinDays, ...(productionId === undefined ? {} : { productionId }) })}
          />
          <NumberInput
            label={t('campaignsApp.journeys.fields.withinDays')}
            min={1}
            max={3650}
            readOnly={readOnly}
            value={condition.withinDays}
            error={error('condition.withinDays')}
            onChange={(value) => onChange({ ...condition, withinDays: typeof value === 'number' ? value : 0 })}
          />
        </>
      )}
      {(condition.kind === 'opened' || condition.kind === 'clicked') && (
        <Select
          label={t('campaignsApp.journeys.fields.sendStep')}
          description={t('campaignsApp.journeys.fields.sendStepHint')}
          readOnly={readOnly}
          data={withCurrent(sends, condition.nodeId)}
          value={condition.nodeId === '' ? null : condition.nodeId}
          error={error('condition.nodeId')}
          onChange={(value) => onChange({ kind: condition.kind, nodeId: value ?? '' })}
        />
      )}
    </Stack>
  );
}
