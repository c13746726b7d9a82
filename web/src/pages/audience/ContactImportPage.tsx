import { Accordion, JsonInput, List, Select, Stack, Table } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useContactImportRuns } from '../../api/audience.ts';
import { asImportReport, type ContactImportReport, type ContactImportResult, type ContactImportRun } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { ImportHistory, ImportRunModal } from '../import/ImportHistory.tsx';
import { ImportReportView } from '../import/ImportReportView.tsx';
import { HelpList, ImportDropzone, ImportFormCard, ImportHelp, ImportPageLayout, ImportSettings } from '../import/ImportScaffold.tsx';

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
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [source, setSource] = useState('import');
  const [columns, setColumns] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | undefined>(undefined);

  const submit = async () => {
    setError(null);
    setFileError(undefined);
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
    <ImportFormCard title={t('contactImport.newImport')} error={error} busy={busy} dryRun={dryRun} onSubmit={() => void submit()}>
      <ImportDropzone
        file={file}
        onFile={(chosen) => {
          setFile(chosen);
          setFileError(undefined);
        }}
        error={fileError}
        title={t('contactImport.dropTitle')}
        hint={t('contactImport.dropHint')}
        accept={['text/csv', 'text/plain', 'application/vnd.ms-excel', '.csv']}
        nameTestId="contact-import-file"
      />
      <ImportSettings unitId={unitId} onUnit={setUnitId} unitHint={t('contactImport.unitHint')} dryRun={dryRun} onDryRun={setDryRun} width={240}>
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
      </ImportSettings>
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
    </ImportFormCard>
  );
}

function Help() {
  const { t } = useTranslation();
  return (
    <ImportHelp title={t('contactImport.helpTitle')}>
      <HelpList>
        <List.Item>{t('contactImport.helpHeaders')}</List.Item>
        <List.Item>{t('contactImport.helpConsent')}</List.Item>
        <List.Item>{t('contactImport.helpLawful')}</List.Item>
        <List.Item>{t('contactImport.helpRepeat')}</List.Item>
      </HelpList>
    </ImportHelp>
  );
}

function History({ onOpen }: { onOpen: (run: ContactImportRun) => void }) {
  const { t } = useTranslation();
  const runs = useContactImportRuns();
  return (
    <ImportHistory
      runs={runs}
      minWidth={600}
      testId="contact-import-history"
      onOpen={onOpen}
      head={<Table.Th>{t('import.sourceColumn')}</Table.Th>}
      cells={(run) => <Table.Td>{run.source}</Table.Td>}
    />
  );
}

export function ContactImportPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ result: ContactImportResult; source: string } | null>(null);
  const [opened, setOpened] = useState<ContactImportRun | null>(null);
  return (
    <>
      <ImportPageLayout
        title={t('contactImport.title')}
        description={t('contactImport.description')}
        form={<ImportForm onResult={(value, source) => setResult({ result: value, source })} />}
        help={<Help />}
        report={result !== null && <ContactReport report={result.result.report} source={result.source} />}
      >
        <History onOpen={setOpened} />
      </ImportPageLayout>
      <ImportRunModal run={opened} onClose={() => setOpened(null)} report={(run) => run.report !== null && <ContactReport report={run.report} source={run.source} />} />
    </>
  );
}
