import { ActionIcon, Alert, Button, Card, Fieldset, Grid, Group, MultiSelect, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconClockCheck, IconClockPause, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { assistantWrites, useAssistantSettings } from '../../api/assistant.ts';
import { type AssistantSettings, knowledgeTopics, type TeamHours, weekdays } from '../../api/assistantTypes.ts';
import { EmbedSnippet } from '../../components/EmbedSnippet.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { embedSnippet, hoursProblems, nextRange, nextTeamOpening, sortedHours } from './assistantModel.ts';

/*
 * The assistant of the house: on or off, the hours in which the dialogue team answers
 * (the widget says honestly when nobody is there), the topics only a person answers, how
 * long conversations are kept, and the script tag for the house's website.
 */

interface SettingsForm {
  enabled: boolean;
  teamHours: TeamHours;
  humanOnlyTopics: string[];
  retentionDays: number;
}

const MIN_RETENTION = 1;
const MAX_RETENTION = 730;

function valuesOf(settings: AssistantSettings): SettingsForm {
  const teamHours = {} as TeamHours;
  for (const day of weekdays) teamHours[day] = (settings.teamHours[day] ?? []).map(([from, to]) => [from, to]);
  return { enabled: settings.enabled, teamHours, humanOnlyTopics: [...settings.humanOnlyTopics], retentionDays: settings.retentionDays };
}

function Availability({ settings }: { settings: AssistantSettings }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const opening = nextTeamOpening(settings.teamHours, time.zone, new Date());
  const next =
    settings.nextOpening !== undefined && settings.nextOpening !== null
      ? time.dateTime(settings.nextOpening)
      : opening === null
        ? null
        : opening.inDays === 0
          ? t('assistant.settings.todayAt', { time: opening.time })
          : opening.inDays === 1
            ? t('assistant.settings.tomorrowAt', { time: opening.time })
            : t('assistant.settings.dayAt', { day: t(`weekdays.${opening.day}`), time: opening.time });
  return (
    <Alert
      variant="light"
      color={settings.teamAvailableNow ? 'teal' : 'gray'}
      icon={settings.teamAvailableNow ? <IconClockCheck size={18} /> : <IconClockPause size={18} />}
      data-testid="team-availability"
      data-available={settings.teamAvailableNow}
    >
      {settings.teamAvailableNow ? t('assistant.settings.availableNow') : next === null ? t('assistant.settings.unavailableNow') : t('assistant.settings.nextAvailable', { when: next })}
    </Alert>
  );
}

function TeamHoursEditor({ form, disabled }: { form: UseFormReturnType<SettingsForm>; disabled: boolean }) {
  const { t } = useTranslation();
  const hours = form.getValues().teamHours;
  const problems = hoursProblems(hours);
  return (
    <Stack gap={6} data-testid="team-hours">
      {weekdays.map((day) => (
        <Group key={day} gap="sm" align="flex-start" wrap="nowrap" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <Text size="sm" w={110} fw={500} pt={4}>
            {t(`weekdays.${day}`)}
          </Text>
          <Stack gap={6} style={{ flex: 1 }}>
            {hours[day].length === 0 && (
              <Text size="sm" c="dimmed" pt={4}>
                {t('assistant.settings.noHours')}
              </Text>
            )}
            {hours[day].map((_range, index) => {
              const problem = problems.find((p) => p.day === day && p.index === index);
              return (
                <Stack key={index} gap={2}>
                  <Group gap="xs" wrap="nowrap">
                    <TimeInput size="xs" disabled={disabled} aria-label={t('assistant.settings.from', { day: t(`weekdays.${day}`), n: index + 1 })} {...form.getInputProps(`teamHours.${day}.${index}.0`)} />
                    <Text size="sm">–</Text>
                    <TimeInput size="xs" disabled={disabled} aria-label={t('assistant.settings.to', { day: t(`weekdays.${day}`), n: index + 1 })} {...form.getInputProps(`teamHours.${day}.${index}.1`)} />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      disabled={disabled}
                      onClick={() => form.removeListItem(`teamHours.${day}`, index)}
                      aria-label={t('assistant.settings.removeRange', { day: t(`weekdays.${day}`), n: index + 1 })}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Group>
                  {problem !== undefined && (
                    <Text size="xs" c="red" role="alert">
                      {t(`assistant.settings.hoursProblems.${problem.code}`)}
                    </Text>
                  )}
                </Stack>
              );
            })}
          </Stack>
          <ActionIcon
            variant="light"
            disabled={disabled}
            onClick={() => form.insertListItem(`teamHours.${day}`, nextRange(hours[day]))}
            aria-label={t('assistant.settings.addRange', { day: t(`weekdays.${day}`) })}
          >
            <IconPlus size={14} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}

function SettingsFormCard({ settings }: { settings: AssistantSettings }) {
  const { t } = useTranslation();
  const { can, session } = useSession();
  const client = useQueryClient();
  const writable = can('assistant:manage');
  const form = useForm<SettingsForm>({
    initialValues: valuesOf(settings),
    validate: {
      retentionDays: (value) => (Number.isInteger(value) && value >= MIN_RETENTION && value <= MAX_RETENTION ? null : t('assistant.settings.retentionInvalid', { min: MIN_RETENTION, max: MAX_RETENTION })),
      teamHours: (value) => (hoursProblems(value).length > 0 ? t('assistant.settings.hoursInvalid') : null),
    },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const saved = await assistantWrites.saveSettings({ ...values, teamHours: sortedHours(values.teamHours) });
      client.setQueryData(['assistant-settings'], saved);
      form.setValues(valuesOf(saved));
      form.resetDirty(valuesOf(saved));
      notifications.show({ color: 'teal', message: t('assistant.settings.saved') });
    }),
  );
  const topicOptions = [
    ...['complaint', 'accessibility_request'].map((value) => ({ value, label: t(`assistant.topics.${value}`) })),
    ...knowledgeTopics.map((value) => ({ value, label: t(`assistant.topics.${value}`) })),
  ];
  // A topic the server knows but this screen does not still shows, by its code.
  for (const topic of settings.humanOnlyTopics) if (!topicOptions.some((option) => option.value === topic)) topicOptions.push({ value: topic, label: topic });

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Card>
          <form onSubmit={submit} noValidate>
            <Stack>
              <ErrorAlert {...request.alert} />
              <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
                <Stack gap="lg">
                  <Switch label={t('assistant.settings.enabled')} description={t('assistant.settings.enabledHint')} {...form.getInputProps('enabled', { type: 'checkbox' })} />
                  <Stack gap={4}>
                    <Title order={5}>{t('assistant.settings.teamHours')}</Title>
                    <Text size="xs" c="dimmed">
                      {t('assistant.settings.teamHoursHint', { zone: session.house.timeZone })}
                    </Text>
                    <TeamHoursEditor form={form} disabled={!writable} />
                  </Stack>
                  <MultiSelect
                    label={t('assistant.settings.humanOnlyTopics')}
                    description={t('assistant.settings.humanOnlyTopicsHint')}
                    data={topicOptions}
                    searchable
                    clearable
                    {...form.getInputProps('humanOnlyTopics')}
                  />
                  <NumberInput
                    label={t('assistant.settings.retentionDays')}
                    description={t('assistant.settings.retentionHint')}
                    min={MIN_RETENTION}
                    max={MAX_RETENTION}
                    allowDecimal={false}
                    w={220}
                    {...form.getInputProps('retentionDays')}
                  />
                </Stack>
              </Fieldset>
              {writable && (
                <Group justify="flex-end">
                  <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={request.busy} disabled={!form.isDirty()}>
                    {t('common.save')}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack>
          <Availability settings={settings} />
          {!settings.enabled && (
            <Alert variant="light" color="orange">
              {t('assistant.settings.switchedOff')}
            </Alert>
          )}
          <Card>
            <EmbedSnippet
              label={t('assistant.settings.embed')}
              description={t('assistant.settings.embedHint')}
              snippet={embedSnippet(window.location.origin, session.house.slug)}
            />
          </Card>
          <Card>
            <Text size="sm" fw={500}>
              {t('assistant.settings.languageModel')}
            </Text>
            <Text size="xs" c="dimmed">
              {settings.languageModel.configured ? t('assistant.settings.languageModelOn') : t('assistant.settings.languageModelOff')}
            </Text>
          </Card>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function AssistantSettingsPage() {
  const { t } = useTranslation();
  const settings = useAssistantSettings();
  return (
    <>
      <PageHeader title={t('assistant.settings.title')} description={t('assistant.settings.description')} />
      <QueryState query={settings}>{settings.data !== undefined && <SettingsFormCard settings={settings.data} />}</QueryState>
    </>
  );
}
