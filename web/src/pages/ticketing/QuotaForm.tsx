import { Button, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ticketingWrites } from '../../api/ticketing.ts';
import type { Inventory } from '../../api/ticketingTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';

/*
 * The seats of one performance below its hall (a stage that eats two rows, seats kept
 * back for the press) and the seats kept for reduced tariffs. An empty field goes back
 * to the catalogue: the hall's seats, and no limit of their own for reduced tickets.
 */

interface QuotaValues {
  capacity: number | string;
  reducedSeats: number | string;
}

function valuesOf(inventory: Inventory): QuotaValues {
  const capacity = inventory.quotas.find((quota) => quota.key === 'capacity');
  const reduced = inventory.quotas.find((quota) => quota.key === 'reduced');
  return { capacity: capacity?.sizeFixed === true ? capacity.size : '', reducedSeats: reduced?.size ?? '' };
}

const numberOrNull = (value: number | string): number | null => (typeof value === 'number' ? value : null);

export function QuotaForm({ performanceId, inventory, hallCapacity }: { performanceId: string; inventory: Inventory; hallCapacity: number | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<QuotaValues>({
    initialValues: valuesOf(inventory),
    validate: {
      capacity: (value) => (typeof value === 'number' && hallCapacity !== null && value > hallCapacity ? t('ticketing.capacityAboveHall', { count: hallCapacity }) : null),
      reducedSeats: (value, values) =>
        typeof value === 'number' && typeof values.capacity === 'number' && value > values.capacity ? t('ticketing.reducedAboveCapacity') : null,
    },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const saved = await ticketingWrites.setQuotas(performanceId, { capacity: numberOrNull(values.capacity), reducedSeats: numberOrNull(values.reducedSeats) });
      client.setQueryData(['inventory', performanceId], saved);
      form.setInitialValues(valuesOf(saved));
      form.setValues(valuesOf(saved));
      notifications.show({ color: 'teal', message: t('ticketing.quotasSaved') });
    });
  });
  return (
    <form onSubmit={submit} noValidate data-testid="quota-form">
      <Stack gap="sm">
        <ErrorAlert {...request.alert} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('ticketing.capacityField')}
            description={hallCapacity === null ? t('ticketing.capacityHintNoHall') : t('ticketing.capacityHint', { count: hallCapacity })}
            placeholder={hallCapacity === null ? undefined : String(hallCapacity)}
            min={0}
            max={hallCapacity ?? undefined}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('capacity')}
          />
          <NumberInput
            label={t('ticketing.reducedSeatsField')}
            description={t('ticketing.reducedSeatsHint')}
            placeholder={t('ticketing.noLimit')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('reducedSeats')}
          />
        </SimpleGrid>
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('ticketing.quotaEmptyHint')}
          </Text>
          <Button type="submit" loading={request.busy} leftSection={<IconDeviceFloppy size={16} />} disabled={!form.isDirty()}>
            {t('ticketing.saveQuotas')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
