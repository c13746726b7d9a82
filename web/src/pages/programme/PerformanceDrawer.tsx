import { Anchor, Badge, Button, Divider, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconBan, IconCalendarEvent, IconClock, IconEdit, IconExternalLink, IconMapPin, IconMasksTheater, IconRefresh, IconUsers } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { usePerformance } from '../../api/queries.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { errorDetail, errorTitle } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { GenreBadges, QueryState, StatusBadge } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { invalidateProgramme, PerformanceFormModal } from './PerformanceForm.tsx';

function Fact({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text c="dimmed" mt={2} component="span" aria-hidden>
        {icon}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Group>
  );
}

/** The performance named in the URL (?performance=id), opened over the calendar or the list. */
export function PerformanceDrawer() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const id = params.get('performance');
  const query = usePerformance(id);
  const labels = useLabels();
  const time = useTimeFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [reinstating, setReinstating] = useState(false);

  const close = () => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('performance');
        return next;
      },
      { replace: true },
    );
  };

  const performance = query.data;
  const setStatus = async (status: 'cancelled' | 'scheduled') => {
    if (performance === undefined) return;
    await api.patch(`/api/performances/${performance.id}`, { status });
    await invalidateProgramme(client);
  };
  const reinstate = async () => {
    setReinstating(true);
    try {
      await setStatus('scheduled');
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: errorDetail(caught) ?? '' });
    } finally {
      setReinstating(false);
    }
  };

  return (
    <Drawer opened={id !== null} onClose={close} position="right" size="md" title={t('performance.title')}>
      <QueryState query={query}>
        {performance !== undefined && (
          <Stack gap="md">
            <Stack gap={6}>
              <Title order={3} td={performance.status === 'cancelled' ? 'line-through' : undefined}>
                {labels.title(performance.production.title)}
              </Title>
              <Group gap="xs">
                <StatusBadge status={performance.status} labels={labels} />
                <Badge size="sm" variant="default" radius="sm">
                  {labels.audience(performance.production.audience)}
                </Badge>
              </Group>
              <GenreBadges codes={performance.production.genres} labels={labels} />
            </Stack>
            <Divider />
            <Stack gap="xs">
              <Fact icon={<IconCalendarEvent size={18} />}>{time.dateLong(performance.startsAt)}</Fact>
              <Fact icon={<IconClock size={18} />}>
                {time.time(performance.startsAt)}
                {performance.endsAt !== null && ` – ${time.time(performance.endsAt)}`} <Text span c="dimmed" size="xs">({time.zone})</Text>
              </Fact>
              {performance.rescheduledFrom !== null && (
                <Fact icon={<IconRefresh size={18} />}>{t('performance.movedFrom', { when: time.dateTime(performance.rescheduledFrom) })}</Fact>
              )}
              <Fact icon={<IconMapPin size={18} />}>
                {performance.hall !== null ? `${performance.hall.name} · ${performance.hall.venueName}` : t('performance.noHall')}
              </Fact>
              {performance.effectiveCapacity !== null && (
                <Fact icon={<IconUsers size={18} />}>{t('performance.seats', { count: performance.effectiveCapacity })}</Fact>
              )}
              {performance.bookingUrl !== null && (
                <Fact icon={<IconExternalLink size={18} />}>
                  <Anchor href={performance.bookingUrl} target="_blank" rel="noreferrer">
                    {t('performance.bookingUrl')}
                  </Anchor>
                </Fact>
              )}
            </Stack>
            {labels.text(performance.note) !== '' && (
              <Text size="sm" c="dimmed">
                {labels.text(performance.note)}
              </Text>
            )}
            <Divider />
            <Group gap="sm">
              <Button component={Link} to={`/programme/productions/${performance.productionId}`} variant="light" leftSection={<IconMasksTheater size={16} />}>
                {t('performance.openProduction')}
              </Button>
              {can('catalogue:write') && (
                <>
                  <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
                    {t('common.edit')}
                  </Button>
                  {performance.status === 'cancelled' ? (
                    <Button variant="subtle" leftSection={<IconRefresh size={16} />} loading={reinstating} onClick={() => void reinstate()}>
                      {t('performance.reinstate')}
                    </Button>
                  ) : (
                    <Button variant="subtle" color="red" leftSection={<IconBan size={16} />} onClick={() => setConfirmCancel(true)}>
                      {t('performance.cancel')}
                    </Button>
                  )}
                </>
              )}
            </Group>
            {editing && (
              <PerformanceFormModal
                key={performance.updatedAt}
                opened
                onClose={() => setEditing(false)}
                productionId={performance.productionId}
                performance={performance}
                onDeleted={close}
              />
            )}
            <ConfirmDialog
              opened={confirmCancel}
              onClose={() => setConfirmCancel(false)}
              title={t('performance.cancelTitle')}
              message={t('performance.cancelMessage', { title: labels.title(performance.production.title), when: time.dateTime(performance.startsAt) })}
              confirmLabel={t('performance.cancel')}
              onConfirm={() => setStatus('cancelled')}
            />
          </Stack>
        )}
      </QueryState>
    </Drawer>
  );
}
