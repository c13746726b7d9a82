import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCalendarTime, IconInbox, IconSend } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { campaignWrites, useCampaignMessages, useCampaignProgress } from '../../api/campaigns.ts';
import { messageStates, type Campaign, type MessageState } from '../../api/campaignsTypes.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { PagedTable } from '../../components/list/PagedTable.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { CountBadges, DeliveryBar, stateColor } from './campaignDisplay.tsx';

/*
 * Sending a newsletter: schedule it or send it now, follow it while it goes out (the
 * progress is asked every two seconds while sending), and the delivery log with what
 * became of each message.
 */

const LOG_PAGE = 25;

export function SchedulePanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const [at, setAt] = useState<string | null>(time.toPicker(campaign.scheduledAt));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmNow, setConfirmNow] = useState(false);
  const schedule = async (when: string | null) => {
    const saved = await campaignWrites.schedule(campaign.id, when);
    client.setQueryData(['campaign-one', saved.id], saved);
    await client.invalidateQueries({ queryKey: ['campaign-list'] });
    await client.invalidateQueries({ queryKey: ['campaign-progress', saved.id] });
    notifications.show({
      color: 'teal',
      message:
        saved.status === 'awaiting_approval'
          ? t('campaignsApp.campaigns.sentForApproval')
          : when === null
            ? t('campaignsApp.campaigns.sendingNow')
            : t('campaignsApp.campaigns.scheduledFor', { when: time.dateTime(when) }),
    });
  };
  const scheduleLater = async () => {
    setBusy(true);
    setError(null);
    try {
      await schedule(time.fromPicker(at));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Stack>
        <Title order={4}>{t('campaignsApp.campaigns.scheduleTitle')}</Title>
        {campaign.status === 'scheduled' && campaign.scheduledAt !== null && (
          <Text size="sm" data-testid="scheduled-at">
            {t('campaignsApp.campaigns.scheduledFor', { when: time.dateTime(campaign.scheduledAt) })}
          </Text>
        )}
        <ErrorAlert error={error} />
        {campaign.segmentId === null && (
          <Alert color="yellow" variant="light">
            {t('campaignsApp.campaigns.noSegment')}
          </Alert>
        )}
        <Group align="flex-end">
          <DateTimePicker
            label={t('campaignsApp.campaigns.sendAt')}
            description={t('campaignsApp.zoneHint', { zone: time.zone })}
            valueFormat="DD.MM.YYYY HH:mm"
            w={260}
            value={at}
            onChange={setAt}
            clearable
          />
          <Button leftSection={<IconCalendarTime size={16} />} loading={busy} disabled={at === null} onClick={() => void scheduleLater()}>
            {t('campaignsApp.campaigns.schedule')}
          </Button>
          <Button variant="light" color="teal" leftSection={<IconSend size={16} />} onClick={() => setConfirmNow(true)}>
            {t('campaignsApp.campaigns.sendNow')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirmNow}
        onClose={() => setConfirmNow(false)}
        title={t('campaignsApp.campaigns.sendNowTitle')}
        message={t('campaignsApp.campaigns.sendNowMessage', { name: campaign.name })}
        confirmLabel={t('campaignsApp.campaigns.sendNow')}
        onConfirm={() => schedule(null)}
      />
    </Card>
  );
}

export function ProgressPanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const progress = useCampaignProgress(campaign.id, campaign.status === 'sending');
  const status = progress.data?.status;
  // When the send finishes or pauses itself (too many errors), the page follows.
  useEffect(() => {
    if (status !== undefined && status !== campaign.status) {
      void client.invalidateQueries({ queryKey: ['campaign-one', campaign.id] });
      void client.invalidateQueries({ queryKey: ['campaign-messages', campaign.id] });
    }
  }, [status, campaign.status, campaign.id, client]);
  const data = progress.data;
  return (
    <Card data-testid="campaign-progress">
      <Stack gap="sm">
        <Title order={4}>{t('campaignsApp.campaigns.progressTitle')}</Title>
        <ErrorAlert error={progress.error} />
        {campaign.status === 'paused' && campaign.pauseReason !== null && (
          <Alert color="yellow" variant="light" title={t('campaignsApp.campaigns.pausedBecause')}>
            {campaign.pauseReason}
          </Alert>
        )}
        {data !== undefined && (
          <>
            <DeliveryBar counts={data.counts} recipients={data.recipients} size="lg" />
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Stat label={t('campaignsApp.campaigns.recipients')} value={data.recipients} />
              <Stat label={t('campaignsApp.campaigns.walked')} value={data.walked} />
              <Stat label={t('campaignsApp.messageStates.sent')} value={data.counts.sent} />
              <Stat label={t('campaignsApp.messageStates.failed')} value={data.counts.failed} />
            </SimpleGrid>
            <CountBadges counts={data.counts} />
          </>
        )}
      </Stack>
    </Card>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Stack>
  );
}

const isState = (value: string | null): value is MessageState => value !== null && (messageStates as readonly string[]).includes(value);

export function DeliveryLog({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const [state, setState] = useState<MessageState | null>(null);
  const [page, setPage] = useState(1);
  const messages = useCampaignMessages(campaign.id, state, LOG_PAGE, (page - 1) * LOG_PAGE);
  const at = (iso: string | null) => (iso === null ? '—' : time.dateTime(iso));
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={4}>{t('campaignsApp.campaigns.logTitle')}</Title>
        <Select
          label={t('campaignsApp.campaigns.messageState')}
          placeholder={t('campaignsApp.anyState')}
          data={messageStates.map((value) => ({ value, label: t(`campaignsApp.messageStates.${value}`) }))}
          value={state}
          onChange={(value) => {
            setState(isState(value) ? value : null);
            setPage(1);
          }}
          clearable
          w={220}
        />
      </Group>
      <PagedTable
        query={messages}
        page={page}
        pageSize={LOG_PAGE}
        onPage={setPage}
        empty={{ icon: <IconInbox size={28} />, title: t('campaignsApp.campaigns.logEmptyTitle'), description: t('campaignsApp.campaigns.logEmptyDescription') }}
        minWidth={900}
        tableProps={{ 'data-testid': 'delivery-log' }}
        head={
          <>
            <Table.Th>{t('campaignsApp.campaigns.address')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.messageState')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.variant')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.queuedAt')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.sentAt')}</Table.Th>
            <Table.Th>{t('campaignsApp.campaigns.reaction')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((message) => (
            <Table.Tr key={message.id}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {message.email ?? t('campaignsApp.campaigns.erased')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Tooltip label={message.reason === null ? '' : t(`campaignsApp.skipReasons.${message.reason}`, { defaultValue: message.reason })} disabled={message.reason === null}>
                  <Badge size="sm" variant="light" radius="sm" color={stateColor[message.state]}>
                    {t(`campaignsApp.messageStates.${message.state}`)}
                  </Badge>
                </Tooltip>
                {message.reason !== null && (
                  <Text size="xs" c="dimmed">
                    {t(`campaignsApp.skipReasons.${message.reason}`, { defaultValue: message.reason })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{message.variant ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{at(message.queuedAt)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{at(message.sentAt)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {(['openedAt', 'clickedAt', 'bouncedAt', 'unsubscribedAt'] as const).map((key) =>
                    message[key] === null ? null : (
                      <Tooltip key={key} label={at(message[key])}>
                        <Badge size="xs" variant="outline" radius="sm" color={key === 'bouncedAt' || key === 'unsubscribedAt' ? 'red' : 'teal'}>
                          {t(`campaignsApp.campaigns.reactions.${key}`)}
                        </Badge>
                      </Tooltip>
                    ),
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
    </Stack>
  );
}
