import { Badge, Card, Center, Divider, Group, Image, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCalendarEvent, IconClock, IconLanguage, IconPhoto, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAllPerformances } from '../../api/queries.ts';
import type { Production } from '../../api/types.ts';
import { useLabels } from '../../components/labels.ts';
import { languageName } from '../../components/options.ts';
import { GenreBadges } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import type { ProductionValues } from './productionModel.ts';

/** What visitors will see, at a glance, beside the form: it follows the form as you type. */
export function ProductionSummary({ values, production }: { values: ProductionValues; production: Production | undefined }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const performances = useAllPerformances({ productionId: production?.id }, production !== undefined);
  const now = new Date().toISOString();
  const upcoming = (performances.data ?? []).filter((p) => p.startsAt >= now && p.status !== 'cancelled').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const next = upcoming[0];
  const image = /^https?:\/\/\S+$/.test(values.imageUrl) || values.imageUrl.startsWith('/') ? values.imageUrl : null;
  const title = labels.title({ de: values.title.de, en: values.title.en || null });
  const subtitle = labels.text({ de: values.subtitle.de || null, en: values.subtitle.en || null });
  const ages = values.ageMin !== '' || values.ageMax !== '' ? t('productions.ages', { min: values.ageMin === '' ? 0 : values.ageMin, max: values.ageMax === '' ? '∞' : values.ageMax }) : null;

  return (
    <Card p={0} style={{ position: 'sticky', top: 76, overflow: 'hidden' }}>
      {image !== null ? (
        <Image src={image} alt={t('production.imagePreview')} h={220} fit="cover" />
      ) : (
        <Center h={140} bg="gray.1">
          <ThemeIcon variant="light" color="gray" size={56} radius="xl">
            <IconPhoto size={28} />
          </ThemeIcon>
        </Center>
      )}
      <Stack p="lg" gap="sm">
        <div>
          <Title order={3} size="h4" lineClamp={2}>
            {title || t('productions.new')}
          </Title>
          {subtitle !== '' && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {subtitle}
            </Text>
          )}
        </div>
        {values.genres.length > 0 && <GenreBadges codes={values.genres} labels={labels} />}
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            <IconUsers size={16} color="var(--mantine-color-dimmed)" />
            <Text size="sm">
              {labels.audience(values.audience)}
              {ages !== null && ` · ${ages}`}
            </Text>
          </Group>
          {values.durationMinutes !== '' && (
            <Group gap="xs" wrap="nowrap">
              <IconClock size={16} color="var(--mantine-color-dimmed)" />
              <Text size="sm">{values.durationMinutes} min</Text>
            </Group>
          )}
          {values.performanceLanguage !== null && (
            <Group gap="xs" wrap="nowrap">
              <IconLanguage size={16} color="var(--mantine-color-dimmed)" />
              <Text size="sm">
                {values.performanceLanguage === 'none' ? t('production.noLanguage') : languageName(values.performanceLanguage, i18n.language)}
                {values.surtitles.length > 0 && ` · ${t('production.surtitles')}: ${values.surtitles.map((code) => languageName(code, i18n.language)).join(', ')}`}
              </Text>
            </Group>
          )}
        </Stack>
        {values.accessibility.length > 0 && (
          <Group gap={4}>
            {values.accessibility.map((code) => (
              <Badge key={code} size="sm" variant="outline" color="gray" radius="sm" tt="none">
                {labels.accessibility(code)}
              </Badge>
            ))}
          </Group>
        )}
        {production !== undefined && (
          <>
            <Divider />
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <IconCalendarEvent size={16} color="var(--mantine-color-dimmed)" style={{ marginTop: 2 }} />
              <div>
                <Text size="sm" fw={500}>
                  {next !== undefined ? t('production.nextPerformance', { when: time.dateTime(next.startsAt) }) : t('production.noUpcoming')}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('production.upcomingCount', { count: upcoming.length })}
                </Text>
              </div>
            </Group>
            {production.sourceRef !== null && (
              <Text size="xs" c="dimmed">
                {t('production.imported')}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
