import { Alert, Anchor, Badge, Box, Button, Card, CloseButton, Divider, Grid, Group, Paper, ScrollArea, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconMail, IconMessageCircle, IconSend, IconUserOff } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { assistantWrites, useAssignees, useConversation } from '../../api/assistant.ts';
import type { ConversationDetail, StaffMessage } from '../../api/assistantTypes.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert, errorTitle } from '../../components/errors.tsx';
import { QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ConversationStatusBadge, HandoverReasonBadge } from './assistantDisplay.tsx';
import { confidenceText, entityRows, expectedDelivery, type ExpectedDelivery } from './assistantModel.ts';

/*
 * One conversation as the dialogue team sees it: the whole history (the assistant's
 * reading of each visitor message shown small), the context the dialogue had reached,
 * and the reply box, which says before sending where the reply will reach the visitor.
 */

const MAX_REPLY = 4000;
const bubbleColor = { visitor: 'gray.1', assistant: 'blue.0', staff: 'teal.0' } as const;

function Bubble({ message }: { message: StaffMessage }) {
  const { t, i18n } = useTranslation();
  const time = useTimeFormat();
  const confidence = confidenceText(message.confidence, i18n.language);
  const fromVisitor = message.author === 'visitor';
  const author = message.author === 'staff' ? (message.staffUser?.name ?? t('assistant.authors.staff')) : t(`assistant.authors.${message.author}`);
  return (
    <Box style={{ alignSelf: fromVisitor ? 'flex-start' : 'flex-end', maxWidth: '85%' }} data-author={message.author} data-testid="message">
      <Text size="xs" c="dimmed" ta={fromVisitor ? 'left' : 'right'}>
        {author} · {time.dateTime(message.createdAt)}
      </Text>
      <Paper p="xs" radius="md" bg={bubbleColor[message.author]} withBorder>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.text}
        </Text>
        {(message.cards ?? []).length > 0 && (
          <Stack gap={2} mt={6}>
            {(message.cards ?? []).map((card, index) => (
              <Text key={index} size="xs" c="dimmed">
                ▸ {card.title}
                {card.subtitle !== undefined ? ` – ${card.subtitle}` : ''}
              </Text>
            ))}
          </Stack>
        )}
        {(message.quickReplies ?? []).length > 0 && (
          <Group gap={4} mt={6}>
            {(message.quickReplies ?? []).map((reply) => (
              <Badge key={reply.text} size="xs" variant="outline" color="gray" tt="none">
                {reply.label}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>
      {fromVisitor && message.intent !== null && (
        <Text size="xs" c="dimmed" data-testid="message-intent">
          {t('assistant.inbox.understood', { intent: message.intent })}
          {confidence !== null && ` · ${confidence}`}
        </Text>
      )}
      {message.emailedAt !== null && (
        <Group gap={4} justify="flex-end">
          <IconMail size={12} color="var(--mantine-color-dimmed)" />
          <Text size="xs" c="dimmed">
            {t('assistant.inbox.emailedAt', { when: time.dateTime(message.emailedAt) })}
          </Text>
        </Group>
      )}
    </Box>
  );
}

function Context({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const time = useTimeFormat();
  const entities = entityRows(conversation.context.entities);
  const row = (label: string, value: ReactNode) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={110} style={{ flex: 'none' }}>
        {label}
      </Text>
      <Box style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{value}</Box>
    </Group>
  );
  return (
    <Stack gap={6} data-testid="conversation-context">
      <Title order={5}>{t('assistant.inbox.context')}</Title>
      {row(
        t('assistant.inbox.contact'),
        conversation.contact !== null && can('audience:read') ? (
          <Anchor component={Link} to={`/audience/contacts/${conversation.contact.id}`} size="sm">
            {conversation.contact.name}
          </Anchor>
        ) : (
          <Text size="sm">{conversation.contact?.name ?? t('assistant.inbox.noContact')}</Text>
        ),
      )}
      {row(t('assistant.inbox.visitorName'), <Text size="sm">{conversation.visitorName ?? '—'}</Text>)}
      {row(t('assistant.inbox.visitorEmail'), <Text size="sm">{conversation.visitorEmail ?? '—'}</Text>)}
      {row(t('assistant.inbox.step'), <Text size="sm">{conversation.context.step ?? '—'}</Text>)}
      {row(t('assistant.inbox.intents'), <Text size="sm">{conversation.context.intents.length === 0 ? '—' : conversation.context.intents.join(', ')}</Text>)}
      {entities.map((entity) => (
        <Box key={entity.key}>{row(entity.key, <Text size="sm">{entity.value}</Text>)}</Box>
      ))}
      {row(t('assistant.inbox.page'), <Text size="sm">{conversation.pageUrl ?? '—'}</Text>)}
      {row(t('assistant.inbox.started'), <Text size="sm">{time.dateTime(conversation.createdAt)}</Text>)}
      {conversation.handedOverAt !== null && row(t('assistant.inbox.handedOver'), <Text size="sm">{time.dateTime(conversation.handedOverAt)}</Text>)}
    </Stack>
  );
}

const deliveryIcon: Record<ExpectedDelivery, typeof IconMail> = { widget: IconMessageCircle, email: IconMail, none: IconUserOff, closed: IconCircleCheck };
const deliveryColor: Record<ExpectedDelivery, string> = { widget: 'teal', email: 'blue', none: 'orange', closed: 'gray' };

function ReplyBox({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const delivery = expectedDelivery(conversation);
  const Icon = deliveryIcon[delivery];
  const send = async () => {
    if (text.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await assistantWrites.reply(conversation.id, text.trim());
      setText('');
      notifications.show({ color: result.delivery === 'none' ? 'orange' : 'teal', message: t(`assistant.inbox.sent.${result.delivery}`) });
      await client.invalidateQueries({ queryKey: ['assistant-conversation', conversation.id] });
      await client.invalidateQueries({ queryKey: ['assistant-conversations'] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Alert variant="light" color={deliveryColor[delivery]} icon={<Icon size={16} />} p="xs" data-testid="reply-delivery" data-delivery={delivery}>
        <Text size="sm">{t(`assistant.inbox.delivery.${delivery}`, { email: conversation.visitorEmail ?? '' })}</Text>
      </Alert>
      {delivery !== 'closed' && (
        <>
          <ErrorAlert error={error} />
          <Textarea
            label={t('assistant.inbox.reply')}
            placeholder={t('assistant.inbox.replyPlaceholder')}
            autosize
            minRows={3}
            maxRows={10}
            maxLength={MAX_REPLY}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter sends; Enter alone is a new line in a staff reply.
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void send();
              }
            }}
            description={text.length > MAX_REPLY - 200 ? t('assistant.inbox.remaining', { count: MAX_REPLY - text.length }) : t('assistant.inbox.replyHint')}
          />
          <Group justify="flex-end">
            <Button leftSection={<IconSend size={16} />} onClick={() => void send()} loading={busy} disabled={text.trim() === ''}>
              {t('assistant.inbox.send')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function Actions({ conversation }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const client = useQueryClient();
  const assignees = useAssignees();
  const [closing, setClosing] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const ME = session.staff.id;
  const options = [
    { value: '', label: t('assistant.inbox.nobody') },
    { value: ME, label: t('assistant.inbox.me', { name: session.staff.name }) },
    ...(assignees.data?.items ?? []).filter((person) => person.id !== ME).map((person) => ({ value: person.id, label: person.name })),
  ];
  // Someone assigned who no longer works the inbox (role changed, account disabled): still shown by name.
  if (conversation.assignedTo !== null && !options.some((option) => option.value === conversation.assignedTo?.id)) {
    options.push({ value: conversation.assignedTo.id, label: conversation.assignedTo.name });
  }
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['assistant-conversation', conversation.id] });
    await client.invalidateQueries({ queryKey: ['assistant-conversations'] });
  };
  const assign = async (userId: string | null) => {
    setAssigning(true);
    try {
      await assistantWrites.assign(conversation.id, userId);
      await refresh();
      notifications.show({ color: 'teal', message: userId === null ? t('assistant.inbox.unassigned') : t('assistant.inbox.assignedTo', { name: options.find((o) => o.value === userId)?.label ?? '' }) });
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: caught instanceof Error ? caught.message : '' });
    } finally {
      setAssigning(false);
    }
  };
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        label={t('assistant.inbox.assignee')}
        data={options}
        value={conversation.assignedTo?.id ?? ''}
        onChange={(value) => void assign(value === null || value === '' ? null : value)}
        allowDeselect={false}
        disabled={assigning || conversation.status === 'closed'}
        w={220}
        data-testid="assign-select"
      />
      {conversation.assignedTo?.id !== ME && conversation.status !== 'closed' && (
        <Button variant="default" onClick={() => void assign(ME)} loading={assigning}>
          {t('assistant.inbox.assignMe')}
        </Button>
      )}
      {conversation.status !== 'closed' && (
        <Button variant="light" color="gray" leftSection={<IconCircleCheck size={16} />} onClick={() => setClosing(true)}>
          {t('assistant.inbox.close')}
        </Button>
      )}
      <ConfirmDialog
        opened={closing}
        title={t('assistant.inbox.closeTitle')}
        message={t('assistant.inbox.closeMessage')}
        confirmLabel={t('assistant.inbox.close')}
        onConfirm={async () => {
          await assistantWrites.close(conversation.id);
          await refresh();
          notifications.show({ color: 'teal', message: t('assistant.inbox.closed') });
        }}
        onClose={() => setClosing(false)}
      />
    </Group>
  );
}

export function ConversationView({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useConversation(id);
  const conversation = query.data;
  const viewport = useRef<HTMLDivElement>(null);
  const count = conversation?.messages.length ?? 0;
  useEffect(() => {
    // New messages scroll into view; a refresh without news leaves the reader where they are.
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [count]);
  return (
    <Card withBorder component="section" aria-label={t('assistant.inbox.conversation')} data-testid="conversation">
      <QueryState query={query}>
        {conversation !== undefined && (
          <Stack gap="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4}>
                <Title order={4}>{conversation.visitorName ?? conversation.contact?.name ?? t('assistant.inbox.anonymous')}</Title>
                <Group gap={6}>
                  <ConversationStatusBadge status={conversation.status} />
                  {conversation.handoverReason !== null && <HandoverReasonBadge reason={conversation.handoverReason} />}
                  <Badge size="sm" variant="outline" color="gray">
                    {t(`languages.${conversation.language}`)}
                  </Badge>
                </Group>
              </Stack>
              <CloseButton onClick={onClose} aria-label={t('assistant.inbox.hide')} />
            </Group>
            <Actions conversation={conversation} />
            <Divider />
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 8 }}>
                <ScrollArea.Autosize mah={480} viewportRef={viewport} type="auto">
                  <Stack gap="sm" pr="sm" data-testid="conversation-history">
                    {conversation.messages.map((message) => (
                      <Bubble key={message.seq} message={message} />
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 4 }}>
                <Context conversation={conversation} />
              </Grid.Col>
            </Grid>
            <Divider />
            <ReplyBox conversation={conversation} />
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
