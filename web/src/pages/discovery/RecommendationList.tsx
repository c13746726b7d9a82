import { Anchor, Badge, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCompass, IconHeart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RecommendationItem } from '../../api/recommendTypes.ts';
import { useTimeFormat } from '../../session/time.ts';

/*
 * A recommendation list as staff see it: each item with the sentence that explains it,
 * and the discovery slots marked (icon, badge and words, not colour alone), so that the
 * people of the house can check what the visitor will be told.
 */

export function SlotBadge({ slot }: { slot: RecommendationItem['slot'] }) {
  const { t } = useTranslation();
  return slot === 'discovery' ? (
    <Badge size="sm" radius="sm" variant="light" color="grape" leftSection={<IconCompass size={12} />}>
      {t('discovery.slot.discovery')}
    </Badge>
  ) : (
    <Badge size="sm" radius="sm" variant="default">
      {t('discovery.slot.relevant')}
    </Badge>
  );
}

export function RecommendationList({ items, compact = false, label }: { items: readonly RecommendationItem[]; compact?: boolean; label: string }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('discovery.list.empty')}
      </Text>
    );
  }
  return (
    <List listStyleType="none" spacing="sm" aria-label={label} data-testid="recommendation-list" styles={{ itemWrapper: { width: '100%' }, itemLabel: { width: '100%' } }}>
      {items.map((item, index) => (
        <List.Item
          key={`${item.productionId}-${index}`}
          data-slot={item.slot}
          icon={
            <ThemeIcon size={compact ? 22 : 28} radius="xl" variant="light" color={item.slot === 'discovery' ? 'grape' : 'foyer'} aria-hidden>
              {item.slot === 'discovery' ? <IconCompass size={compact ? 13 : 16} /> : <IconHeart size={compact ? 13 : 16} />}
            </ThemeIcon>
          }
        >
          <Stack gap={2}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={`/programme/productions/${item.productionId}`} fw={600} size={compact ? 'sm' : 'md'}>
                {item.title}
              </Anchor>
              <SlotBadge slot={item.slot} />
            </Group>
            <Text size="sm" data-testid="recommendation-explanation">
              {item.text}
            </Text>
            {!compact && (
              <Text size="xs" c="dimmed">
                {item.nextPerformance === null ? t('discovery.list.noPerformance') : t('discovery.list.next', { date: time.dateTime(item.nextPerformance.startsAt) })}
              </Text>
            )}
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}
