import { Badge, Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { IconDownload, IconFilter, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAuditLog, type AuditFilters } from '../../api/audience.ts';
import { auditActions } from '../../api/audienceTypes.ts';
import { queryString } from '../../api/client.ts';
import { DateRangeFilter, FilterBar, ResetFiltersButton } from '../../components/list/filters.tsx';
import { PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { IconAction, PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ActorName, ContactLink, useActorNames } from './actors.tsx';

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
  const list = useListParams();
  const { params, page, update } = list;
  const from = params.get('from');
  const to = params.get('to');
  const contact = params.get('contact') ?? '';
  const filters: AuditFilters = {
    action: params.get('action') ?? undefined,
    contactId: uuid.test(contact) ? contact : undefined,
    // The range is in days of the house; the API takes instants: from the start of the first day to the end of the last.
    from: from === null ? undefined : time.dayStart(from),
    to: to === null ? undefined : time.dayEnd(to),
  };
  const query = useAuditLog(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
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
      <FilterBar cols={{ base: 1, sm: 2, md: 4 }}>
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
        <DateRangeFilter from={from} to={to} onChange={(range) => update(range ?? { from: null, to: null })} />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconHistory size={28} />, title: t('audit.emptyTitle'), description: t('audit.emptyDescription') }}
        minWidth={860}
        tableProps={{ fz: 'sm', 'data-testid': 'audit-table' }}
        head={
          <>
            <Table.Th>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.actor')}</Table.Th>
            <Table.Th>{t('audit.contact')}</Table.Th>
            <Table.Th>{t('audit.reason')}</Table.Th>
            <Table.Th>{t('audit.details')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((entry) => (
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
                    <ContactLink id={entry.contactId} />
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
          ))
        }
      </PagedTable>
    </>
  );
}
