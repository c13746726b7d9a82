import { Badge, Button, EmptyState, Group, Modal, Paper, Skeleton, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconListDetails, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSavedSegmentCount, useSegmentList } from '../../api/audience.ts';
import type { Segment } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { DeleteAction, EditAction, PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

/* Saved segments and static lists: open, edit, delete; a new segment or a new static list. */

function NewListModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: '', description: '' },
    validate: { name: (value) => (value.trim() === '' ? t('segments.nameRequired') : null) },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const saved = await api.post<Segment>('/api/segments', {
        kind: 'static',
        name: values.name.trim(),
        description: values.description.trim() === '' ? null : values.description.trim(),
      });
      await client.invalidateQueries({ queryKey: ['segments'] });
      onClose();
      await navigate(`/audience/segments/${saved.id}`);
    });
  });
  return (
    <Modal opened onClose={onClose} title={t('segments.newList')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('segments.newListHint')}
          </Text>
          <ErrorAlert {...request.alert} />
          <TextInput label={t('segments.name')} required data-autofocus {...form.getInputProps('name')} />
          <Textarea label={t('segments.descriptionField')} autosize minRows={2} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('segments.createList')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A saved segment's size now: one count per row, no people (segments:count is enough). */
function SavedCount({ id }: { id: string }) {
  const count = useSavedSegmentCount(id);
  if (count.isPending) return <Skeleton height={14} width={40} ml="auto" />;
  if (count.data === undefined) return <>–</>;
  return <>{count.data.total}</>;
}

export function SegmentsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const time = useTimeFormat();
  const client = useQueryClient();
  const navigate = useNavigate();
  const segments = useSegmentList();
  const [creatingList, setCreatingList] = useState(false);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const writable = can('audience:write');
  const items = segments.data ?? [];

  return (
    <>
      <PageHeader
        title={t('segments.title')}
        description={t('segments.description')}
        actions={
          <>
            {writable && (
              <Button variant="default" leftSection={<IconListDetails size={16} />} onClick={() => setCreatingList(true)}>
                {t('segments.newList')}
              </Button>
            )}
            <Button component={Link} to="/audience/segments/new" leftSection={<IconPlus size={16} />}>
              {t('segments.new')}
            </Button>
          </>
        }
      />
      <QueryState query={segments}>
        {items.length === 0 ? (
          <Paper withBorder py="xl">
            <EmptyState icon={<IconTargetArrow size={28} />} withIndicatorBackground title={t('segments.emptyTitle')} description={t('segments.emptyDescription')} />
          </Paper>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={640}>
              <Table data-testid="segment-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('segments.name')}</Table.Th>
                    <Table.Th>{t('segments.kind')}</Table.Th>
                    <Table.Th ta="right">{t('segments.members')}</Table.Th>
                    <Table.Th>{t('segments.updated')}</Table.Th>
                    {writable && <Table.Th w={90} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((segment) => {
                    const open = () => void navigate(`/audience/segments/${segment.id}`);
                    return (
                      <Table.Tr
                        key={segment.id}
                        className="clickable-row"
                        tabIndex={0}
                        onClick={open}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter') open();
                        }}
                      >
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {segment.name}
                          </Text>
                          {segment.description !== null && (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {segment.description}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge size="sm" radius="sm" variant="light" color={segment.kind === 'static' ? 'gray' : 'foyer'}>
                            {segment.kind === 'static' ? t('segments.kindStatic') : t('segments.kindRules')}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="segment-members">
                          <SavedCount id={segment.id} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(segment.updatedAt)}</Table.Td>
                        {writable && (
                          <Table.Td onClick={(event) => event.stopPropagation()}>
                            <Group gap={2} wrap="nowrap" justify="flex-end">
                              <EditAction onClick={open} />
                              <DeleteAction onClick={() => setDeleting(segment)} />
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
      {creatingList && <NewListModal onClose={() => setCreatingList(false)} />}
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('segments.deleteTitle')}
        message={t('segments.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          await api.delete(`/api/segments/${deleting.id}`);
          await client.invalidateQueries({ queryKey: ['segments'] });
        }}
      />
    </>
  );
}
