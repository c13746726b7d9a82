import { Accordion, Badge, Button, Card, Grid, Group, JsonInput, List, Modal, Select, Stack, Switch, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconCircleX, IconFile, IconFileImport, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useContactImportRuns } from '../../api/audience.ts';
import { asImportReport, type ContactImportReport, type ContactImportResult, type ContactImportRun } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { Loading, PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ImportReportView } from '../import/ImportReportView.tsx';

/*
 * Contacts from a CSV file of a ticketing or newsletter tool: like the programme import
 * (file, dry run, unit), with the source the consents are recorded under and an optional
 * column mapping. The report is the programme import's, plus what happened to consents.
 */

function ContactReport({ report, source }: { report: ContactImportReport; source?: string }) {
  const { t } = useTranslation();
  const details = report.details;
  const rows: [string, number][] = [
    [t('contactImport.rows'), details.rows],
    [t('contactImport.consentsGranted'), details.consents.granted],
    [t('contactImport.consentsRenewed'), details.consents.renewed],
    [t('contactImport.consentsUnchanged'), details.consents.unchanged],
    [t('contactImport.bookingsCreated'), details.bookings.created],
    [t('contactImport.bookingsUnchanged'), details.bookings.unchanged],
    [t('contactImport.unitMemberships'), details.unitMemberships],
    [t('contactImport.ticketingOnly'), details.ticketingOnly],
  ];
  return (
    <Stack gap="md">
      <ImportReportView report={asImportReport(report)} source={source} />
      <Table withTableBorder fz="sm" maw={520} data-testid="contact-import-details">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Td>{label}</Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ImportForm({ onResult }: { onResult: (result: ContactImportResult, source: string) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session } = useSession();
  const units = useUnits();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [source, setSource] = useState('import');
  const [columns, setColumns] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    setFileError(null);
    if (file === null) {
      setFileError(t('import.fileRequired'));
      return;
    }
    setBusy(true);
    try {
      const body = new FormData();
      body.set('file', file, file.name);
      if (columns.trim() !== '') body.set('columns', columns.trim());
      const result = await api.post<ContactImportResult>('/api/contact-imports', body, { dryRun, unitId: unitId ?? undefined, source });
      onResult(result, file.name);
      await client.invalidateQueries({ queryKey: ['contact-imports'] });
      if (!result.report.details.dryRun) await client.invalidateQueries({ queryKey: ['contacts'] });
    } catch (caught) {
      setError(caught);
      await client.invalidateQueries({ queryKey: ['contact-imports'] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Title order={3} size="h4">
            {t('contactImport.newImport')}
          </Title>
          <Stack gap={4}>
            <Dropzone
              onDrop={(files) => {
                setFile(files[0] ?? null);
                setFileError(null);
              }}
              multiple={false}
              activateOnClick
              accept={['text/csv', 'text/plain', 'application/vnd.ms-excel', '.csv']}
              aria-label={t('import.dropLabel')}
              style={{ borderColor: fileError !== null ? 'var(--mantine-color-red-6)' : undefined }}
            >
              <Group justify="center" gap="lg" mih={120} style={{ pointerEvents: 'none' }} wrap="nowrap">
                <Dropzone.Accept>
                  <IconUpload size={40} stroke={1.4} color="var(--mantine-color-foyer-7)" />
                </Dropzone.Accept>
                <Dropzone.Reject>
                  <IconCircleX size={40} stroke={1.4} color="var(--mantine-color-red-6)" />
                </Dropzone.Reject>
                <Dropzone.Idle>
                  {file === null ? <IconFileImport size={40} stroke={1.4} color="var(--mantine-color-dimmed)" /> : <IconFile size={40} stroke={1.4} color="var(--mantine-color-foyer-7)" />}
                </Dropzone.Idle>
                <div>
                  <Text size="lg" fw={500} data-testid="contact-import-file">
                    {file === null ? t('contactImport.dropTitle') : file.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {file === null ? t('contactImport.dropHint') : `${t('import.fileSize', { size: (file.size / 1024).toFixed(1) })} · ${t('import.dropAnother')}`}
                  </Text>
                </div>
              </Group>
            </Dropzone>
            {fileError !== null && (
              <Text size="sm" c="red" role="alert">
                {fileError}
              </Text>
            )}
          </Stack>
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select
              label={t('contactImport.source')}
              description={t('contactImport.sourceHint')}
              data={[
                { value: 'import', label: t('consentSources.import') },
                { value: 'box_office', label: t('consentSources.box_office') },
              ]}
              value={source}
              onChange={(value) => setSource(value ?? 'import')}
              allowDeselect={false}
              w={240}
            />
            {session.staff.unitId === null && (units.data ?? []).length > 0 && (
              <Select
                label={t('import.unit')}
                description={t('contactImport.unitHint')}
                placeholder={t('productions.wholeHouse')}
                data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
                value={unitId}
                onChange={setUnitId}
                clearable
                w={240}
              />
            )}
            <Switch label={t('import.dryRun')} description={t('import.dryRunHint')} checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} mb={4} />
          </Group>
          <Accordion variant="contained" chevronPosition="left">
            <Accordion.Item value="columns">
              <Accordion.Control>{t('contactImport.columns')}</Accordion.Control>
              <Accordion.Panel>
                <JsonInput
                  aria-label={t('contactImport.columns')}
                  description={t('contactImport.columnsHint')}
                  placeholder={'{"email": "Mail", "consent": {"newsletter": "NL"}}'}
                  validationError={t('contactImport.columnsInvalid')}
                  formatOnBlur
                  autosize
                  minRows={3}
                  value={columns}
                  onChange={setColumns}
                />
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
          <ErrorAlert error={error} />
          <Group>
            <Button type="submit" loading={busy} leftSection={<IconFileImport size={16} />}>
              {dryRun ? t('import.runDry') : t('import.run')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Help() {
  const { t } = useTranslation();
  return (
    <Card h="100%">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('contactImport.helpTitle')}
        </Title>
        <List size="sm" spacing="xs" icon={<ThemeIcon size={18} radius="xl" variant="light"><IconCircleCheck size={12} /></ThemeIcon>}>
          <List.Item>{t('contactImport.helpHeaders')}</List.Item>
          <List.Item>{t('contactImport.helpConsent')}</List.Item>
          <List.Item>{t('contactImport.helpLawful')}</List.Item>
          <List.Item>{t('contactImport.helpRepeat')}</List.Item>
        </List>
      </Stack>
    </Card>
  );
}

function History({ onOpen }: { onOpen: (run: ContactImportRun) => void }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const runs = useContactImportRuns();
  return (
    <Card p={0}>
      <Title order={3} size="h5" p="md">
        {t('import.historyTitle')}
      </Title>
      {runs.error !== null && <ErrorAlert error={runs.error} />}
      {runs.isPending ? (
        <Loading />
      ) : (runs.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          {t('import.historyEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table fz="sm" data-testid="contact-import-history">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('import.when')}</Table.Th>
                <Table.Th>{t('import.sourceColumn')}</Table.Th>
                <Table.Th>{t('import.result')}</Table.Th>
                <Table.Th ta="right">{t('import.countsColumn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(runs.data ?? []).map((run) => (
                <Table.Tr
                  key={run.id}
                  className="clickable-row"
                  tabIndex={0}
                  onClick={() => onOpen(run)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') onOpen(run);
                  }}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(run.startedAt)}</Table.Td>
                  <Table.Td>{run.source}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Badge size="sm" radius="sm" variant="light" color={run.status === 'ok' ? 'teal' : 'red'}>
                        {run.status === 'ok' ? t('import.statusOk') : t('import.statusFailed')}
                      </Badge>
                      {run.dryRun && (
                        <Badge size="sm" radius="sm" variant="light" color="yellow">
                          {t('import.dryRunBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {run.report === null ? '–' : `${run.report.created} / ${run.report.updated} / ${run.report.unchanged} / ${run.report.skipped.length}`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

export function ContactImportPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const [result, setResult] = useState<{ result: ContactImportResult; source: string } | null>(null);
  const [opened, setOpened] = useState<ContactImportRun | null>(null);
  return (
    <>
      <PageHeader title={t('contactImport.title')} description={t('contactImport.description')} />
      <Stack gap="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <ImportForm onResult={(value, source) => setResult({ result: value, source })} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Help />
          </Grid.Col>
        </Grid>
        {result !== null && (
          <Card>
            <ContactReport report={result.result.report} source={result.source} />
          </Card>
        )}
        <History onOpen={setOpened} />
      </Stack>
      <Modal opened={opened !== null} onClose={() => setOpened(null)} size="xl" title={opened !== null ? time.dateTime(opened.startedAt) : ''}>
        {opened !== null && opened.report !== null && <ContactReport report={opened.report} source={opened.source} />}
        {opened !== null && opened.error !== null && (
          <Stack gap={4}>
            <Text fw={600}>{t('import.failedTitle')}</Text>
            <Text size="sm">{opened.error.message}</Text>
          </Stack>
        )}
      </Modal>
    </>
  );
}
