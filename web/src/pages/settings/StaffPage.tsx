import { Avatar, Badge, Button, Group, Modal, Paper, PasswordInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useStaff, useUnits } from '../../api/queries.ts';
import { roles, type Role, type Staff } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert, errorDetail, errorTitle } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { DeleteAction, EditAction, PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

const PASSWORD_MIN = 10;

interface StaffValues {
  name: string;
  email: string;
  role: Role;
  unitId: string | null;
  language: string;
  password: string;
  disabled: boolean;
}

function StaffModal({ staff, initialRole, onClose }: { staff: Staff | null; initialRole?: Role; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  const client = useQueryClient();
  const creating = staff === null;
  const form = useForm<StaffValues>({
    initialValues: {
      name: staff?.name ?? '',
      email: staff?.email ?? '',
      role: initialRole ?? staff?.role ?? 'marketing',
      unitId: staff?.unitId ?? null,
      language: staff?.language ?? 'de',
      password: '',
      disabled: staff?.disabled ?? false,
    },
    validate: {
      name: (value) => (value.trim() === '' ? t('setup.ownerNameRequired') : null),
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('setup.emailInvalid')),
      password: (value) => ((creating || value !== '') && value.length < PASSWORD_MIN ? t('setup.passwordTooShort', { count: PASSWORD_MIN }) : null),
      unitId: (value, values) => (values.role === 'unit_staff' && value === null ? t('staff.unitRequired') : null),
    },
  });
  const values = form.getValues();

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (input) => {
    const body = {
      name: input.name.trim(),
      email: input.email.trim(),
      role: input.role,
      unitId: input.role === 'unit_staff' ? input.unitId : null,
      language: input.language,
    };
    await request.run(async () => {
      if (creating) await api.post('/api/staff', { ...body, password: input.password });
      else await api.patch(`/api/staff/${staff.id}`, { ...body, disabled: input.disabled, ...(input.password !== '' ? { password: input.password } : {}) });
      await client.invalidateQueries({ queryKey: ['staff'] });
      onClose();
    });
  });

  return (
    <Modal opened onClose={onClose} title={creating ? t('staff.add') : t('staff.edit')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('staff.name')} required {...form.getInputProps('name')} />
            <TextInput label={t('staff.email')} type="email" required {...form.getInputProps('email')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('staff.role')}
              description={t(`roleHints.${values.role}`)}
              data={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              allowDeselect={false}
              {...form.getInputProps('role')}
            />
            {values.role === 'unit_staff' ? (
              <Select
                label={t('staff.unit')}
                required
                data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
                {...form.getInputProps('unitId')}
              />
            ) : (
              <Select
                label={t('staff.language')}
                data={[
                  { value: 'de', label: t('languages.de') },
                  { value: 'en', label: t('languages.en') },
                ]}
                allowDeselect={false}
                {...form.getInputProps('language')}
              />
            )}
          </SimpleGrid>
          {values.role === 'unit_staff' && (
            <Select
              label={t('staff.language')}
              data={[
                { value: 'de', label: t('languages.de') },
                { value: 'en', label: t('languages.en') },
              ]}
              allowDeselect={false}
              {...form.getInputProps('language')}
            />
          )}
          <PasswordInput
            label={creating ? t('staff.password') : t('staff.newPassword')}
            description={creating ? t('setup.passwordHint', { count: PASSWORD_MIN }) : t('staff.newPasswordHint')}
            required={creating}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          {!creating && <Switch label={t('staff.disabled')} description={t('staff.disabledHint')} {...form.getInputProps('disabled', { type: 'checkbox' })} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {creating ? t('staff.create') : t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function StaffPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const { session, can } = useSession();
  const client = useQueryClient();
  const allowed = can('staff:manage');
  const staff = useStaff(allowed);
  const units = useUnits();
  const [editing, setEditing] = useState<{ staff: Staff | null; role?: Role } | null>(null);
  const [deleting, setDeleting] = useState<Staff | null>(null);
  if (!allowed) return <Navigate to="/" replace />;
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));

  const changeRole = async (person: Staff, role: Role) => {
    if (role === person.role) return;
    if (role === 'unit_staff') {
      setEditing({ staff: person, role });
      return;
    }
    try {
      await api.patch(`/api/staff/${person.id}`, { role, unitId: null });
      notifications.show({ color: 'teal', message: t('staff.roleChanged', { name: person.name, role: t(`roles.${role}`) }) });
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: errorDetail(caught) ?? '' });
    }
    await client.invalidateQueries({ queryKey: ['staff'] });
  };

  return (
    <>
      <PageHeader
        title={t('staff.title')}
        description={t('staff.description')}
        actions={
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing({ staff: null })}>
            {t('staff.add')}
          </Button>
        }
      />
      <QueryState query={staff}>
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <Table.ScrollContainer minWidth={760}>
            <Table data-testid="staff-table">
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t('staff.person')}</Table.Th>
                  <Table.Th>{t('staff.role')}</Table.Th>
                  <Table.Th>{t('staff.unit')}</Table.Th>
                  <Table.Th>{t('staff.lastLogin')}</Table.Th>
                  <Table.Th>{t('staff.state')}</Table.Th>
                  <Table.Th w={90} aria-label={t('common.actions')} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(staff.data ?? []).map((person) => (
                  <Table.Tr key={person.id}>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <Avatar radius="xl" size={32} color="foyer" name={person.name} />
                        <div>
                          <Text size="sm" fw={600}>
                            {person.name}
                            {person.id === session.staff.id && (
                              <Text span size="xs" c="dimmed" ml={6}>
                                ({t('staff.you')})
                              </Text>
                            )}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {person.email}
                          </Text>
                        </div>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        w={170}
                        aria-label={t('staff.roleOf', { name: person.name })}
                        data={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
                        value={person.role}
                        allowDeselect={false}
                        onChange={(value) => {
                          if (value !== null) void changeRole(person, value as Role);
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{person.unitId !== null ? (unitName.get(person.unitId) ?? '…') : '–'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={person.lastLoginAt === null ? 'dimmed' : undefined}>
                        {person.lastLoginAt !== null ? time.dateTime(person.lastLoginAt) : t('staff.never')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" radius="sm" variant="light" color={person.disabled ? 'gray' : 'teal'}>
                        {person.disabled ? t('staff.stateDisabled') : t('staff.stateActive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <EditAction onClick={() => setEditing({ staff: person })} />
                        {person.id !== session.staff.id && (
                          <DeleteAction onClick={() => setDeleting(person)} />
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      </QueryState>
      {editing !== null && (
        <StaffModal key={editing.staff?.id ?? 'new'} staff={editing.staff} initialRole={editing.role} onClose={() => setEditing(null)} />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('staff.deleteTitle')}
        message={t('staff.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          await api.delete(`/api/staff/${deleting.id}`);
          await client.invalidateQueries({ queryKey: ['staff'] });
        }}
      />
    </>
  );
}
