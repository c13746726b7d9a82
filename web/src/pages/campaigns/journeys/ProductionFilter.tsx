import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type BuilderOptions, withCurrent } from './builderOptions.ts';

/** "Only for this production", or any: the filter a trigger and a behaviour condition share. */
export function ProductionFilter({ options, value, readOnly, onChange }: { options: BuilderOptions; value: string | undefined; readOnly: boolean; onChange: (productionId: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('campaignsApp.journeys.fields.production')}
      placeholder={t('campaignsApp.journeys.fields.anyProduction')}
      searchable
      clearable
      readOnly={readOnly}
      data={withCurrent(options.productions, value)}
      value={value ?? null}
      onChange={(selected) => onChange(selected ?? undefined)}
    />
  );
}
