import { Badge, Button, EmptyState, Group, Paper, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { IconBook, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assistantWrites, useKnowledge } from '../../api/assistant.ts';
import { knowledgeTopics, type KnowledgeEntry } from '../../api/assistantTypes.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { FilterBar } from '../../components/list/filters.tsx';
import { DeleteAction, EditAction, PageHeader, QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { emptyEntryForm, entryFormOf } from './assistantModel.ts';
import { type EditorTarget, KnowledgeEditor } from './KnowledgeEditor.tsx';

/*
 * The house's FAQ for the assistant: every entry with the ways visitors ask it and its
 * answer, searchable and by topic; new entries, changes and deletions. The assistant
 * relearns from a change within moments (the dialogue watches the knowledge version).
 */

export function KnowledgePage() {
  const { t, i18n } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const [topic, setTopic] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const query = useKnowledge({ topic, q });
  const [editing, setEditing] = useState<EditorTarget | null>(null);
  const [deleting, setDeleting] = useState<KnowledgeEntry | null>(null);
  const english = i18n.language === 'en';
  const items = query.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('assistant.knowledge.title')}
        description={t('assistant.knowledge.description')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ entry: null, initial: emptyEntryForm() })}>
            {t('assistant.knowledge.new')}
          </Button>
        }
      />
      <FilterBar cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('filters.search')}
          placeholder={t('assistant.knowledge.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
        <Select
          label={t('assistant.knowledge.topic')}
          placeholder={t('assistant.knowledge.anyTopic')}
          data={knowledgeTopics.map((value) => ({ value, label: t(`assistant.topics.${value}`) }))}
          value={topic}
          onChange={setTopic}
          clearable
        />
      </FilterBar>
      <QueryState query={query}>
        {items.length === 0 ? (
          <Paper withBorder py="xl">
            <EmptyState
              icon={<IconBook size={28} />}
              withIndicatorBackground
              title={topic !== null || q !== '' ? t('assistant.knowledge.noMatchTitle') : t('assistant.knowledge.emptyTitle')}
              description={topic !== null || q !== '' ? t('assistant.knowledge.noMatchDescription') : t('assistant.knowledge.emptyDescription')}
            />
          </Paper>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={760}>
              <Table data-testid="knowledge-table" verticalSpacing="sm">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('assistant.knowledge.question')}</Table.Th>
                    <Table.Th>{t('assistant.knowledge.topic')}</Table.Th>
                    <Table.Th>{t('assistant.knowledge.answer')}</Table.Th>
                    <Table.Th>{t('assistant.knowledge.updated')}</Table.Th>
                    <Table.Th w={90}>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((entry) => {
                    const questions = english ? [...entry.questions.en, ...entry.questions.de] : [...entry.questions.de, ...entry.questions.en];
                    const variants = entry.questions.de.length + entry.questions.en.length;
                    return (
                      <Table.Tr key={entry.id} data-entry={entry.id}>
                        <Table.Td maw={320}>
                          <Stack gap={2}>
                            <Text size="sm" fw={600} lineClamp={2}>
                              {questions[0] ?? '—'}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {t('assistant.knowledge.variants', { count: variants })}
                            </Text>
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={4} align="flex-start">
                            <Badge size="sm" variant="light" radius="sm">
                              {t(`assistant.topics.${entry.topic}`)}
                            </Badge>
                            {entry.humanOnly && (
                              <Badge size="sm" variant="light" color="red" radius="sm">
                                {t('assistant.knowledge.humanOnlyBadge')}
                              </Badge>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td maw={420}>
                          <Text size="sm" lineClamp={3}>
                            {english ? entry.answer.en : entry.answer.de}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {time.dateTime(entry.updatedAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <EditAction onClick={() => setEditing({ entry, initial: entryFormOf(entry) })} />
                            <DeleteAction onClick={() => setDeleting(entry)} />
                          </Group>
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
      <KnowledgeEditor target={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={t('assistant.knowledge.deleteTitle')}
        message={t('assistant.knowledge.deleteMessage', { question: deleting === null ? '' : ((english ? deleting.questions.en[0] : deleting.questions.de[0]) ?? deleting.questions.de[0] ?? deleting.questions.en[0] ?? '') })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          await assistantWrites.deleteEntry(deleting.id);
          await client.invalidateQueries({ queryKey: ['assistant-knowledge'] });
        }}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
