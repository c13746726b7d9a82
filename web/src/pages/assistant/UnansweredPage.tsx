import { Anchor, Badge, Button, EmptyState, Group, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconEyeOff, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { assistantWrites, useUnanswered } from '../../api/assistant.ts';
import type { UnansweredQuestion } from '../../api/assistantTypes.ts';
import { errorTitle } from '../../components/errors.tsx';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { entryFormFromQuestion } from './assistantModel.ts';
import { type EditorTarget, KnowledgeEditor } from './KnowledgeEditor.tsx';

/*
 * What visitors asked that the assistant could not answer, most often asked first: one
 * click opens a new knowledge entry with the question as its first variant; saving it
 * marks the question answered. A question that is no business of the house is dismissed.
 */

type Status = UnansweredQuestion['status'];
const statuses: Status[] = ['open', 'answered', 'dismissed'];

export function UnansweredPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const [status, setStatus] = useState<Status>('open');
  const query = useUnanswered(status);
  const [editing, setEditing] = useState<EditorTarget | null>(null);
  const [dismissing, setDismissing] = useState<string | null>(null);
  const items = [...(query.data?.items ?? [])].sort((a, b) => b.timesAsked - a.timesAsked || b.lastAskedAt.localeCompare(a.lastAskedAt));

  const dismiss = async (question: UnansweredQuestion) => {
    setDismissing(question.id);
    try {
      await assistantWrites.dismiss(question.id);
      await client.invalidateQueries({ queryKey: ['assistant-unanswered'] });
      notifications.show({ color: 'teal', message: t('assistant.unanswered.dismissed') });
    } catch (caught) {
      notifications.show({ color: 'red', title: errorTitle(t, caught), message: caught instanceof Error ? caught.message : '' });
    } finally {
      setDismissing(null);
    }
  };

  return (
    <>
      <PageHeader
        title={t('assistant.unanswered.title')}
        description={t('assistant.unanswered.description')}
        actions={
          <SegmentedControl
            value={status}
            onChange={(value) => setStatus(statuses.find((s) => s === value) ?? 'open')}
            data={statuses.map((value) => ({ value, label: t(`assistant.unanswered.statuses.${value}`) }))}
            aria-label={t('assistant.unanswered.show')}
          />
        }
      />
      <QueryState query={query}>
        {items.length === 0 ? (
          <Paper withBorder py="xl">
            <EmptyState
              icon={<IconCircleCheck size={28} />}
              withIndicatorBackground
              title={t(`assistant.unanswered.empty.${status}`)}
              description={t('assistant.unanswered.emptyDescription')}
            />
          </Paper>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={760}>
              <Table data-testid="unanswered-table" verticalSpacing="sm">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('assistant.unanswered.question')}</Table.Th>
                    <Table.Th ta="right">{t('assistant.unanswered.times')}</Table.Th>
                    <Table.Th>{t('assistant.unanswered.lastAsked')}</Table.Th>
                    {status === 'open' && <Table.Th>{t('common.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((question) => (
                    <Table.Tr key={question.id} data-question={question.id}>
                      <Table.Td maw={440}>
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          <Badge size="xs" variant="outline" color="gray" mt={3}>
                            {question.language.toUpperCase()}
                          </Badge>
                          <Text size="sm" lang={question.language} style={{ overflowWrap: 'anywhere' }}>
                            {question.text}
                          </Text>
                        </Group>
                        {question.conversationId !== null && can('assistant:inbox') && (
                          <Anchor component={Link} to={`/assistant/inbox/${question.conversationId}?status=all`} size="xs" ml={34}>
                            {t('assistant.unanswered.conversation')}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {question.timesAsked}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {time.dateTime(question.lastAskedAt)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('assistant.unanswered.firstAsked', { when: time.date(question.firstAskedAt) })}
                        </Text>
                      </Table.Td>
                      {status === 'open' && (
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="xs"
                              leftSection={<IconPlus size={14} />}
                              onClick={() => setEditing({ entry: null, initial: entryFormFromQuestion(question), fromUnansweredId: question.id })}
                            >
                              {t('assistant.unanswered.createEntry')}
                            </Button>
                            <Button size="xs" variant="subtle" color="gray" leftSection={<IconEyeOff size={14} />} loading={dismissing === question.id} onClick={() => void dismiss(question)}>
                              {t('assistant.unanswered.dismiss')}
                            </Button>
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
      <KnowledgeEditor target={editing} onClose={() => setEditing(null)} />
    </>
  );
}
