import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConversationStatus, HandoverReason } from '../../api/assistantTypes.ts';

/* Small pieces the assistant's screens share: the badges of a conversation's state and handover reason. */

const statusColor: Record<ConversationStatus, string> = { open: 'blue', handed_over: 'orange', closed: 'gray' };
const reasonColor: Record<HandoverReason, string> = { requested: 'grape', not_understood: 'yellow', human_only: 'red' };

export function ConversationStatusBadge({ status }: { status: ConversationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={statusColor[status]} radius="sm" tt="none">
      {t(`assistant.statuses.${status}`)}
    </Badge>
  );
}

export function HandoverReasonBadge({ reason }: { reason: HandoverReason }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={reasonColor[reason]} radius="sm" tt="none" data-testid="handover-reason">
      {t(`assistant.reasons.${reason}`)}
    </Badge>
  );
}
