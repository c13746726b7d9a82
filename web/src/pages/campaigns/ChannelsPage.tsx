import { Alert, Badge, Button, Card, Code, CopyButton, EmptyState, Group, Modal, PasswordInput, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconBrandMastodon, IconPlus, IconShare, IconTrash, IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { campaignWrites, useChannelAccounts } from '../../api/campaigns.ts';
import type { ChannelAccount, ChannelAccountInput, ChannelKind } from '../../api/campaignsTypes.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

/*
 * The house's channel accounts: its Mastodon account and webhooks that forward posts to
 * other systems. Everyone who schedules posts sees them; adding or removing one needs
 * house:manage, since it holds the house's token. A webhook's signing secret is shown
 * once, here. The server refuses to remove an account with posts still to go out or a
 * running journey that uses it; the dialog shows its reason.
 */

interface AccountValues {
  kind: ChannelKind;
  name: string;
  url: string;
  accessToken: string;
}

const accountBody = (values: AccountValues): ChannelAccountInput =>
  values.kind === 'mastodon'
    ? { kind: 'mastodon', name: values.name.trim(), instanceUrl: values.url.trim(), accessToken: values.accessToken.trim() }
    : { kind: 'webhook', name: values.name.trim(), url: values.url.trim() };

function AddAccountModal({ onClose, onSecret }: { onClose: () => void; onSecret: (secret: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<AccountValues>({
    initialValues: { kind: 'mastodon', name: '', url: '', accessToken: '' },
    validate: {
      name: (value) => (value.trim() === '' ? t('campaignsApp.channels.nameRequired') : null),
      url: (value) => (value.trim() === '' ? t('campaignsApp.channels.urlRequired') : null),
      accessToken: (value, values) => (values.kind === 'mastodon' && value.trim().length < 8 ? t('campaignsApp.channels.tokenRequired') : null),
    },
  });
  // The server names the Mastodon URL instanceUrl; the form has one URL field for both kinds.
  const request = useFormRequest(form, (field) => (field === 'instanceUrl' ? 'url' : field));
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const created = await campaignWrites.createAccount(accountBody(values));
      await client.invalidateQueries({ queryKey: ['campaign-channels'] });
      notifications.show({ color: 'teal', message: t('campaignsApp.channels.added', { name: created.account.name }) });
      onClose();
      if (created.signingSecret !== null) onSecret(created.signingSecret);
    }),
  );
  const mastodon = form.values.kind === 'mastodon';
  return (
    <Modal opened onClose={onClose} title={t('campaignsApp.channels.add')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <SegmentedControl
            aria-label={t('campaignsApp.channels.kind')}
            data={[
              { value: 'mastodon', label: t('campaignsApp.channels.mastodon') },
              { value: 'webhook', label: t('campaignsApp.channels.webhook') },
            ]}
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('campaignsApp.channels.name')} required data-autofocus maxLength={100} {...form.getInputProps('name')} />
          <TextInput
            label={mastodon ? t('campaignsApp.channels.instanceUrl') : t('campaignsApp.channels.webhookUrl')}
            description={mastodon ? t('campaignsApp.channels.instanceHint') : t('campaignsApp.channels.webhookHint')}
            placeholder="https://…"
            type="url"
            required
            {...form.getInputProps('url')}
          />
          {mastodon && <PasswordInput label={t('campaignsApp.channels.accessToken')} description={t('campaignsApp.channels.tokenHint')} required {...form.getInputProps('accessToken')} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('campaignsApp.channels.addButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SecretModal({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('campaignsApp.channels.secretTitle')}>
      <Stack>
        <Alert color="yellow" variant="light">
          {t('campaignsApp.channels.secretHint')}
        </Alert>
        <Code block data-testid="signing-secret">
          {secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={secret}>{({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
          <Button onClick={onClose}>{t('campaignsApp.channels.secretDone')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ChannelsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const time = useTimeFormat();
  const client = useQueryClient();
  const accounts = useChannelAccounts();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ChannelAccount | null>(null);
  const items = accounts.data?.items ?? [];
  const manage = can('house:manage');
  return (
    <>
      <PageHeader
        title={t('campaignsApp.channels.title')}
        description={t('campaignsApp.channels.description')}
        actions={
          manage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              {t('campaignsApp.channels.add')}
            </Button>
          )
        }
      />
      <QueryState query={accounts}>
        {items.length === 0 ? (
          <Card py="xl">
            <EmptyState icon={<IconShare size={28} />} withIndicatorBackground title={t('campaignsApp.channels.emptyTitle')} description={t('campaignsApp.channels.emptyDescription')} />
          </Card>
        ) : (
          <Card p={0}>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" data-testid="channel-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('campaignsApp.channels.name')}</Table.Th>
                    <Table.Th>{t('campaignsApp.channels.kind')}</Table.Th>
                    <Table.Th>{t('campaignsApp.channels.url')}</Table.Th>
                    <Table.Th>{t('campaignsApp.channels.createdAt')}</Table.Th>
                    {manage && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((account) => (
                    <Table.Tr key={account.id}>
                      <Table.Td fw={500}>{account.name}</Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          radius="sm"
                          color={account.kind === 'mastodon' ? 'violet' : 'gray'}
                          leftSection={account.kind === 'mastodon' ? <IconBrandMastodon size={12} /> : <IconWebhook size={12} />}
                        >
                          {t(account.kind === 'mastodon' ? 'campaignsApp.channels.mastodon' : 'campaignsApp.channels.webhook')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {account.url}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(account.createdAt)}</Table.Td>
                      {manage && (
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            leftSection={<IconTrash size={14} />}
                            aria-label={t('campaignsApp.channels.removeLabel', { name: account.name })}
                            onClick={() => setRemoving(account)}
                          >
                            {t('campaignsApp.channels.remove')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        )}
      </QueryState>
      {adding && <AddAccountModal onClose={() => setAdding(false)} onSecret={setSecret} />}
      {secret !== null && <SecretModal secret={secret} onClose={() => setSecret(null)} />}
      <ConfirmDialog
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('campaignsApp.channels.removeTitle')}
        message={t('campaignsApp.channels.removeMessage', { name: removing?.name ?? '' })}
        confirmLabel={t('campaignsApp.channels.remove')}
        onConfirm={async () => {
          if (removing === null) return;
          await campaignWrites.removeAccount(removing.id);
          await client.invalidateQueries({ queryKey: ['campaign-channels'] });
          await client.invalidateQueries({ queryKey: ['campaign-posts'] });
          notifications.show({ color: 'teal', message: t('campaignsApp.channels.removed', { name: removing.name }) });
        }}
      />
    </>
  );
}
