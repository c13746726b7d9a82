import { Alert, Badge, Button, Card, Code, Group, Modal, Pagination, Select, Stack, Text, Textarea, ThemeIcon, Timeline, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconCalendarEvent, IconEyeOff, IconPlus, IconTimeline } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllProductions, useTimeline } from '../../api/audience.ts';
import { interactionKinds, type Contact, type InteractionKind } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { useUnits } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { interactionColor, interactionIcon } from './conditionIcons.ts';

/*
 * A contact's history, newest first: bookings, visits, mails, conversations. Only what
 * the person's valid purposes justify is shown; the server says when details or whole
 * kinds are withheld, and the page says so too instead of looking complete.
 */

const PAGE_SIZE = 20;

function NoteModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const client = useQueryClient();
  const productions = useAllProductions();
  const form = useForm<{ kind: string; occurredAt: string | null; productionId: string | null; note: string }>({
    initialValues: { kind: 'attendance', occurredAt: time.toPicker(new Date().toISOString()), productionId: null, note: '' },
    validate: { occurredAt: (value) => (value === null ? t('timeline.whenRequired') : null) },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      await api.post(`/api/contacts/${contact.id}/interactions`, {
        kind: values.kind,
        occurredAt: time.fromPicker(values.occurredAt),
        productionId: values.productionId,
        ...(values.note.trim() === '' ? {} : { note: values.note.trim() }),
      });
      await client.invalidateQueries({ queryKey: ['timeline', contact.id] });
      onClose();
    });
  });
  return (
    <Modal opened onClose={onClose} title={t('timeline.note')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <Select label={t('timeline.kind')} data={interactionKinds.map((kind) => ({ value: kind, label: t(`interactionKinds.${kind}`) }))} allowDeselect={false} {...form.getInputProps('kind')} />
          <DateTimePicker label={t('timeline.when')} description={t('performance.zoneHint', { zone: time.zone })} valueFormat="DD.MM.YYYY HH:mm" {...form.getInputProps('occurredAt')} />
          <Select
            label={t('timeline.production')}
            data={(productions.data ?? []).map((production) => ({ value: production.id, label: labels.title(production.title) }))}
            clearable
            searchable
            {...form.getInputProps('productionId')}
          />
          <Textarea label={t('timeline.noteText')} description={t('timeline.noteHint')} autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
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

export function TimelineCard({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const { can } = useSession();
  const units = useUnits();
  const [kind, setKind] = useState<InteractionKind | null>(null);
  const [page, setPage] = useState(1);
  const [noting, setNoting] = useState(false);
  const timeline = useTimeline(contact.id, kind, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));
  const data = timeline.data;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));

  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h5">
            {t('timeline.title')}
          </Title>
          <Group gap="xs">
            <Select
              size="xs"
              w={220}
              aria-label={t('timeline.filterKind')}
              placeholder={t('timeline.allKinds')}
              data={interactionKinds.map((value) => ({ value, label: t(`interactionKinds.${value}`) }))}
              value={kind}
              onChange={(value) => {
                setKind(interactionKinds.find((candidate) => candidate === value) ?? null);
                setPage(1);
              }}
              clearable
            />
            {can('audience:write') && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setNoting(true)}>
                {t('timeline.note')}
              </Button>
            )}
          </Group>
        </Group>
        <QueryState query={timeline}>
          {data !== undefined && (
            <Stack gap="sm" style={{ opacity: timeline.isPlaceholderData ? 0.6 : 1 }}>
              {(!data.detailsShown || data.hiddenKinds.length > 0) && (
                <Alert color="gray" variant="light" icon={<IconEyeOff size={16} />} p="xs" data-testid="timeline-withheld">
                  <Stack gap={2}>
                    {!data.detailsShown && <Text size="xs">{t('timeline.detailsHidden')}</Text>}
                    {data.hiddenKinds.length > 0 && (
                      <Text size="xs">{t('timeline.kindsHidden', { kinds: data.hiddenKinds.map((hidden) => t(`interactionKinds.${hidden}`)).join(', ') })}</Text>
                    )}
                  </Stack>
                </Alert>
              )}
              {data.items.length === 0 ? (
                <Group gap="xs" c="dimmed">
                  <IconTimeline size={18} />
                  <Text size="sm">{t('timeline.empty')}</Text>
                </Group>
              ) : (
                <Timeline bulletSize={28} lineWidth={2} data-testid="timeline">
                  {data.items.map((item) => {
                    const Icon = interactionIcon[item.kind];
                    // Title and start come with the item (the server joins them), in the interface language.
                    const production = item.productionTitle === null ? undefined : labels.title(item.productionTitle);
                    return (
                      <Timeline.Item
                        key={item.id}
                        bullet={
                          <ThemeIcon size={28} radius="xl" variant="light" color={interactionColor[item.kind]}>
                            <Icon size={15} />
                          </ThemeIcon>
                        }
                        title={
                          <Group gap={6}>
                            <Text size="sm" fw={600}>
                              {t(`interactionKinds.${item.kind}`)}
                            </Text>
                            {production !== undefined && <Text size="sm">· {production}</Text>}
                          </Group>
                        }
                      >
                        {item.performanceStartsAt !== null && (
                          <Group gap={4} wrap="nowrap" data-testid="timeline-performance">
                            <IconCalendarEvent size={14} color="var(--mantine-color-dimmed)" />
                            <Text size="sm">{t('timeline.performanceOn', { when: `${time.date(item.performanceStartsAt)}, ${time.time(item.performanceStartsAt)}` })}</Text>
                          </Group>
                        )}
                        <Group gap={6}>
                          <Text size="xs" c="dimmed">
                            {time.dateTime(item.occurredAt)}
                          </Text>
                          <Badge size="xs" variant="default" radius="sm">
                            {t(`interactionSources.${item.source}`, { defaultValue: item.source })}
                          </Badge>
                          {item.unitId !== null && (
                            <Badge size="xs" variant="light" color="gray" radius="sm">
                              {unitName.get(item.unitId) ?? '…'}
                            </Badge>
                          )}
                        </Group>
                        {item.details !== null && Object.keys(item.details).length > 0 && (
                          <Code block fz="xs" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                            {typeof item.details.note === 'string' && Object.keys(item.details).length === 1 ? item.details.note : JSON.stringify(item.details, null, 1)}
                          </Code>
                        )}
                      </Timeline.Item>
                    );
                  })}
                </Timeline>
              )}
              {pages > 1 && <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage} size="sm" aria-label={t('common.pagination')} />}
            </Stack>
          )}
        </QueryState>
      </Stack>
      {noting && <NoteModal contact={contact} onClose={() => setNoting(false)} />}
    </Card>
  );
}
