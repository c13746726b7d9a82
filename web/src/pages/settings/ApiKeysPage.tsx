import { Alert, Badge, Button, Checkbox, Code, CopyButton, EmptyState, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconCopy, IconKey, IconKeyOff, IconPlus, IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useApiKeys, useUnits } from '../../api/queries.ts';
import { permissions, type ApiKey, type CreatedApiKey, type Permission } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

function CreateKeyModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  const client = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm({
    initialValues: { name: '', scopes: ['catalogue:read'] as string[], unitId: null as string | null },
    validate: {
      name: (value) => (value.trim() === '' ? t('apiKeys.nameRequired') : null),
      scopes: (value) => (value.length === 0 ? t('apiKeys.scopesRequired') : null),
    },
  });

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const result = await api.post<CreatedApiKey>('/api/api-keys', { name: values.name.trim(), scopes: values.scopes, unitId: values.unitId });
      setCreated(result);
      await client.invalidateQueries({ queryKey: ['api-keys'] });
    });
  });

  if (created !== null) {
    return (
      <Modal opened onClose={onClose} title={t('apiKeys.createdTitle')} size="lg" closeOnClickOutside={false}>
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconShieldLock size={18} />}>
            {t('apiKeys.showOnce')}
          </Alert>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="new-api-key">
              {created.key}
            </Code>
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" c="dimmed">
            {t('apiKeys.usage')}
          </Text>
          <Code>Authorization: Bearer {created.key.slice(0, 14)}…</Code>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('apiKeys.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title={t('apiKeys.create')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <TextInput label={t('apiKeys.name')} description={t('apiKeys.nameHint')} required {...form.getInputProps('name')} />
          <Checkbox.Group label={t('apiKeys.scopes')} description={t('apiKeys.scopesHint')} required {...form.getInputProps('scopes')}>
            <Stack gap={6} mt="xs">
              {permissions.map((permission) => (
                <Checkbox key={permission} value={permission} label={t(`permissions.${permission.replace(':', '_')}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          {(units.data ?? []).length > 0 && (
            <Select
              label={t('apiKeys.unit')}
              description={t('apiKeys.unitHint')}
              placeholder={t('productions.wholeHouse')}
              data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
              clearable
              {...form.getInputProps('unitId')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy} leftSection={<IconKey size={16} />}>
              {t('apiKeys.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ApiKeysPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const allowed = can('api_keys:manage');
  const keys = useApiKeys(allowed);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  if (!allowed) return <Navigate to="/" replace />;
  const list = keys.data ?? [];

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('apiKeys.create')}
          </Button>
        }
      />
      <QueryState query={keys}>
        {list.length === 0 ? (
          <Paper withBorder py="xl">
            <EmptyState icon={<IconKey size={28} />} withIndicatorBackground title={t('apiKeys.emptyTitle')} description={t('apiKeys.emptyDescription')} />
          </Paper>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={760}>
              <Table>
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('apiKeys.name')}</Table.Th>
                    <Table.Th>{t('apiKeys.scopes')}</Table.Th>
                    <Table.Th>{t('apiKeys.created')}</Table.Th>
                    <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                    <Table.Th>{t('staff.state')}</Table.Th>
                    <Table.Th aria-label={t('common.actions')} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((key) => {
                    const revoked = key.revokedAt !== null;
                    return (
                      <Table.Tr key={key.id} c={revoked ? 'dimmed' : undefined}>
                        <Table.Td>
                          <Text size="sm" fw={600}>
                            {key.name}
                          </Text>
                          <Text size="xs" ff="monospace" c="dimmed">
                            {key.prefix}…
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {key.scopes.map((scope: Permission) => (
                              <Badge key={scope} size="xs" variant="light" color="gray" radius="sm" tt="none">
                                {scope}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(key.createdAt)}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{key.lastUsedAt !== null ? time.dateTime(key.lastUsedAt) : t('staff.never')}</Table.Td>
                        <Table.Td>
                          <Tooltip label={revoked && key.revokedAt !== null ? time.dateTime(key.revokedAt) : t('apiKeys.active')} disabled={!revoked}>
                            <Badge size="sm" radius="sm" variant="light" color={revoked ? 'gray' : 'teal'}>
                              {revoked ? t('apiKeys.revoked') : t('apiKeys.active')}
                            </Badge>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td>
                          {!revoked && (
                            <Button size="xs" variant="subtle" color="red" leftSection={<IconKeyOff size={14} />} onClick={() => setRevoking(key)}>
                              {t('apiKeys.revoke')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
      {creating && <CreateKeyModal onClose={() => setCreating(false)} />}
      <ConfirmDialog
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('apiKeys.revokeTitle')}
        message={t('apiKeys.revokeMessage', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke')}
        onConfirm={async () => {
          if (revoking === null) return;
          await api.delete(`/api/api-keys/${revoking.id}`);
          await client.invalidateQueries({ queryKey: ['api-keys'] });
        }}
      />
    </>
  );
}
