import { Button, Card, Checkbox, Fieldset, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ticketingWrites, useTicketingSettings } from '../../api/ticketing.ts';
import type { TicketingSettings } from '../../api/ticketingTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

/*
 * The house's ticketing settings: how long a hold keeps its seats while a visitor books,
 * how long a waiting-list offer stays open, and which payment methods visitors may
 * choose. Methods for the desk only (cash) are not offered to visitors.
 */

interface SettingsValues {
  holdMinutes: number | string;
  offerMinutes: number | string;
  releaseMinutes: number | string;
  paymentMethods: string[];
}

const valuesOf = (settings: TicketingSettings): SettingsValues => ({
  holdMinutes: settings.holdMinutes,
  offerMinutes: settings.offerMinutes,
  releaseMinutes: settings.releaseMinutes,
  paymentMethods: settings.paymentMethods,
});

function SettingsForm({ settings }: { settings: TicketingSettings }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { can } = useSession();
  const client = useQueryClient();
  const writable = can('house:manage');
  const form = useForm<SettingsValues>({
    initialValues: valuesOf(settings),
    validate: {
      holdMinutes: (value) => (typeof value === 'number' && value >= 1 && value <= 120 ? null : t('ticketing.settings.holdRange')),
      offerMinutes: (value) => (typeof value === 'number' && value >= 5 && value <= 7 * 24 * 60 ? null : t('ticketing.settings.offerRange')),
      releaseMinutes: (value) => (typeof value === 'number' && value >= 0 && value <= 7 * 24 * 60 ? null : t('ticketing.settings.releaseRange')),
      paymentMethods: (value) => (value.length === 0 ? t('ticketing.settings.oneMethod') : null),
    },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const saved = await ticketingWrites.saveSettings({
        holdMinutes: Number(values.holdMinutes),
        offerMinutes: Number(values.offerMinutes),
        releaseMinutes: Number(values.releaseMinutes),
        paymentMethods: values.paymentMethods,
      });
      client.setQueryData(['ticketing-settings'], saved);
      form.setInitialValues(valuesOf(saved));
      form.resetDirty(valuesOf(saved));
      notifications.show({ color: 'teal', message: t('ticketing.settings.saved') });
    });
  });
  const publicMethods = settings.availableMethods.filter((method) => method.public);
  return (
    <Card maw={760}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput label={t('ticketing.settings.holdMinutes')} description={t('ticketing.settings.holdHint')} min={1} max={120} allowDecimal={false} suffix=" min" {...form.getInputProps('holdMinutes')} />
                <NumberInput
                  label={t('ticketing.settings.offerMinutes')}
                  description={t('ticketing.settings.offerHint')}
                  min={5}
                  max={7 * 24 * 60}
                  allowDecimal={false}
                  suffix=" min"
                  {...form.getInputProps('offerMinutes')}
                />
                <NumberInput
                  label={t('ticketing.settings.releaseMinutes')}
                  description={t('ticketing.settings.releaseHint')}
                  min={0}
                  max={7 * 24 * 60}
                  allowDecimal={false}
                  suffix=" min"
                  {...form.getInputProps('releaseMinutes')}
                />
              </SimpleGrid>
              <Checkbox.Group label={t('ticketing.settings.paymentMethods')} description={t('ticketing.settings.paymentMethodsHint')} {...form.getInputProps('paymentMethods')}>
                <Stack gap="xs" mt="xs">
                  {publicMethods.map((method) => (
                    <Checkbox key={method.method} value={method.method} label={labels.title(method.label)} />
                  ))}
                </Stack>
              </Checkbox.Group>
              <Text size="xs" c="dimmed">
                {t('ticketing.settings.deskOnly', {
                  methods: settings.availableMethods
                    .filter((method) => !method.public)
                    .map((method) => labels.title(method.label))
                    .join(', '),
                })}
              </Text>
            </Stack>
          </Fieldset>
          {writable && (
            <Group>
              <Button type="submit" loading={request.busy} leftSection={<IconDeviceFloppy size={16} />}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

export function TicketingSettingsPage() {
  const { t } = useTranslation();
  const settings = useTicketingSettings();
  return (
    <>
      <PageHeader title={t('ticketing.settings.title')} description={t('ticketing.settings.description')} />
      <QueryState query={settings}>{settings.data !== undefined && <SettingsForm settings={settings.data} />}</QueryState>
    </>
  );
}
