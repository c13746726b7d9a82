import { ActionIcon, Badge, Center, Group, Loader, Stack, Text, Title, Tooltip, type BadgeProps } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PerformanceStatus } from '../api/types.ts';
import { familyColor } from '../theme.ts';
import { ErrorAlert } from './errors.tsx';
import type { Labels } from './labels.ts';

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="lg" gap="md" wrap="wrap">
      <Stack gap={4}>
        <Title order={2}>{title}</Title>
        {description !== undefined && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions !== undefined && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label ?? t('common.loading')}
        </Text>
      </Group>
    </Center>
  );
}

/** Loading, error or the content: the three states every screen that reads data has. */
export function QueryState({ query, children }: { query: { isPending: boolean; error: unknown }; children: ReactNode }) {
  if (query.error !== null && query.error !== undefined) return <ErrorAlert error={query.error} />;
  if (query.isPending) return <Loading />;
  return <>{children}</>;
}

export function GenreBadges({ codes, labels, size = 'sm' }: { codes: string[]; labels: Labels; size?: BadgeProps['size'] }) {
  return (
    <Group gap={4} wrap="wrap">
      {codes.map((code) => (
        <Badge key={code} size={size} variant="light" color={familyColor[labels.genreFamily(code)]} radius="sm">
          {labels.genre(code)}
        </Badge>
      ))}
    </Group>
  );
}

const statusColor: Record<PerformanceStatus, string> = {
  scheduled: 'gray',
  cancelled: 'red',
  rescheduled: 'yellow',
  sold_out: 'violet',
};

export function StatusBadge({ status, labels }: { status: PerformanceStatus; labels: Labels }) {
  return (
    <Badge size="sm" variant={status === 'scheduled' ? 'outline' : 'light'} color={statusColor[status]} radius="sm">
      {labels.status(status)}
    </Badge>
  );
}

/** A row action in a table or card: an icon button whose label is both its tooltip and its accessible name. */
export function IconAction({
  label,
  color = 'gray',
  loading = false,
  onClick,
  children,
}: {
  label: string;
  color?: string;
  loading?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color={color} loading={loading} onClick={onClick} aria-label={label}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

export function EditAction({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <IconAction label={t('common.edit')} onClick={onClick}>
      <IconEdit size={16} />
    </IconAction>
  );
}

export function DeleteAction({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <IconAction label={t('common.delete')} color="red" onClick={onClick}>
      <IconTrash size={16} />
    </IconAction>
  );
}
