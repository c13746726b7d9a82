import { Button, Group, Paper, Select, SimpleGrid, TextInput, type SimpleGridProps } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../api/queries.ts';
import { useLabels } from '../labels.ts';
import type { ListParams } from './useListParams.ts';

/** The box of filters above a list. */
export function FilterBar({ cols = { base: 1, xs: 2, md: 4 }, children }: { cols?: SimpleGridProps['cols']; children: ReactNode }) {
  return (
    <Paper withBorder p="md" mb="md">
      <SimpleGrid cols={cols} spacing="sm">
        {children}
      </SimpleGrid>
    </Paper>
  );
}

/** Free-text search that writes `q` to the address once the user pauses. */
export function SearchFilter({ list, placeholder }: { list: ListParams; placeholder: string }) {
  const { t } = useTranslation();
  return <TextInput label={t('filters.search')} placeholder={placeholder} leftSection={<IconSearch size={16} />} value={list.search} onChange={(event) => list.setSearch(event.currentTarget.value)} />;
}

/** A range of days ('YYYY-MM-DD'); cleared, it reports null. A half-chosen range reports nothing yet. */
export function DateRangeFilter({ from, to, onChange }: { from: string | null; to: string | null; onChange: (range: { from: string; to: string } | null) => void }) {
  const { t } = useTranslation();
  return (
    <DatePickerInput
      type="range"
      label={t('filters.dateRange')}
      placeholder={t('filters.anyDate')}
      valueFormat="DD.MM.YYYY"
      clearable
      allowSingleDateInRange
      value={[from, to]}
      onChange={([start, end]) => {
        if (start === null && end === null) onChange(null);
        else if (start !== null && end !== null) onChange({ from: start.slice(0, 10), to: end.slice(0, 10) });
      }}
    />
  );
}

export function ResetFiltersButton({ onClick, disabled }: { onClick: () => void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end">
      <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={onClick} disabled={disabled}>
        {t('filters.reset')}
      </Button>
    </Group>
  );
}

/** The house's units to narrow a list to one. */
export function UnitFilter({ value, onChange }: { value: string | undefined; onChange: (unitId: string | null) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  return (
    <Select
      label={t('filters.unit')}
      placeholder={t('filters.allUnits')}
      data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
      value={value ?? null}
      onChange={onChange}
      clearable
    />
  );
}
