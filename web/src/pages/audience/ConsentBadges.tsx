import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConsentSummary } from '../../api/audienceTypes.ts';
import { useTimeFormat } from '../../session/time.ts';
import { consentTip, consentTone, type ConsentTip, toneColor } from './contactModel.ts';

/* A contact's consents as small badges: the purpose, coloured by state, the expiry in the tooltip. */

export function ConsentBadgeList({ consents }: { consents: readonly ConsentSummary[] }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const now = new Date();
  const tipText = (tip: ConsentTip): string => {
    switch (tip.kind) {
      case 'validUntil':
        return `${t('consents.validUntil', { date: time.date(tip.date) })} · ${t('consents.inDays', { count: Math.max(tip.days, 0) })}`;
      case 'expiredOn':
        return t('consents.expiredOn', { date: time.date(tip.date) });
      case 'pending':
        return t('consents.pendingTip');
      case 'status':
        return t(`consentStatuses.${tip.status}`);
    }
  };
  if (consents.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {t('contacts.noConsents')}
      </Text>
    );
  }
  // Revoked and expired ones stay visible, struck through: staff should see that someone said no.
  return (
    <Group gap={4} wrap="wrap">
      {consents.map((consent) => {
        const tone = consentTone(consent, now);
        const tip = tipText(consentTip(consent, now));
        const name = t(`purposesShort.${consent.purpose}`);
        return (
          <Tooltip key={consent.purpose} label={tip}>
            <Badge
              size="xs"
              radius="sm"
              variant={consent.valid ? 'light' : 'outline'}
              color={toneColor[tone]}
              td={consent.valid || tone === 'pending' ? undefined : 'line-through'}
              aria-label={`${name}: ${tip}`}
              data-testid={`consent-badge-${consent.purpose}`}
            >
              {name}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}
