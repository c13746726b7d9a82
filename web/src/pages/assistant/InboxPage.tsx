import { Badge, Grid, Group, Paper, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconInbox, IconMessageCircleOff, IconPointFilled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useConversations } from '../../api/assistant.ts';
import type { AssignedFilter, ConversationSummary, StatusFilter } from '../../api/assistantTypes.ts';
import { FilterBar, ResetFiltersButton } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ConversationView } from './ConversationView.tsx';
import { ConversationStatusBadge, HandoverReasonBadge } from './assistantDisplay.tsx';

/*
 * The dialogue team's inbox: the conversations the assistant handed over, newest activity
 * first, refreshed every ten seconds; a conversation opens beside the list (below it on a
 * phone) with its history, context, reply box and actions.
 */

const PAGE_SIZE = 20;
const statuses: StatusFilter[] = ['handed_over', 'open', 'closed', 'all'];
const assignments: AssignedFilter[] = ['anyone', 'me', 'unassigned'];

const isStatus = (value: string | null): value is StatusFilter => value !== null && (statuses as string[]).includes(value);
const isAssigned = (value: string | null): value is AssignedFilter => value !== null && (assignments as string[]).includes(value);

function VisitorPresence({ present }: { present: boolean }) {
  const { t } = useTranslation();
  const label = present ? t('assistant.inbox.present') : t('assistant.inbox.away');
  return (
    <Tooltip label={label}>
      <Group gap={4} wrap="nowrap" data-testid="visitor-presence" data-present={present}>
        <IconPointFilled size={14} color={present ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-5)'} aria-hidden />
        <Text size="xs" c={present ? 'teal.8' : 'dimmed'}>
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}

function who(conversation: ConversationSummary, anonymous: string): string {
  return conversation.visitorName ?? conversation.contact?.name ?? conversation.visitorEmail ?? anonymous;
}

export function InboxPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const navigate = useNavigate();
  const { id } = useParams();
  const list = useListParams();
  const { params, page, update } = list;
  const status = params.get('status');
  const assigned = params.get('assigned');
  const filters = { status: isStatus(status) ? status : 'handed_over', assigned: isAssigned(assigned) ? assigned : 'anyone' } as const;
  const query = useConversations(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const open = (conversationId: string) => navigate({ pathname: `/assistant/inbox/${conversationId}`, search: params.toString() });

  return (
    <>
      <PageHeader title={t('assistant.inbox.title')} description={t('assistant.inbox.description')} />
      <FilterBar cols={{ base: 1, xs: 3 }}>
        <Select
          label={t('assistant.inbox.status')}
          data={statuses.map((value) => ({ value, label: t(`assistant.statuses.${value}`) }))}
          value={filters.status}
          onChange={(value) => update({ status: value === 'handed_over' ? null : value })}
          allowDeselect={false}
        />
        <Select
          label={t('assistant.inbox.assigned')}
          data={assignments.map((value) => ({ value, label: t(`assistant.inbox.assignedFilter.${value}`) }))}
          value={filters.assigned}
          onChange={(value) => update({ assigned: value === 'anyone' ? null : value })}
          allowDeselect={false}
        />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: id === undefined ? 12 : 5 }}>
          <PagedTable
            query={query}
            page={page}
            pageSize={PAGE_SIZE}
            onPage={(value) => update({ page: String(value) })}
            empty={{ icon: <IconInbox size={28} />, title: t('assistant.inbox.emptyTitle'), description: t('assistant.inbox.emptyDescription') }}
            minWidth={id === undefined ? 820 : 420}
            tableProps={{ 'data-testid': 'inbox-table', highlightOnHover: true }}
            head={
              <>
                <Table.Th>{t('assistant.inbox.visitor')}</Table.Th>
                <Table.Th>{t('assistant.inbox.reason')}</Table.Th>
                {id === undefined && <Table.Th>{t('assistant.inbox.assignee')}</Table.Th>}
                <Table.Th>{t('assistant.inbox.lastMessage')}</Table.Th>
              </>
            }
          >
            {(items) =>
              items.map((conversation) => (
                <ClickableRow key={conversation.id} onOpen={() => open(conversation.id)}>
                  <Table.Td style={conversation.id === id ? { boxShadow: 'inset 3px 0 0 var(--mantine-color-foyer-6)' } : undefined}>
                    <Stack gap={2} maw={id === undefined ? 520 : 300}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600} lineClamp={1}>
                          {who(conversation, t('assistant.inbox.anonymous'))}
                        </Text>
                        <Badge size="xs" variant="outline" color="gray">
                          {conversation.language.toUpperCase()}
                        </Badge>
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {conversation.preview}
                      </Text>
                      <VisitorPresence present={conversation.visitorPresent} />
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      {conversation.handoverReason !== null ? <HandoverReasonBadge reason={conversation.handoverReason} /> : <ConversationStatusBadge status={conversation.status} />}
                      {conversation.status === 'closed' && conversation.handoverReason !== null && <ConversationStatusBadge status="closed" />}
                    </Stack>
                  </Table.Td>
                  {id === undefined && (
                    <Table.Td>
                      <Text size="sm" c={conversation.assignedTo === null ? 'dimmed' : undefined}>
                        {conversation.assignedTo?.name ?? t('assistant.inbox.nobody')}
                      </Text>
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {time.dateTime(conversation.lastMessageAt)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('assistant.inbox.messages', { count: conversation.messageCount })}
                    </Text>
                  </Table.Td>
                </ClickableRow>
              ))
            }
          </PagedTable>
        </Grid.Col>
        {id !== undefined && (
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <ConversationView key={id} id={id} onClose={() => navigate({ pathname: '/assistant/inbox', search: params.toString() })} />
          </Grid.Col>
        )}
        {id === undefined && query.data !== undefined && query.data.items.length > 0 && (
          <Grid.Col span={12} visibleFrom="lg">
            <Paper withBorder p="md" c="dimmed">
              <Group gap="xs">
                <IconMessageCircleOff size={16} />
                <Text size="sm">{t('assistant.inbox.choose')}</Text>
              </Group>
            </Paper>
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}
