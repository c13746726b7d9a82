import { Button, EmptyState, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconPlus, IconSitemap } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import type { Unit } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { DeleteAction, EditAction, PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

function UnitModal({ unit, onClose }: { unit: Unit | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm({
    initialValues: {
      slug: unit?.slug ?? '',
      name: { de: unit?.name.de ?? '', en: unit?.name.en ?? '' },
      description: { de: unit?.description.de ?? '', en: unit?.description.en ?? '' },
    },
    validate: { name: { de: (value) => (value.trim() === '' ? t('units.nameRequired') : null) } },
  });
  const blank = (value: string) => (value.trim() === '' ? null : value.trim());

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    const body = {
      ...(values.slug.trim() !== '' ? { slug: values.slug.trim() } : {}),
      name: { de: values.name.de.trim(), en: blank(values.name.en) },
      description: { de: blank(values.description.de), en: blank(values.description.en) },
    };
    await request.run(async () => {
      if (unit === null) await api.post('/api/units', body);
      else await api.patch(`/api/units/${unit.id}`, body);
      await client.invalidateQueries({ queryKey: ['units'] });
      onClose();
    });
  });

  return (
    <Modal opened onClose={onClose} title={unit === null ? t('units.add') : t('units.edit')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('units.nameDe')} required {...form.getInputProps('name.de')} />
            <TextInput label={t('units.nameEn')} {...form.getInputProps('name.en')} />
          </SimpleGrid>
          <TextInput label={t('units.slug')} description={t('units.slugHint')} {...form.getInputProps('slug')} />
          <Textarea label={t('units.descriptionDe')} autosize minRows={2} {...form.getInputProps('description.de')} />
          <Textarea label={t('units.descriptionEn')} autosize minRows={2} {...form.getInputProps('description.en')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function UnitsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session, can } = useSession();
  const client = useQueryClient();
  const units = useUnits();
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Unit | null>(null);
  // Units, venues and halls belong to the whole house: unit staff only read them.
  const writable = can('catalogue:write') && session.staff.unitId === null;
  const list = units.data ?? [];

  return (
    <>
      <PageHeader
        title={t('units.title')}
        description={t('units.description')}
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('units.add')}
            </Button>
          )
        }
      />
      <QueryState query={units}>
        {list.length === 0 ? (
          <Paper withBorder py="xl">
            <EmptyState icon={<IconSitemap size={28} />} withIndicatorBackground title={t('units.emptyTitle')} description={t('units.emptyDescription')} />
          </Paper>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={600}>
              <Table>
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th w={280}>{t('units.name')}</Table.Th>
                    <Table.Th w={180}>{t('units.slug')}</Table.Th>
                    <Table.Th>{t('units.descriptionColumn')}</Table.Th>
                    {writable && <Table.Th w={90} aria-label={t('common.actions')} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((unit) => (
                    <Table.Tr key={unit.id}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {labels.title(unit.name)}
                        </Text>
                        {unit.name.en !== null && unit.name.en !== unit.name.de && (
                          <Text size="xs" c="dimmed">
                            {labels.title(unit.name) === unit.name.de ? unit.name.en : unit.name.de}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {unit.slug}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2}>
                          {labels.text(unit.description) || '–'}
                        </Text>
                      </Table.Td>
                      {writable && (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <EditAction onClick={() => setEditing(unit)} />
                            <DeleteAction onClick={() => setDeleting(unit)} />
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
      {editing !== null && <UnitModal key={editing === 'new' ? 'new' : editing.id} unit={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('units.deleteTitle')}
        message={t('units.deleteMessage', { name: deleting !== null ? labels.title(deleting.name) : '' })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          await api.delete(`/api/units/${deleting.id}`);
          await client.invalidateQueries({ queryKey: ['units'] });
        }}
      />
    </>
  );
}
