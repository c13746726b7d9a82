import { ActionIcon, Button, Group, Modal, Select, SimpleGrid, Stack, Switch, TagsInput, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconLink, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { assistantWrites } from '../../api/assistant.ts';
import { knowledgeTopics, type KnowledgeEntry } from '../../api/assistantTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { type EntryForm, entryInputOf, entryProblems, MAX_ANSWER, MAX_LINKS, MAX_VARIANTS } from './assistantModel.ts';

/*
 * One FAQ entry of the house: its topic, the ways visitors ask it (in German and in
 * English), the answer in both languages, pages to link, and whether only a person may
 * answer it. Opened from the knowledge base, or from an unanswered question with that
 * question already as the first variant.
 */

export interface EditorTarget {
  /** The entry being changed; null for a new one. */
  entry: KnowledgeEntry | null;
  initial: EntryForm;
  /** The unanswered question this entry answers: marked answered when it is saved. */
  fromUnansweredId?: string;
}

/** The server names fields like 'questions.de' or 'answer.en'; the form calls them questionsDe, answerEn. */
function fieldOf(field: string): string {
  return field.replace(/^questions\.(de|en)$/, (_m, l: string) => `questions${l === 'de' ? 'De' : 'En'}`).replace(/^answer\.(de|en)$/, (_m, l: string) => `answer${l === 'de' ? 'De' : 'En'}`);
}

function EditorForm({ target, onDone }: { target: EditorTarget; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<EntryForm>({
    initialValues: target.initial,
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const problem of entryProblems(values)) {
        const key = problem.field === 'questions' ? 'questionsDe' : problem.field;
        errors[key] = t(`assistant.knowledge.problems.${problem.code}`, { max: problem.field.startsWith('answer') ? MAX_ANSWER : problem.field === 'links' ? MAX_LINKS : MAX_VARIANTS });
      }
      return errors;
    },
  });
  const request = useFormRequest(form, fieldOf);
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const input = entryInputOf(values);
      if (target.entry === null) await assistantWrites.createEntry(input, target.fromUnansweredId);
      else await assistantWrites.updateEntry(target.entry.id, input);
      await client.invalidateQueries({ queryKey: ['assistant-knowledge'] });
      if (target.fromUnansweredId !== undefined) await client.invalidateQueries({ queryKey: ['assistant-unanswered'] });
      notifications.show({ color: 'teal', message: t(target.entry === null ? 'assistant.knowledge.created' : 'assistant.knowledge.saved') });
      onDone();
    }),
  );
  const links = form.getValues().links;
  const topicOptions = knowledgeTopics.map((topic) => ({ value: topic, label: t(`assistant.topics.${topic}`) }));

  return (
    <form onSubmit={submit} noValidate data-testid="knowledge-editor">
      <Stack>
        <ErrorAlert {...request.alert} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t('assistant.knowledge.topic')} data={topicOptions} allowDeselect={false} searchable {...form.getInputProps('topic')} />
          <Switch
            mt={{ base: 0, sm: 30 }}
            label={t('assistant.knowledge.humanOnly')}
            description={t('assistant.knowledge.humanOnlyHint')}
            {...form.getInputProps('humanOnly', { type: 'checkbox' })}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Stack gap="sm">
            <TagsInput
              label={t('assistant.knowledge.questionsDe')}
              description={t('assistant.knowledge.questionsHint')}
              placeholder={t('assistant.knowledge.questionPlaceholder')}
              splitChars={[]}
              maxTags={MAX_VARIANTS}
              clearable
              {...form.getInputProps('questionsDe')}
            />
            <Textarea label={t('assistant.knowledge.answerDe')} required autosize minRows={4} maxRows={12} maxLength={MAX_ANSWER} lang="de" {...form.getInputProps('answerDe')} />
          </Stack>
          <Stack gap="sm">
            <TagsInput
              label={t('assistant.knowledge.questionsEn')}
              description={t('assistant.knowledge.questionsHint')}
              placeholder={t('assistant.knowledge.questionPlaceholder')}
              splitChars={[]}
              maxTags={MAX_VARIANTS}
              clearable
              {...form.getInputProps('questionsEn')}
            />
            <Textarea label={t('assistant.knowledge.answerEn')} required autosize minRows={4} maxRows={12} maxLength={MAX_ANSWER} lang="en" {...form.getInputProps('answerEn')} />
          </Stack>
        </SimpleGrid>
        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              {t('assistant.knowledge.links')}
            </Text>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              disabled={links.length >= MAX_LINKS}
              onClick={() => form.insertListItem('links', { label: '', url: 'https://' })}
            >
              {t('assistant.knowledge.addLink')}
            </Button>
          </Group>
          {links.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('assistant.knowledge.noLinks')}
            </Text>
          )}
          {links.map((_link, index) => (
            <Group key={form.key(`links.${index}`)} gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                aria-label={t('assistant.knowledge.linkLabel', { n: index + 1 })}
                placeholder={t('assistant.knowledge.linkLabelPlaceholder')}
                style={{ flex: 1 }}
                {...form.getInputProps(`links.${index}.label`)}
              />
              <TextInput
                aria-label={t('assistant.knowledge.linkUrl', { n: index + 1 })}
                placeholder="https://"
                leftSection={<IconLink size={14} />}
                style={{ flex: 2 }}
                {...form.getInputProps(`links.${index}.url`)}
              />
              <Tooltip label={t('assistant.knowledge.removeLink')}>
                <ActionIcon variant="subtle" color="red" mt={4} onClick={() => form.removeListItem('links', index)} aria-label={t('assistant.knowledge.removeLink')}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          {form.errors.links !== undefined && (
            <Text size="xs" c="red">
              {form.errors.links}
            </Text>
          )}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={request.busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function KnowledgeEditor({ target, onClose }: { target: EditorTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={target !== null} onClose={onClose} size="xl" title={t(target?.entry === null || target === null ? 'assistant.knowledge.newTitle' : 'assistant.knowledge.editTitle')}>
      {target !== null && <EditorForm target={target} onDone={onClose} />}
    </Modal>
  );
}
