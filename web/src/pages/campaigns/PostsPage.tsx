import { Anchor, Badge, Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconBan, IconExternalLink, IconMessagePlus, IconMessageOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALT_TEXT_MAX, channelLimits, postLength } from '../../../../src/campaigns/channels/model.ts';
import { campaignWrites, useChannelAccounts, usePostPage } from '../../api/campaigns.ts';
import { postStates, type ChannelAccount, type PostInput, type PostState, type ScheduledPost, type TemplateLanguage } from '../../api/campaignsTypes.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { FilterBar, ResetFiltersButton } from '../../components/list/filters.tsx';
import { PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { IconAction, PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { useCanApprove } from './campaignDisplay.tsx';

/*
 * Posts on the house's channels (its Mastodon account, webhooks): what is scheduled, what
 * was published and what failed, and a composer for a new one with text, language, a
 * link and an image with its required alt text. The length is counted the way the
 * channel counts it (Mastodon: every link 23), with the server's own rule.
 */

const PAGE_SIZE = 25;

const stateColor: Record<PostState, string> = { scheduled: 'blue', publishing: 'yellow', published: 'teal', failed: 'red', cancelled: 'gray' };

const isPostState = (value: string | null): value is PostState => value !== null && (postStates as readonly string[]).includes(value);

interface PostValues {
  accountId: string | null;
  language: TemplateLanguage;
  text: string;
  link: string;
  imageUrl: string;
  imageAlt: string;
  later: boolean;
  publishAt: string | null;
}

function ComposeModal({ accounts, onClose }: { accounts: ChannelAccount[]; onClose: () => void }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const form = useForm<PostValues>({
    initialValues: { accountId: accounts[0]?.id ?? null, language: 'de', text: '', link: '', imageUrl: '', imageAlt: '', later: true, publishAt: null },
    validate: {
      accountId: (value) => (value === null ? t('campaignsApp.posts.accountRequired') : null),
      text: (value) => (value.trim() === '' ? t('campaignsApp.posts.textRequired') : null),
      imageAlt: (value, values) => (values.imageUrl.trim() !== '' && value.trim() === '' ? t('campaignsApp.posts.altRequired') : null),
      publishAt: (value, values) => (values.later && value === null ? t('campaignsApp.posts.whenRequired') : null),
    },
  });
  const request = useFormRequest(form, (field) => (field === 'image.description' ? 'imageAlt' : field === 'image.url' || field === 'image' ? 'imageUrl' : field));
  const account = accounts.find((item) => item.id === form.values.accountId);
  const link = form.values.link.trim();
  const length = account === undefined ? [...form.values.text].length : postLength(account.kind, { text: form.values.text, link: link === '' ? undefined : link });
  const limit = account === undefined ? null : channelLimits[account.kind].maxCharacters;
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const imageUrl = values.imageUrl.trim();
      const publishAt = values.later ? time.fromPicker(values.publishAt) : null;
      const body: PostInput = {
        accountId: values.accountId ?? '',
        text: values.text,
        language: values.language,
        ...(link === '' ? {} : { link }),
        ...(imageUrl === '' ? {} : { image: { url: imageUrl, description: values.imageAlt.trim() } }),
        ...(publishAt === null ? {} : { publishAt }),
      };
      await campaignWrites.createPost(body);
      await client.invalidateQueries({ queryKey: ['campaign-posts'] });
      notifications.show({ color: 'teal', message: publishAt === null ? t('campaignsApp.posts.queued') : t('campaignsApp.posts.scheduled', { when: time.dateTime(publishAt) }) });
      onClose();
    }),
  );
  return (
    <Modal opened onClose={onClose} title={t('campaignsApp.posts.compose')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('campaignsApp.posts.account')}
              required
              data={accounts.map((item) => ({ value: item.id, label: `${item.name} (${t(item.kind === 'mastodon' ? 'campaignsApp.channels.mastodon' : 'campaignsApp.channels.webhook')})` }))}
              allowDeselect={false}
              {...form.getInputProps('accountId')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('campaignsApp.posts.language')}
              </Text>
              <SegmentedControl
                aria-label={t('campaignsApp.posts.language')}
                data={[
                  { value: 'de', label: t('languages.de') },
                  { value: 'en', label: t('languages.en') },
                ]}
                {...form.getInputProps('language')}
              />
            </Stack>
          </SimpleGrid>
          <Textarea
            label={t('campaignsApp.posts.text')}
            required
            autosize
            minRows={4}
            data-autofocus
            description={limit === null || account?.kind !== 'mastodon' ? undefined : t('campaignsApp.posts.length', { count: length, limit })}
            {...form.getInputProps('text')}
            error={form.errors.text ?? (limit !== null && length > limit ? t('campaignsApp.posts.tooLong', { count: length, limit }) : undefined)}
          />
          <TextInput label={t('campaignsApp.posts.link')} description={t('campaignsApp.posts.linkHint')} placeholder="https://…" type="url" {...form.getInputProps('link')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('campaignsApp.posts.imageUrl')} placeholder="https://…" type="url" {...form.getInputProps('imageUrl')} />
            <Textarea
              label={t('campaignsApp.posts.imageAlt')}
              description={t('campaignsApp.posts.imageAltHint')}
              required={form.values.imageUrl.trim() !== ''}
              autosize
              minRows={1}
              maxLength={ALT_TEXT_MAX}
              {...form.getInputProps('imageAlt')}
            />
          </SimpleGrid>
          <Switch label={t('campaignsApp.posts.later')} {...form.getInputProps('later', { type: 'checkbox' })} />
          {form.values.later && (
            <DateTimePicker
              label={t('campaignsApp.posts.publishAt')}
              description={t('campaignsApp.zoneHint', { zone: time.zone })}
              valueFormat="DD.MM.YYYY HH:mm"
              required
              {...form.getInputProps('publishAt')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {form.values.later ? t('campaignsApp.posts.schedule') : t('campaignsApp.posts.publishNow')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PostStateBadge({ post }: { post: ScheduledPost }) {
  const { t } = useTranslation();
  const badge = (
    <Badge variant="light" radius="sm" color={stateColor[post.state]}>
      {t(`campaignsApp.postStates.${post.state}`)}
    </Badge>
  );
  return post.lastError === null ? badge : <Tooltip label={post.lastError} multiline maw={360}>{badge}</Tooltip>;
}

export function PostsPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const list = useListParams();
  const { params, page, update } = list;
  const stateParam = params.get('state');
  const state = isPostState(stateParam) ? stateParam : null;
  const posts = usePostPage(state, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const accounts = useChannelAccounts();
  const accountList = accounts.data?.items ?? [];
  const accountName = new Map(accountList.map((account) => [account.id, account.name]));
  const [composing, setComposing] = useState(false);
  // A post has no approval queue: only those who may let things out unseen publish.
  const canApprove = useCanApprove();
  const [cancelling, setCancelling] = useState<ScheduledPost | null>(null);
  return (
    <>
      <PageHeader
        title={t('campaignsApp.posts.title')}
        description={t('campaignsApp.posts.description')}
        actions={
          canApprove ? (
            <Button leftSection={<IconMessagePlus size={16} />} onClick={() => setComposing(true)} disabled={accountList.length === 0}>
              {t('campaignsApp.posts.compose')}
            </Button>
          ) : undefined
        }
      />
      {!canApprove && (
        <Text c="dimmed" size="sm" mb="md">
          {t('campaignsApp.posts.needsApprove')}
        </Text>
      )}
      <ErrorAlert error={accounts.error} />
      {accounts.data !== undefined && accountList.length === 0 && (
        <Text c="dimmed" size="sm" mb="md">
          {t('campaignsApp.posts.noAccounts')}
        </Text>
      )}
      <FilterBar>
        <Select
          label={t('campaignsApp.posts.state')}
          placeholder={t('campaignsApp.anyState')}
          data={postStates.map((value) => ({ value, label: t(`campaignsApp.postStates.${value}`) }))}
          value={state}
          onChange={(value) => update({ state: value })}
          clearable
        />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <PagedTable
        query={posts}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconMessageOff size={28} />, title: t('campaignsApp.posts.emptyTitle'), description: t('campaignsApp.posts.emptyDescription') }}
        minWidth={860}
        tableProps={{ 'data-testid': 'post-table', verticalSpacing: 'sm' }}
        head={
          <>
            <Table.Th>{t('campaignsApp.posts.publishAt')}</Table.Th>
            <Table.Th>{t('campaignsApp.posts.account')}</Table.Th>
            <Table.Th>{t('campaignsApp.posts.text')}</Table.Th>
            <Table.Th>{t('campaignsApp.posts.language')}</Table.Th>
            <Table.Th>{t('campaignsApp.posts.state')}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(items) =>
          items.map((post) => (
            <Table.Tr key={post.id} data-testid="post-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(post.publishAt)}</Table.Td>
              <Table.Td>{accountName.get(post.accountId) ?? '—'}</Table.Td>
              <Table.Td maw={420}>
                <Text size="sm" lineClamp={2}>
                  {post.text}
                </Text>
                {post.image !== null && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {t('campaignsApp.posts.withImage', { alt: post.image.description })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`languages.${post.language}`)}</Table.Td>
              <Table.Td>
                <PostStateBadge post={post} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {post.remoteUrl !== null && (
                    <Anchor href={post.remoteUrl} target="_blank" rel="noreferrer" aria-label={t('campaignsApp.posts.open')}>
                      <IconExternalLink size={16} />
                    </Anchor>
                  )}
                  {post.state === 'scheduled' && (
                    <IconAction label={t('campaignsApp.posts.cancel')} color="red" onClick={() => setCancelling(post)}>
                      <IconBan size={16} />
                    </IconAction>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))
        }
      </PagedTable>
      {composing && <ComposeModal accounts={accountList} onClose={() => setComposing(false)} />}
      <ConfirmDialog
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={t('campaignsApp.posts.cancelTitle')}
        message={t('campaignsApp.posts.cancelMessage', { when: cancelling === null ? '' : time.dateTime(cancelling.publishAt) })}
        confirmLabel={t('campaignsApp.posts.cancel')}
        onConfirm={async () => {
          if (cancelling === null) return;
          await campaignWrites.cancelPost(cancelling.id);
          await client.invalidateQueries({ queryKey: ['campaign-posts'] });
        }}
      />
    </>
  );
}
