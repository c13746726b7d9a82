import { Badge, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { messageStates, type CampaignStatus, type MessageCounts, type MessageState } from '../../api/campaignsTypes.ts';
import { useSession } from '../../session/session.tsx';

/* How a campaign's status and its delivery read at a glance, in the list and on the campaign page. */

const statusColor: Record<CampaignStatus, string> = {
  draft: 'gray',
  awaiting_approval: 'orange',
  scheduled: 'blue',
  sending: 'cyan',
  paused: 'yellow',
  sent: 'teal',
  cancelled: 'red',
  active: 'teal',
  archived: 'dark',
};

export const stateColor: Record<MessageState, string> = { held: 'orange', queued: 'blue', sending: 'cyan', sent: 'teal', failed: 'red', skipped: 'gray', cancelled: 'dark' };

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" radius="sm" color={statusColor[status]} data-testid="campaign-status">
      {t(`campaignsApp.statuses.${status}`)}
    </Badge>
  );
}

/** The delivery as one bar: each message state its share of the expected recipients. */
export function DeliveryBar({ counts, recipients, size = 'md' }: { counts: MessageCounts; recipients: number; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const logged = messageStates.reduce((sum, state) => sum + counts[state], 0);
  const total = Math.max(recipients, logged, 1);
  const done = counts.sent + counts.failed + counts.skipped + counts.cancelled;
  return (
    <Stack gap={4} miw={160}>
      <Progress.Root size={size} aria-label={t('campaignsApp.campaigns.progressLabel', { done, total: Math.max(recipients, logged) })}>
        {(['sent', 'failed', 'skipped', 'cancelled', 'sending', 'queued', 'held'] as const).map((state) =>
          counts[state] === 0 ? null : (
            <Tooltip key={state} label={`${t(`campaignsApp.messageStates.${state}`)}: ${counts[state]}`}>
              <Progress.Section value={(counts[state] / total) * 100} color={stateColor[state]} />
            </Tooltip>
          ),
        )}
      </Progress.Root>
      <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {t('campaignsApp.campaigns.progressText', { sent: counts.sent, total: Math.max(recipients, logged) })}
      </Text>
    </Stack>
  );
}

export function CountBadges({ counts }: { counts: MessageCounts }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {messageStates
        .filter((state) => counts[state] > 0)
        .map((state) => (
          <Badge key={state} size="sm" variant="light" radius="sm" color={stateColor[state]} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {t(`campaignsApp.messageStates.${state}`)} {counts[state]}
          </Badge>
        ))}
    </Group>
  );
}

/**
 * Whether the person may approve sends and held messages. The session's permissions are
 * the server's list; the web app's Permission type does not name campaigns:approve yet.
 */
export function useCanApprove(): boolean {
  const { session } = useSession();
  return session.permissions.includes('campaigns:approve');
}
