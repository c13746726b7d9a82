import {
  ActionIcon,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput, TimeInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits, useVenues } from '../../api/queries.ts';
import { weekdays } from '../../api/types.ts';
import { useLabels } from '../../components/labels.ts';
import { languageName, performanceLanguageCodes } from '../../components/options.ts';
import type { ProductionValues } from './productionModel.ts';

type Form = UseFormReturnType<ProductionValues>;

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card>
      <Stack gap="md">
        <div>
          <Title order={3} size="h5">
            {title}
          </Title>
          {description !== undefined && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

function PeopleList({ form, path, label }: { form: Form; path: 'performers' | 'creativeTeam'; label: string }) {
  const { t } = useTranslation();
  const rows = form.getValues()[path];
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('production.nobody')}
        </Text>
      )}
      {rows.map((_, index) => (
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            placeholder={t('production.personName')}
            aria-label={`${label} ${index + 1}: ${t('production.personName')}`}
            {...form.getInputProps(`${path}.${index}.name`)}
          />
          <TextInput
            style={{ flex: 1 }}
            placeholder={path === 'performers' ? t('production.rolePlaceholder') : t('production.functionPlaceholder')}
            aria-label={`${label} ${index + 1}: ${t('production.personRole')}`}
            {...form.getInputProps(`${path}.${index}.role`)}
          />
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => form.removeListItem(path, index)} aria-label={t('production.removePerson')}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem(path, { name: '', role: '' })}>
          {t('production.addPerson')}
        </Button>
      </Group>
    </Stack>
  );
}

function OpeningHoursEditor({ form }: { form: Form }) {
  const { t } = useTranslation();
  const weekly = form.getValues().weekly;
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('production.openingHours')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('production.openingHoursHint')}
      </Text>
      {weekdays.map((day) => (
        <Group key={day} gap="sm" align="center" wrap="nowrap" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <Text size="sm" w={110} fw={500}>
            {t(`weekdays.${day}`)}
          </Text>
          <Stack gap={6} style={{ flex: 1 }}>
            {weekly[day].length === 0 && (
              <Text size="sm" c="dimmed">
                {t('production.closed')}
              </Text>
            )}
            {weekly[day].map((_, index) => (
              <Group key={index} gap="xs" wrap="nowrap">
                <TimeInput size="xs" aria-label={`${t(`weekdays.${day}`)} ${t('production.opens')}`} {...form.getInputProps(`weekly.${day}.${index}.opens`)} />
                <Text size="sm">–</Text>
                <TimeInput size="xs" aria-label={`${t(`weekdays.${day}`)} ${t('production.closes')}`} {...form.getInputProps(`weekly.${day}.${index}.closes`)} />
                <ActionIcon variant="subtle" color="gray" onClick={() => form.removeListItem(`weekly.${day}`, index)} aria-label={t('production.removeHours')}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
          <ActionIcon
            variant="light"
            onClick={() => form.insertListItem(`weekly.${day}`, { opens: '10:00', closes: '18:00' })}
            aria-label={t('production.addHours', { day: t(`weekdays.${day}`) })}
          >
            <IconPlus size={14} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}

/** Every field of a production, grouped the way a dramaturg thinks about them. */
export function ProductionFields({ form, unitLocked }: { form: Form; unitLocked: boolean }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  const venues = useVenues();
  const values = form.getValues();
  const exhibition = values.kind === 'exhibition';
  const languageOptions = [
    ...performanceLanguageCodes.map((code) => ({ value: code, label: languageName(code, i18n.language) })),
    { value: 'none', label: t('production.noLanguage') },
  ];

  return (
    <Stack gap="md">
      <Section title={t('production.texts')} description={t('production.textsHint')}>
        <Tabs defaultValue="de" variant="outline" keepMounted>
          <Tabs.List>
            <Tabs.Tab value="de">{t('languages.de')}</Tabs.Tab>
            <Tabs.Tab value="en">{t('languages.en')}</Tabs.Tab>
          </Tabs.List>
          {(['de', 'en'] as const).map((language) => (
            <Tabs.Panel key={language} value={language} pt="md">
              <Stack>
                <TextInput label={t('production.titleField')} required={language === 'de'} {...form.getInputProps(`title.${language}`)} />
                <TextInput label={t('production.subtitle')} {...form.getInputProps(`subtitle.${language}`)} />
                <Textarea label={t('production.descriptionField')} autosize minRows={5} maxRows={16} {...form.getInputProps(`description.${language}`)} />
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
      </Section>

      <Section title={t('production.classification')}>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="kind-label">
            {t('productions.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="kind-label"
            data={[
              { value: 'staged', label: t('kinds.staged') },
              { value: 'exhibition', label: t('kinds.exhibition') },
            ]}
            {...form.getInputProps('kind')}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect label={t('productions.genres')} data={labels.genreOptions} searchable maxValues={10} {...form.getInputProps('genres')} />
          <TagsInput label={t('production.tags')} description={t('production.tagsHint')} maxTags={30} {...form.getInputProps('tags')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label={t('productions.audience')} data={labels.audienceOptions} allowDeselect={false} {...form.getInputProps('audience')} />
          <NumberInput label={t('production.ageMin')} min={0} max={120} allowDecimal={false} {...form.getInputProps('ageMin')} />
          <NumberInput label={t('production.ageMax')} min={0} max={120} allowDecimal={false} {...form.getInputProps('ageMax')} />
        </SimpleGrid>
        <Select
          label={t('productions.unit')}
          data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
          placeholder={t('productions.wholeHouse')}
          clearable={!unitLocked}
          disabled={unitLocked}
          {...form.getInputProps('unitId')}
        />
      </Section>

      <Section title={t('production.details')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput label={t('production.duration')} description={t('production.durationHint')} min={1} max={1440} allowDecimal={false} suffix=" min" {...form.getInputProps('durationMinutes')} />
          <Select label={t('production.language')} data={languageOptions} clearable searchable {...form.getInputProps('performanceLanguage')} />
          <MultiSelect
            label={t('production.surtitles')}
            data={performanceLanguageCodes.map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
            searchable
            {...form.getInputProps('surtitles')}
          />
        </SimpleGrid>
        <MultiSelect label={t('production.accessibility')} data={labels.accessibilityOptions} {...form.getInputProps('accessibility')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('production.imageUrl')} type="url" placeholder="https://" {...form.getInputProps('imageUrl')} />
          <TextInput label={t('production.bookingUrl')} type="url" placeholder="https://" {...form.getInputProps('bookingUrl')} />
        </SimpleGrid>
      </Section>

      <Section title={t('production.people')}>
        <PeopleList form={form} path="performers" label={t('production.performers')} />
        <PeopleList form={form} path="creativeTeam" label={t('production.creativeTeam')} />
      </Section>

      {exhibition && (
        <Section title={t('production.exhibition')} description={t('production.exhibitionHint')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('production.venue')}
              data={(venues.data ?? []).map((venue) => ({ value: venue.id, label: venue.name }))}
              clearable
              {...form.getInputProps('venueId')}
            />
            <DatePickerInput label={t('production.runsFrom')} valueFormat="DD.MM.YYYY" clearable {...form.getInputProps('runsFrom')} />
            <DatePickerInput label={t('production.runsUntil')} valueFormat="DD.MM.YYYY" clearable {...form.getInputProps('runsUntil')} />
          </SimpleGrid>
          <OpeningHoursEditor form={form} />
        </Section>
      )}
    </Stack>
  );
}
