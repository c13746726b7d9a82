import { Button, Card, Fieldset, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { campaignWrites, useSendingSettings } from '../../api/campaigns.ts';
import type { SendingSettings } from '../../api/campaignsTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useHouseZone } from '../../session/time.ts';

/*
 * The house's rules for every marketing mail, newsletters and journeys alike: at most so
 * many per person within so many days, and no sending in the quiet hours (house time).
 * They belong to the whole house: unit staff may look, not change.
 */

function SettingsForm({ settings }: { settings: SendingSettings }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const zone = useHouseZone();
  const client = useQueryClient();
  const writable = session.staff.unitId === null;
  const form = useForm<SendingSettings>({ initialValues: settings });
  const request = useFormRequest(form);
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const saved = await campaignWrites.saveSettings(values);
      client.setQueryData(['campaign-settings'], saved);
      form.setValues(saved);
      form.resetDirty(saved);
      notifications.show({ color: 'teal', message: t('campaignsApp.settings.saved') });
    }),
  );
  const quiet = form.values.quietStart !== form.values.quietEnd;
  return (
    <Card maw={720}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
            <Stack>
              <Text fw={600}>{t('campaignsApp.settings.capTitle')}</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput label={t('campaignsApp.settings.frequencyCap')} min={1} max={100} allowDecimal={false} {...form.getInputProps('frequencyCap')} />
                <NumberInput label={t('campaignsApp.settings.frequencyDays')} min={1} max={90} allowDecimal={false} {...form.getInputProps('frequencyDays')} />
              </SimpleGrid>
              <Text size="sm" c="dimmed">
                {t('campaignsApp.settings.capHint', { count: form.values.frequencyCap, days: form.values.frequencyDays })}
              </Text>
              <Text fw={600} mt="sm">
                {t('campaignsApp.settings.quietTitle')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TimeInput label={t('campaignsApp.settings.quietStart')} {...form.getInputProps('quietStart')} />
                <TimeInput label={t('campaignsApp.settings.quietEnd')} {...form.getInputProps('quietEnd')} />
              </SimpleGrid>
              <Text size="sm" c="dimmed">
                {quiet ? t('campaignsApp.settings.quietHint', { start: form.values.quietStart, end: form.values.quietEnd, zone }) : t('campaignsApp.settings.noQuiet')}
              </Text>
            </Stack>
          </Fieldset>
          {writable ? (
            <Group>
              <Button type="submit" loading={request.busy} leftSection={<IconDeviceFloppy size={16} />}>
                {t('common.save')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('campaignsApp.settings.houseOnly')}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}

export function SendingSettingsPage() {
  const { t } = useTranslation();
  const settings = useSendingSettings();
  return (
    <>
      <PageHeader title={t('campaignsApp.settings.title')} description={t('campaignsApp.settings.description')} />
      <QueryState query={settings}>{settings.data !== undefined && <SettingsForm settings={settings.data} />}</QueryState>
    </>
  );
}
