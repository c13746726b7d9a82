import { Anchor, Badge, Button, Code, EmptyState, Group, Pagination, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconDownload, IconFilter, IconFilterOff, IconHistory } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAuditLog, type AuditFilters } from '../../api/audience.ts';
import { auditActions } from '../../api/audienceTypes.ts';
import { queryString } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { IconAction, Loading, PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ActorName, useActorNames } from './actors.tsx';

/* The append-only audit log: who did what to whose data, when and why; filtered and exported. */

const PAGE_SIZE = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function actionColor(action: string): string {
  if (action.startsWith('consent.')) return 'teal';
  if (action === 'contact.erased' || action === 'retention.trimmed') return 'red';
  if (action.endsWith('exported')) return 'indigo';
  if (action === 'contact.viewed') return 'gray';
  return 'blue';
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const actors = useActorNames();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const from = params.get('from');
  const to = params.get('to');
  const contact = params.get('contact') ?? '';
  const filters: AuditFilters = {
    action: params.get('action') ?? undefined,
    contactId: uuid.test(contact) ? contact : undefined,
    // The range is in days of the house; the API takes instants: from the start of the first day to the end of the last.
    from: from === null ? undefined : dayjs.tz(from, time.zone).startOf('day').toISOString(),
    to: to === null ? undefined : dayjs.tz(to, time.zone).add(1, 'day').startOf('day').toISOString(),
  };
  const query = useAuditLog(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const data = query.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const exportUrl = (format: 'csv' | 'json') => `/api/audit/export${queryString({ ...filters, format })}`;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <>
            <Button component="a" href={exportUrl('csv')} download variant="default" leftSection={<IconDownload size={16} />}>
              {t('audit.exportCsv')}
            </Button>
            <Button component="a" href={exportUrl('json')} download variant="default" leftSection={<IconDownload size={16} />}>
              {t('audit.exportJson')}
            </Button>
          </>
        }
      />
      <Paper withBorder p="md" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <Select
            label={t('audit.action')}
            placeholder={t('audit.allActions')}
            data={auditActions.map((action) => ({ value: action, label: t(`auditActions.${action.replace('.', '_')}`) }))}
            value={filters.action ?? null}
            onChange={(value) => update({ action: value })}
            clearable
            searchable
          />
          <TextInput
            label={t('audit.contact')}
            placeholder={t('audit.contactPlaceholder')}
            value={contact}
            onChange={(event) => update({ contact: event.currentTarget.value.trim() })}
            error={contact !== '' && !uuid.test(contact) ? t('audit.contactInvalid') : undefined}
          />
          <DatePickerInput
            type="range"
            label={t('filters.dateRange')}
            placeholder={t('filters.anyDate')}
            valueFormat="DD.MM.YYYY"
            clearable
            allowSingleDateInRange
            value={[from, to]}
            onChange={([start, end]) => {
              if (start === null && end === null) update({ from: null, to: null });
              else if (start !== null && end !== null) update({ from: start.slice(0, 10), to: end.slice(0, 10) });
            }}
          />
          <Group align="flex-end">
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={() => setParams(new URLSearchParams(), { replace: true })} disabled={params.size === 0}>
              {t('filters.reset')}
            </Button>
          </Group>
        </SimpleGrid>
      </Paper>
      {query.error !== null && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <Loading />
      ) : data !== undefined && data.items.length === 0 ? (
        <Paper withBorder py="xl">
          <EmptyState icon={<IconHistory size={28} />} withIndicatorBackground title={t('audit.emptyTitle')} description={t('audit.emptyDescription')} />
        </Paper>
      ) : (
        data !== undefined && (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={860}>
              <Table fz="sm" data-testid="audit-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('audit.at')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.contact')}</Table.Th>
                    <Table.Th>{t('audit.reason')}</Table.Th>
                    <Table.Th>{t('audit.details')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(entry.at)}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" radius="sm" variant="light" color={actionColor(entry.action)}>
                          {t(`auditActions.${entry.action.replace('.', '_')}`, { defaultValue: entry.action })}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <ActorName actor={entry.actor} names={actors} />
                      </Table.Td>
                      <Table.Td>
                        {entry.contactId === null ? (
                          <Text size="sm" c="dimmed">
                            –
                          </Text>
                        ) : (
                          <Group gap={4} wrap="nowrap">
                            <Anchor component={Link} to={`/audience/contacts/${entry.contactId}`} size="sm" ff="monospace">
                              {entry.contactId.slice(-8)}
                            </Anchor>
                            <IconAction label={t('audit.filterByContact')} onClick={() => update({ contact: entry.contactId })}>
                              <IconFilter size={14} />
                            </IconAction>
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td maw={240}>
                        <Text size="sm" lineClamp={2}>
                          {entry.reason ?? '–'}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={320}>
                        {Object.keys(entry.details).length > 0 && (
                          <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 80, overflow: 'auto' }}>
                            {JSON.stringify(entry.details)}
                          </Code>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Text size="sm" c="dimmed">
                {t('common.range', { from: (page - 1) * PAGE_SIZE + 1, to: Math.min(page * PAGE_SIZE, total), total })}
              </Text>
              <Pagination total={pages} value={Math.min(page, pages)} onChange={(value) => update({ page: String(value) })} size="sm" aria-label={t('common.pagination')} />
            </Group>
          </Paper>
        )
      )}
    </>
  );
}
