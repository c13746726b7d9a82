import { Checkbox, Chip, Group, MultiSelect, NumberInput, Select, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { purposes } from '../../api/audienceTypes.ts';
import { useUnits } from '../../api/queries.ts';
import { useLabels } from '../../components/labels.ts';
import { useAllProductions, useSegmentList } from '../../api/audience.ts';
import type { Condition, NodeError, PerformanceTarget } from './ruleTreeModel.ts';
import { DEFAULT_MONTHS } from './ruleTreeModel.ts';

/*
 * The inputs of one condition of the segment builder. Each input shows the server's
 * message for its own field ('months', 'genre'); messages about the condition as a
 * whole are shown by the node around it.
 */

function fieldError(errors: readonly NodeError[], ...fields: string[]): string | undefined {
  const messages = errors.filter((error) => fields.includes(error.field)).map((error) => error.message);
  return messages.length === 0 ? undefined : messages.join('; ');
}

const numberOrNull = (value: string | number): number | null => (value === '' || typeof value === 'string' ? null : value);

export function ConditionFields({
  condition,
  errors,
  onChange,
  segmentId,
  label,
}: {
  condition: Condition;
  errors: readonly NodeError[];
  onChange: (condition: Condition) => void;
  /** The segment being edited: it cannot be a condition of itself. */
  segmentId: string | undefined;
  /** The condition's name, for the accessible names of its inputs. */
  label: string;
}) {
  const { t } = useTranslation();
  const labels = useLabels();

  switch (condition.kind) {
    case 'language':
      return (
        <Chip.Group multiple value={condition.values} onChange={(values) => onChange({ ...condition, values })}>
          <Group gap="xs" role="group" aria-label={label}>
            <Chip value="de" size="sm">
              {t('languages.de')}
            </Chip>
            <Chip value="en" size="sm">
              {t('languages.en')}
            </Chip>
            {fieldError(errors, 'language') !== undefined && (
              <Text size="xs" c="red">
                {fieldError(errors, 'language')}
              </Text>
            )}
          </Group>
        </Chip.Group>
      );
    case 'postcode':
      return (
        <TagsInput
          size="xs"
          aria-label={label}
          placeholder={t('segments.postcodePlaceholder')}
          value={condition.values}
          onChange={(values) => onChange({ ...condition, values: values.map((value) => value.trim().toUpperCase()) })}
          error={fieldError(errors, 'postcode')}
          maxTags={100}
          style={{ flex: 1, minWidth: 220 }}
        />
      );
    case 'interest':
      return (
        <MultiSelect
          size="xs"
          aria-label={label}
          placeholder={t('segments.genresPlaceholder')}
          data={labels.genreOptions}
          value={condition.values}
          onChange={(values) => onChange({ ...condition, values })}
          searchable
          error={fieldError(errors, 'interest')}
          style={{ flex: 1, minWidth: 240 }}
        />
      );
    case 'age':
      return (
        <Group gap="xs" wrap="nowrap">
          <NumberInput
            size="xs"
            w={110}
            label={t('segments.ageFrom')}
            min={0}
            max={130}
            allowDecimal={false}
            value={condition.min ?? ''}
            onChange={(value) => onChange({ ...condition, min: numberOrNull(value) })}
            error={fieldError(errors, 'min', 'age')}
          />
          <NumberInput
            size="xs"
            w={110}
            label={t('segments.ageTo')}
            min={0}
            max={130}
            allowDecimal={false}
            value={condition.max ?? ''}
            onChange={(value) => onChange({ ...condition, max: numberOrNull(value) })}
            error={fieldError(errors, 'max')}
          />
        </Group>
      );
    case 'booked':
    case 'attended':
      return <PerformanceFields condition={condition} errors={errors} onChange={onChange} />;
    case 'firstTime':
    case 'lapsed':
      return (
        <NumberInput
          size="xs"
          w={170}
          label={condition.kind === 'lapsed' ? t('segments.lapsedMonths') : t('segments.firstTimeMonths')}
          min={1}
          max={240}
          allowDecimal={false}
          suffix={` ${t('segments.monthsUnit')}`}
          value={condition.months}
          onChange={(value) => onChange({ ...condition, months: numberOrNull(value) ?? 1 })}
          error={fieldError(errors, 'months')}
        />
      );
    case 'opened':
    case 'clicked':
      return (
        <NumberInput
          size="xs"
          w={170}
          label={t('segments.inLastDays')}
          min={1}
          max={3650}
          allowDecimal={false}
          suffix={` ${t('segments.daysUnit')}`}
          value={condition.days}
          onChange={(value) => onChange({ ...condition, days: numberOrNull(value) ?? 1 })}
          error={fieldError(errors, 'days')}
        />
      );
    case 'consent':
      return (
        <Select
          size="xs"
          w={260}
          aria-label={label}
          data={purposes.map((purpose) => ({ value: purpose, label: t(`purposes.${purpose}`) }))}
          value={condition.purpose}
          onChange={(value) => {
            const purpose = purposes.find((candidate) => candidate === value);
            if (purpose !== undefined) onChange({ ...condition, purpose });
          }}
          allowDeselect={false}
          error={fieldError(errors, 'consent')}
        />
      );
    case 'segment':
      return <SegmentField condition={condition} errors={errors} onChange={onChange} segmentId={segmentId} label={label} />;
  }
}

function SegmentField({
  condition,
  errors,
  onChange,
  segmentId,
  label,
}: {
  condition: Extract<Condition, { kind: 'segment' }>;
  errors: readonly NodeError[];
  onChange: (condition: Condition) => void;
  segmentId: string | undefined;
  label: string;
}) {
  const { t } = useTranslation();
  const segments = useSegmentList();
  const options = (segments.data ?? [])
    .filter((segment) => segment.id !== segmentId)
    .map((segment) => ({ value: segment.id, label: segment.kind === 'static' ? `${segment.name} (${t('segments.kindStatic')})` : segment.name }));
  return (
    <Select
      size="xs"
      w={300}
      aria-label={label}
      placeholder={t('segments.pickSegment')}
      data={options}
      value={condition.segmentId}
      onChange={(value) => onChange({ ...condition, segmentId: value })}
      searchable
      nothingFoundMessage={t('segments.noSegments')}
      error={fieldError(errors, 'segment')}
    />
  );
}

function PerformanceFields({
  condition,
  errors,
  onChange,
}: {
  condition: Extract<Condition, { kind: 'booked' | 'attended' }>;
  errors: readonly NodeError[];
  onChange: (condition: Condition) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  const productions = useAllProductions(condition.target === 'production');
  const targets: { value: PerformanceTarget; label: string }[] = [
    { value: 'any', label: t('segments.targetAny') },
    { value: 'genre', label: t('segments.targetGenre') },
    { value: 'production', label: t('segments.targetProduction') },
    { value: 'unit', label: t('segments.targetUnit') },
  ];
  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <NumberInput
        size="xs"
        w={110}
        label={t('segments.atLeast')}
        min={1}
        max={1000}
        allowDecimal={false}
        value={condition.atLeast}
        onChange={(value) => onChange({ ...condition, atLeast: numberOrNull(value) ?? 1 })}
        error={fieldError(errors, 'atLeast')}
      />
      <Select
        size="xs"
        w={160}
        label={t('segments.target')}
        data={targets}
        value={condition.target}
        onChange={(value) => {
          const target = targets.find((option) => option.value === value)?.value;
          if (target !== undefined) onChange({ ...condition, target });
        }}
        allowDeselect={false}
      />
      {condition.target === 'genre' && (
        <Select
          size="xs"
          w={200}
          label={t('segments.targetGenre')}
          data={labels.genreOptions}
          value={condition.genre}
          onChange={(value) => onChange({ ...condition, genre: value })}
          searchable
          error={fieldError(errors, 'genre')}
        />
      )}
      {condition.target === 'production' && (
        <Select
          size="xs"
          w={260}
          label={t('segments.targetProduction')}
          data={(productions.data ?? []).map((production) => ({ value: production.id, label: labels.title(production.title) }))}
          value={condition.productionId}
          onChange={(value) => onChange({ ...condition, productionId: value })}
          searchable
          error={fieldError(errors, 'productionId')}
        />
      )}
      {condition.target === 'unit' && (
        <Select
          size="xs"
          w={220}
          label={t('segments.targetUnit')}
          data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
          value={condition.unitId}
          onChange={(value) => onChange({ ...condition, unitId: value })}
          error={fieldError(errors, 'unitId')}
        />
      )}
      <NumberInput
        size="xs"
        w={150}
        label={t('segments.inLastMonths')}
        placeholder={t('segments.ever')}
        min={1}
        max={240}
        allowDecimal={false}
        suffix={` ${t('segments.monthsUnit')}`}
        value={condition.months ?? ''}
        disabled={condition.months === null}
        onChange={(value) => onChange({ ...condition, months: numberOrNull(value) })}
        error={fieldError(errors, 'months')}
      />
      <Checkbox
        size="xs"
        mt={28}
        label={t('segments.ever')}
        checked={condition.months === null}
        onChange={(event) => onChange({ ...condition, months: event.currentTarget.checked ? null : DEFAULT_MONTHS })}
      />
    </Group>
  );
}
