import { Box, Group, Paper, SegmentedControl, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconMasksTheater } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { applyLanguage, isUiLanguage } from '../i18n/index.ts';

/** The frame of the pages before login: login and first-run setup. */
export function AuthLayout({ children, width = 420 }: { children: ReactNode; width?: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Box
      mih="100vh"
      style={{
        background:
          'radial-gradient(1200px 600px at 10% -10%, var(--mantine-color-foyer-1), transparent 60%), radial-gradient(900px 500px at 110% 110%, var(--mantine-color-yellow-1), transparent 60%), var(--foyer-surface)',
      }}
    >
      <Group justify="flex-end" p="md">
        <SegmentedControl
          size="xs"
          value={i18n.language}
          aria-label={t('shell.language')}
          onChange={(value) => {
            if (isUiLanguage(value)) applyLanguage(value);
          }}
          data={[
            { value: 'de', label: 'Deutsch' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Group>
      <Stack align="center" px="md" pb="xl" pt={24} gap="lg">
        <Stack align="center" gap={6}>
          <ThemeIcon size={52} radius="lg" variant="filled">
            <IconMasksTheater size={30} />
          </ThemeIcon>
          <Title order={1} size="h2">
            Foyer
          </Title>
          <Text c="dimmed" size="sm" ta="center" maw={360}>
            {t('shell.tagline')}
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={width}>
          {children}
        </Paper>
      </Stack>
    </Box>
  );
}
