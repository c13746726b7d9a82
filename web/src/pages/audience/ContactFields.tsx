import { MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../api/queries.ts';
import { useLabels } from '../../components/labels.ts';
import type { ContactValues } from './contactModel.ts';

/* The fields of a contact, for the "new contact" modal and the contact page alike. */

export function ContactFields({ form, withUnit, unitLocked }: { form: UseFormReturnType<ContactValues>; withUnit: boolean; unitLocked: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('contacts.email')} type="email" required {...form.getInputProps('email')} />
        <TextInput label={t('contacts.name')} {...form.getInputProps('name')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Select
          label={t('contacts.language')}
          data={[
            { value: 'de', label: t('languages.de') },
            { value: 'en', label: t('languages.en') },
          ]}
          clearable
          {...form.getInputProps('language')}
        />
        <TextInput label={t('contacts.phone')} type="tel" {...form.getInputProps('phone')} />
        <TextInput label={t('contacts.postalCode')} {...form.getInputProps('postalCode')} />
        <NumberInput label={t('contacts.birthYear')} min={1900} max={new Date().getFullYear()} allowDecimal={false} thousandSeparator="" {...form.getInputProps('birthYear')} />
      </SimpleGrid>
      <MultiSelect label={t('contacts.interests')} description={t('contacts.interestsHint')} data={labels.genreOptions} searchable {...form.getInputProps('interests')} />
      {withUnit && (units.data ?? []).length > 0 && (
        <Select
          label={t('contacts.unit')}
          description={t('contacts.unitHint')}
          placeholder={t('productions.wholeHouse')}
          data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
          clearable={!unitLocked}
          disabled={unitLocked}
          {...form.getInputProps('unitId')}
        />
      )}
    </Stack>
  );
}
