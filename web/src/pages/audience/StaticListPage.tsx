import { Alert, Anchor, Breadcrumbs, Button, Card, EmptyState, Grid, Group, List, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconFile, IconFileImport, IconTrash, IconUserMinus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSegmentMembers } from '../../api/audience.ts';
import type { Segment, StaticListImport } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert, errorDetail, errorTitle } from '../../components/errors.tsx';
import { notifications } from '@mantine/notifications';
import { IconAction, PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

/*
 * A static list: people picked by hand or from a CSV of e-mail addresses (a guest list,
 * a school's teachers). Addresses the house does not know are reported, never created:
 * a list adds no one to the audience.
 */

const PAGE_SIZE = 25;

function UploadCard({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<StaticListImport | null>(null);
  const upload = async () => {
    if (file === null) return;
    setBusy(true);
    setError(null);
    try {
      const body = new FormData();
      body.set('file', file, file.name);
      const report = await api.post<StaticListImport>(`/api/segments/${segment.id}/members/import`, body);
      setResult(report);
      await client.invalidateQueries({ queryKey: ['segments', 'members', segment.id] });
      await client.invalidateQueries({ queryKey: ['segments', 'saved-count', segment.id] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Stack>
        <Title order={3} size="h5">
          {t('staticLists.upload')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('staticLists.uploadHint')}
        </Text>
        <Dropzone onDrop={(files) => setFile(files[0] ?? null)} multiple={false} activateOnClick accept={['text/csv', 'text/plain', '.csv']} aria-label={t('import.dropLabel')}>
          <Group justify="center" gap="md" mih={90} style={{ pointerEvents: 'none' }} wrap="nowrap">
            {file === null ? <IconFileImport size={32} stroke={1.4} color="var(--mantine-color-dimmed)" /> : <IconFile size={32} stroke={1.4} color="var(--mantine-color-foyer-7)" />}
            <Text size="sm" fw={500} data-testid="static-list-file">
              {file === null ? t('staticLists.dropTitle') : file.name}
            </Text>
          </Group>
        </Dropzone>
        <ErrorAlert error={error} />
        <Group>
          <Button onClick={() => void upload()} loading={busy} disabled={file === null} leftSection={<IconFileImport size={16} />}>
            {t('staticLists.uploadButton')}
          </Button>
        </Group>
        {result !== null && (
          <Alert
            color={result.unknown.length > 0 || result.invalid.length > 0 ? 'yellow' : 'teal'}
            variant="light"
            icon={<IconCircleCheck size={18} />}
            data-testid="static-list-result"
          >
            <Stack gap={4}>
              <Text size="sm">{t('staticLists.result', { rows: result.rows, added: result.added, already: result.alreadyMembers })}</Text>
              {result.unknown.length > 0 && (
                <>
                  <Text size="sm" fw={600}>
                    {t('staticLists.notFound', { count: result.unknown.length })}
                  </Text>
                  <List size="xs">
                    {result.unknown.slice(0, 20).map((entry) => (
                      <List.Item key={entry.row}>
                        <Text span ff="monospace" fz="xs" c="dimmed" mr={6}>
                          {t('staticLists.row', { row: entry.row })}
                        </Text>
                        {entry.email}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
              {result.invalid.length > 0 && (
                <>
                  <Text size="sm" fw={600}>
                    {t('staticLists.invalid', { count: result.invalid.length })}
                  </Text>
                  <List size="xs">
                    {result.invalid.slice(0, 20).map((entry) => (
                      <List.Item key={entry.row}>
                        <Text span ff="monospace" fz="xs" c="dimmed" mr={6}>
                          {t('staticLists.row', { row: entry.row })}
                        </Text>
                        {entry.value} – {entry.reason}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
              {(result.truncated || result.unknown.length > 20 || result.invalid.length > 20) && (
                <Text size="xs" c="dimmed">
                  {t('staticLists.truncated')}
                </Text>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Members({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const { can } = useSession();
  const [page, setPage] = useState(1);
  const client = useQueryClient();
  const members = useSegmentMembers(segment.id, PAGE_SIZE, (page - 1) * PAGE_SIZE, can('audience:read'));
  const writable = can('audience:write');
  const remove = async (contactId: string) => {
    try {
      await api.delete(`/api/segments/${segment.id}/members/${contactId}`);
      await client.invalidateQueries({ queryKey: ['segments', 'members', segment.id] });
      await client.invalidateQueries({ queryKey: ['segments', 'saved-count', segment.id] });
    } catch (error) {
      notifications.show({ color: 'red', title: errorTitle(t, error), message: errorDetail(error) ?? '' });
    }
  };
  const total = members.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (!can('audience:read')) return null;
  return (
    <Card p={0}>
      <Group justify="space-between" p="md">
        <Title order={3} size="h5">
          {t('staticLists.members')}
        </Title>
        <Text size="sm" c="dimmed" data-testid="static-list-total">
          {t('staticLists.total', { count: total })}
        </Text>
      </Group>
      <QueryState query={members}>
        {(members.data?.items ?? []).length === 0 ? (
          <EmptyState icon={<IconUsers size={24} />} withIndicatorBackground title={t('staticLists.emptyTitle')} description={t('staticLists.emptyDescription')} pb="lg" />
        ) : (
          <>
            <Table fz="sm" data-testid="static-list-members">
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t('contacts.name')}</Table.Th>
                  <Table.Th>{t('contacts.email')}</Table.Th>
                  <Table.Th>{t('staticLists.addedAt')}</Table.Th>
                  {writable && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(members.data?.items ?? []).map((member) => (
                  <Table.Tr key={member.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/audience/contacts/${member.id}`} size="sm">
                        {member.name ?? '–'}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{member.email}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{member.addedAt === null ? '–' : time.dateTime(member.addedAt)}</Table.Td>
                    {writable && (
                      <Table.Td w={50}>
                        <IconAction label={t('staticLists.remove')} color="red" onClick={() => void remove(member.id)}>
                          <IconUserMinus size={16} />
                        </IconAction>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {pages > 1 && (
              <Group justify="flex-end" p="sm">
                <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage} size="sm" aria-label={t('common.pagination')} />
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}

export function StaticListPage({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const writable = can('audience:write');
  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/audience/segments" size="sm">
          {t('segments.title')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {segment.name}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={segment.name}
        description={segment.description ?? t('staticLists.description')}
        actions={
          writable && (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
              {t('common.delete')}
            </Button>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Members segment={segment} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>{writable && <UploadCard segment={segment} />}</Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('segments.deleteTitle')}
        message={t('segments.deleteMessage', { name: segment.name })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          await api.delete(`/api/segments/${segment.id}`);
          await client.invalidateQueries({ queryKey: ['segments'] });
          await navigate('/audience/segments', { replace: true });
        }}
      />
    </>
  );
}
