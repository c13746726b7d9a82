import { Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Tabs, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useHalls } from '../../api/queries.ts';
import type { Performance, PerformanceStatus } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { useTimeFormat } from '../../session/time.ts';
import { rescheduledFromFor } from './performanceModel.ts';

interface PerformanceValues {
  startsAt: string | null;
  endsAt: string | null;
  hallId: string | null;
  status: PerformanceStatus;
  capacity: number | string;
  note: { de: string; en: string };
  bookingUrl: string;
}

export async function invalidateProgramme(client: ReturnType<typeof useQueryClient>) {
  await Promise.all([
    client.invalidateQueries({ queryKey: ['performances'] }),
    client.invalidateQueries({ queryKey: ['productions'] }),
  ]);
}

/**
 * Adds or changes one performance. Times are entered as wall-clock times in the house's
 * zone and sent as UTC instants.
 */
export function PerformanceFormModal({
  opened,
  onClose,
  productionId,
  durationMinutes,
  performance,
  onDeleted,
}: {
  opened: boolean;
  onClose: () => void;
  productionId: string;
  durationMinutes?: number | null;
  performance: Performance | null;
  onDeleted?: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const halls = useHalls();
  const client = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);

  const form = useForm<PerformanceValues>({
    initialValues: {
      startsAt: time.toPicker(performance?.startsAt ?? null),
      endsAt: time.toPicker(performance?.endsAt ?? null),
      hallId: performance?.hallId ?? null,
      status: performance?.status ?? 'scheduled',
      capacity: performance?.capacity ?? '',
      note: { de: performance?.note.de ?? '', en: performance?.note.en ?? '' },
      bookingUrl: performance?.bookingUrl ?? '',
    },
    validate: {
      startsAt: (value) => (value === null || value === '' ? t('performance.startRequired') : null),
      endsAt: (value, values) => {
        if (value === null || value === '' || values.startsAt === null) return null;
        return value <= values.startsAt ? t('performance.endBeforeStart') : null;
      },
    },
  });

  const request = useFormRequest(form);
  const close = () => {
    request.clear();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    const startsAt = time.fromPicker(values.startsAt);
    const body = {
      startsAt,
      endsAt: time.fromPicker(values.endsAt),
      hallId: values.hallId,
      status: values.status,
      capacity: values.capacity === '' ? null : Number(values.capacity),
      note: { de: values.note.de.trim() || null, en: values.note.en.trim() || null },
      bookingUrl: values.bookingUrl.trim() || null,
      rescheduledFrom: rescheduledFromFor(performance, { startsAt, status: values.status }),
    };
    await request.run(async () => {
      if (performance === null) await api.post('/api/performances', { productionId, ...body });
      else await api.patch(`/api/performances/${performance.id}`, body);
      await invalidateProgramme(client);
      close();
    });
  });

  const hallOptions = (halls.data ?? []).map((hall) => ({ value: hall.id, label: `${hall.name} · ${hall.venueName}` }));

  return (
    <Modal opened={opened} onClose={close} title={performance === null ? t('performance.add') : t('performance.edit')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateTimePicker
              label={t('performance.startsAt')}
              description={t('performance.zoneHint', { zone: time.zone })}
              required
              valueFormat="DD.MM.YYYY HH:mm"
              clearable={false}
              {...form.getInputProps('startsAt')}
              onChange={(value) => {
                form.setFieldValue('startsAt', value);
                if (value !== null && durationMinutes && (form.getValues().endsAt === null || performance === null)) {
                  const end = time.fromPicker(value);
                  if (end !== null) form.setFieldValue('endsAt', time.toPicker(new Date(Date.parse(end) + durationMinutes * 60_000).toISOString()));
                }
              }}
            />
            <DateTimePicker label={t('performance.endsAt')} description={t('common.optional')} valueFormat="DD.MM.YYYY HH:mm" clearable {...form.getInputProps('endsAt')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('performance.hall')} data={hallOptions} clearable searchable placeholder={t('performance.noHall')} {...form.getInputProps('hallId')} />
            <Select label={t('performance.status')} data={labels.statusOptions} allowDeselect={false} {...form.getInputProps('status')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label={t('performance.capacity')} description={t('performance.capacityHint')} min={0} max={200000} allowDecimal={false} {...form.getInputProps('capacity')} />
            <TextInput label={t('performance.bookingUrl')} type="url" placeholder="https://" {...form.getInputProps('bookingUrl')} />
          </SimpleGrid>
          <Tabs defaultValue="de" variant="outline">
            <Tabs.List>
              <Tabs.Tab value="de">{t('languages.de')}</Tabs.Tab>
              <Tabs.Tab value="en">{t('languages.en')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="de" pt="sm">
              <Textarea label={t('performance.note')} description={t('performance.noteHint')} autosize minRows={2} {...form.getInputProps('note.de')} />
            </Tabs.Panel>
            <Tabs.Panel value="en" pt="sm">
              <Textarea label={t('performance.note')} description={t('performance.noteHint')} autosize minRows={2} {...form.getInputProps('note.en')} />
            </Tabs.Panel>
          </Tabs>
          <Group justify="space-between">
            {performance !== null ? (
              <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                {t('common.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={request.busy}>
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      {performance !== null && (
        <ConfirmDialog
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={t('performance.deleteTitle')}
          message={t('performance.deleteMessage')}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await api.delete(`/api/performances/${performance.id}`);
            onDeleted?.();
            await invalidateProgramme(client);
            close();
          }}
        />
      )}
    </Modal>
  );
}
