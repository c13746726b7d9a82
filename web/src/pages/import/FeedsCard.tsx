import { Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconPlayerPlay, IconPlus, IconRss } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useFeeds, useUnits } from '../../api/queries.ts';
import type { Feed, ImportResult } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert, errorTitle, errorDetail } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { DeleteAction, Loading } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { formatOptions } from './formats.ts';

const DEFAULT_CRON = '0 */6 * * *';

function scheduleOptions(t: (key: string) => string) {
  return [
    { value: '0 * * * *', label: t('feeds.hourly') },
    { value: DEFAULT_CRON, label: t('feeds.sixHourly') },
    { value: '0 6 * * *', label: t('feeds.daily') },
    { value: 'custom', label: t('feeds.custom') },
  ];
}

function FeedModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session } = useSession();
  const units = useUnits();
  const client = useQueryClient();
  const form = useForm({
    initialValues: { name: '', url: '', format: 'auto', schedule: DEFAULT_CRON, cron: DEFAULT_CRON, unitId: null as string | null },
    validate: {
      url: (value) => (/^https?:\/\/\S+$/i.test(value.trim()) ? null : t('import.urlInvalid')),
      cron: (value, values) => (values.schedule === 'custom' && value.trim().split(/\s+/).length !== 5 ? t('feeds.cronInvalid') : null),
    },
  });
  const values = form.getValues();

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (input) => {
    await request.run(async () => {
      await api.post('/api/feeds', {
        name: input.name.trim() || undefined,
        url: input.url.trim(),
        format: input.format,
        cron: input.schedule === 'custom' ? input.cron.trim() : input.schedule,
        unitId: input.unitId,
      });
      await client.invalidateQueries({ queryKey: ['feeds'] });
      onClose();
    });
  });

  return (
    <Modal opened onClose={onClose} title={t('feeds.add')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <TextInput label={t('import.url')} required type="url" placeholder="https://" {...form.getInputProps('url')} />
          <TextInput label={t('feeds.name')} description={t('feeds.nameHint')} {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label={t('import.format')} data={formatOptions(t)} allowDeselect={false} {...form.getInputProps('format')} />
            <Select label={t('feeds.schedule')} data={scheduleOptions(t)} allowDeselect={false} {...form.getInputProps('schedule')} />
          </SimpleGrid>
          {values.schedule === 'custom' && (
            <TextInput label={t('feeds.cron')} description={t('feeds.cronHint', { zone: session.house.timeZone })} ff="monospace" {...form.getInputProps('cron')} />
          )}
          {session.staff.unitId === null && (units.data ?? []).length > 0 && (
            <Select
              label={t('import.unit')}
              placeholder={t('productions.wholeHouse')}
              data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
              clearable
              {...form.getInputProps('unitId')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('feeds.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function scheduleLabel(cron: string, t: (key: string) => string): string {
  const preset = scheduleOptions(t).find((option) => option.value === cron);
  return preset !== undefined && preset.value !== 'custom' ? preset.label : cron;
}

/** Feeds: URLs that are imported again on a schedule, with their last result. */
export function FeedsCard() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const feeds = useFeeds();
  const [adding, setAdding] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Feed | null>(null);
  const writable = can('catalogue:import');

  const refresh = async () => {
    await Promise.all(['feeds', 'imports', 'performances', 'productions'].map((key) => client.invalidateQueries({ queryKey: [key] })));
  };

  const run = async (feed: Feed) => {
    setRunning(feed.id);
    try {
      const result = await api.post<ImportResult>(`/api/feeds/${feed.id}/run`);
      const report = result.report;
      notifications.show({
        color: 'teal',
        title: t('feeds.ranTitle', { name: feed.name }),
        message: t('feeds.ranMessage', { created: report.created, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped.length }),
      });
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: errorDetail(caught) ?? feed.url });
    } finally {
      setRunning(null);
      await refresh();
    }
  };

  const toggle = async (feed: Feed, enabled: boolean) => {
    try {
      await api.patch(`/api/feeds/${feed.id}`, { enabled });
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: errorDetail(caught) ?? '' });
    }
    await client.invalidateQueries({ queryKey: ['feeds'] });
  };

  const list = feeds.data ?? [];
  return (
    <Card p={0}>
      <Group justify="space-between" p="md">
        <div>
          <Title order={3} size="h5">
            {t('feeds.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('feeds.description')}
          </Text>
        </div>
        {writable && (
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            {t('feeds.add')}
          </Button>
        )}
      </Group>
      {feeds.error !== null && <ErrorAlert error={feeds.error} />}
      {feeds.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <Group px="md" pb="md" gap="sm">
          <IconRss size={18} color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            {t('feeds.empty')}
          </Text>
        </Group>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table fz="sm" data-testid="feeds-table">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('feeds.name')}</Table.Th>
                <Table.Th>{t('import.format')}</Table.Th>
                <Table.Th>{t('feeds.schedule')}</Table.Th>
                <Table.Th>{t('feeds.lastRun')}</Table.Th>
                <Table.Th>{t('feeds.enabled')}</Table.Th>
                {writable && <Table.Th aria-label={t('common.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((feed) => (
                <Table.Tr key={feed.id}>
                  <Table.Td maw={320}>
                    <Text size="sm" fw={500}>
                      {feed.name}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={1} title={feed.url}>
                      {feed.url}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`formats.${feed.format}`)}</Table.Td>
                  <Table.Td>{scheduleLabel(feed.cron, t)}</Table.Td>
                  <Table.Td>
                    {feed.lastRunAt === null ? (
                      <Text size="sm" c="dimmed">
                        {t('feeds.never')}
                      </Text>
                    ) : (
                      <Stack gap={2}>
                        <Group gap={6} wrap="nowrap">
                          <Badge size="sm" radius="sm" variant="light" color={feed.lastStatus === 'ok' ? 'teal' : 'red'}>
                            {feed.lastStatus === 'ok' ? t('import.statusOk') : t('import.statusFailed')}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {time.dateTime(feed.lastRunAt)}
                          </Text>
                        </Group>
                        {feed.lastError !== null && (
                          <Text size="xs" c="red" lineClamp={2}>
                            {feed.lastError.message}
                          </Text>
                        )}
                        {feed.lastReport !== null && (
                          <Text size="xs" c="dimmed">
                            {t('feeds.ranMessage', {
                              created: feed.lastReport.created,
                              updated: feed.lastReport.updated,
                              unchanged: feed.lastReport.unchanged,
                              skipped: feed.lastReport.skipped.length,
                            })}
                          </Text>
                        )}
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Switch checked={feed.enabled} disabled={!writable} onChange={(event) => void toggle(feed, event.currentTarget.checked)} aria-label={t('feeds.enabled')} />
                  </Table.Td>
                  {writable && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} loading={running === feed.id} onClick={() => void run(feed)}>
                          {t('feeds.runNow')}
                        </Button>
                        <DeleteAction onClick={() => setDeleting(feed)} />
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {adding && <FeedModal onClose={() => setAdding(false)} />}
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('feeds.deleteTitle')}
        message={t('feeds.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          await api.delete(`/api/feeds/${deleting.id}`);
          await client.invalidateQueries({ queryKey: ['feeds'] });
        }}
      />
    </Card>
  );
}
