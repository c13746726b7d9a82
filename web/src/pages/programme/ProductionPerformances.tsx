import { Button, EmptyState, Group, Paper, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconBan, IconCalendarPlus, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAllPerformances } from '../../api/queries.ts';
import type { Performance, Production } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert, errorDetail, errorTitle } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { EditAction, IconAction, Loading, StatusBadge } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { invalidateProgramme, PerformanceFormModal } from './PerformanceForm.tsx';

/** The performances of one production, with add, edit and cancel. */
export function ProductionPerformances({ production }: { production: Production }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const performances = useAllPerformances({ productionId: production.id });
  const [editing, setEditing] = useState<Performance | 'new' | null>(null);
  const [cancelling, setCancelling] = useState<Performance | null>(null);
  const [reinstating, setReinstating] = useState<string | null>(null);
  const writable = can('catalogue:write');

  const setStatus = async (performance: Performance, status: 'cancelled' | 'scheduled') => {
    await api.patch(`/api/performances/${performance.id}`, { status });
    await invalidateProgramme(client);
  };
  const reinstate = async (performance: Performance) => {
    setReinstating(performance.id);
    try {
      await setStatus(performance, 'scheduled');
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: errorDetail(caught) ?? '' });
    } finally {
      setReinstating(null);
    }
  };

  const list = [...(performances.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <Paper withBorder>
      <Group justify="space-between" p="md">
        <div>
          <Text fw={600}>{t('production.performancesTitle')}</Text>
          <Text size="sm" c="dimmed">
            {t('production.performancesCount', { count: list.length })}
          </Text>
        </div>
        {writable && (
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => setEditing('new')}>
            {t('performance.add')}
          </Button>
        )}
      </Group>
      {performances.error !== null && <ErrorAlert error={performances.error} />}
      {performances.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState pb="xl" icon={<IconCalendarPlus size={26} />} withIndicatorBackground title={t('production.noPerformances')} description={t('production.noPerformancesHint')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('list.date')}</Table.Th>
                <Table.Th>{t('list.time')}</Table.Th>
                <Table.Th>{t('list.hall')}</Table.Th>
                <Table.Th>{t('list.status')}</Table.Th>
                <Table.Th ta="right">{t('list.seats')}</Table.Th>
                {writable && <Table.Th w={90} aria-label={t('common.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((performance) => (
                <Table.Tr key={performance.id} c={performance.status === 'cancelled' ? 'dimmed' : undefined}>
                  <Table.Td td={performance.status === 'cancelled' ? 'line-through' : undefined} style={{ whiteSpace: 'nowrap' }}>
                    {time.date(performance.startsAt)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {time.time(performance.startsAt)}
                    {performance.endsAt !== null && `–${time.time(performance.endsAt)}`}
                  </Table.Td>
                  <Table.Td>{performance.hall !== null ? `${performance.hall.name} · ${performance.hall.venueName}` : '–'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={performance.status} labels={labels} />
                  </Table.Td>
                  <Table.Td ta="right">{performance.effectiveCapacity ?? '–'}</Table.Td>
                  {writable && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <EditAction onClick={() => setEditing(performance)} />
                        {performance.status === 'cancelled' ? (
                          <IconAction label={t('performance.reinstate')} loading={reinstating === performance.id} onClick={() => void reinstate(performance)}>
                            <IconRefresh size={16} />
                          </IconAction>
                        ) : (
                          <IconAction label={t('performance.cancel')} color="red" onClick={() => setCancelling(performance)}>
                            <IconBan size={16} />
                          </IconAction>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing !== null && (
        <PerformanceFormModal
          key={editing === 'new' ? 'new' : editing.id}
          opened
          onClose={() => setEditing(null)}
          productionId={production.id}
          durationMinutes={production.durationMinutes}
          performance={editing === 'new' ? null : editing}
        />
      )}
      <ConfirmDialog
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={t('performance.cancelTitle')}
        message={cancelling !== null ? t('performance.cancelMessage', { title: labels.title(production.title), when: time.dateTime(cancelling.startsAt) }) : ''}
        confirmLabel={t('performance.cancel')}
        onConfirm={async () => {
          if (cancelling !== null) await setStatus(cancelling, 'cancelled');
        }}
      />
    </Paper>
  );
}
