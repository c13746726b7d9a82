import { List, SegmentedControl, Select, Table, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useImportRuns } from '../../api/queries.ts';
import type { ImportResult, ImportRun } from '../../api/types.ts';
import { fieldErrorsOf } from '../../components/errors.tsx';
import { FeedsCard } from './FeedsCard.tsx';
import { formatOptions } from './formats.ts';
import { ImportHistory, ImportRunModal } from './ImportHistory.tsx';
import { ImportReportView } from './ImportReportView.tsx';
import { HelpList, ImportDropzone, ImportFormCard, ImportHelp, ImportPageLayout, ImportSettings } from './ImportScaffold.tsx';

type SourceKind = 'file' | 'url';

function ImportForm({ onResult }: { onResult: (result: ImportResult, source: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<SourceKind>('file');
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('auto');
  const [dryRun, setDryRun] = useState(false);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const submit = async () => {
    setError(null);
    setFieldErrors({});
    if (kind === 'file' && file === null) {
      setFieldErrors({ file: t('import.fileRequired') });
      return;
    }
    if (kind === 'url' && !/^https?:\/\/\S+$/i.test(url.trim())) {
      setFieldErrors({ url: t('import.urlInvalid') });
      return;
    }
    setBusy(true);
    try {
      const query = { format, dryRun, unitId: unitId ?? undefined };
      let result: ImportResult;
      if (kind === 'file' && file !== null) {
        const body = new FormData();
        body.set('file', file, file.name);
        result = await api.post<ImportResult>('/api/imports', body, query);
      } else {
        result = await api.post<ImportResult>('/api/imports', { url: url.trim() }, query);
      }
      onResult(result, kind === 'file' ? (file?.name ?? '') : url.trim());
      await client.invalidateQueries({ queryKey: ['imports'] });
      if (!result.report.dryRun) {
        await Promise.all(['performances', 'productions', 'venues', 'halls'].map((key) => client.invalidateQueries({ queryKey: [key] })));
      }
    } catch (caught) {
      setFieldErrors(fieldErrorsOf(caught, ['file', 'url', 'format', 'unitId']));
      setError(caught);
      await client.invalidateQueries({ queryKey: ['imports'] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <ImportFormCard
      title={t('import.newImport')}
      aside={
        <SegmentedControl
          value={kind}
          onChange={(value) => setKind(value === 'url' ? 'url' : 'file')}
          aria-label={t('import.source')}
          data={[
            { value: 'file', label: t('import.sourceFile') },
            { value: 'url', label: t('import.sourceUrl') },
          ]}
        />
      }
      error={error}
      busy={busy}
      dryRun={dryRun}
      onSubmit={() => void submit()}
    >
      {kind === 'file' ? (
        <ImportDropzone
          file={file}
          onFile={(chosen) => {
            setFile(chosen);
            setFieldErrors({});
          }}
          error={fieldErrors.file}
          title={t('import.dropTitle')}
          hint={t('import.dropHint')}
          testId="import-dropzone"
          nameTestId="import-file-name"
        />
      ) : (
        <TextInput
          label={t('import.url')}
          description={t('import.urlHint')}
          placeholder="https://www.example.org/spielplan.ics"
          leftSection={<IconLink size={16} />}
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          error={fieldErrors.url}
          type="url"
        />
      )}
      <ImportSettings unitId={unitId} onUnit={setUnitId} unitError={fieldErrors.unitId} dryRun={dryRun} onDryRun={setDryRun} width={220}>
        <Select label={t('import.format')} data={formatOptions(t)} value={format} onChange={(value) => setFormat(value ?? 'auto')} allowDeselect={false} w={220} error={fieldErrors.format} />
      </ImportSettings>
    </ImportFormCard>
  );
}

function FormatsHelp() {
  const { t } = useTranslation();
  return (
    <ImportHelp title={t('import.formatsTitle')}>
      <HelpList>
        <List.Item>
          <Text span fw={600} size="sm">{t('formats.ics')}</Text> – {t('import.helpIcs')}
        </List.Item>
        <List.Item>
          <Text span fw={600} size="sm">{t('formats.jsonld')}</Text> – {t('import.helpJsonld')}
        </List.Item>
        <List.Item>
          <Text span fw={600} size="sm">{t('formats.csv')}</Text> – {t('import.helpCsv')}
        </List.Item>
      </HelpList>
      <Text size="sm" c="dimmed">
        {t('import.helpRepeat')}
      </Text>
    </ImportHelp>
  );
}

function History({ onOpen }: { onOpen: (run: ImportRun) => void }) {
  const { t } = useTranslation();
  const runs = useImportRuns();
  return (
    <ImportHistory
      runs={runs}
      hint={t('import.historyHint')}
      minWidth={680}
      testId="import-history"
      onOpen={onOpen}
      head={
        <>
          <Table.Th>{t('import.sourceColumn')}</Table.Th>
          <Table.Th>{t('import.format')}</Table.Th>
        </>
      }
      cells={(run) => (
        <>
          <Table.Td maw={320}>
            <Text size="sm" lineClamp={1} title={run.source}>
              {run.source}
            </Text>
            {run.feedSourceId !== null && (
              <Text size="xs" c="dimmed">
                {t('import.viaFeed')}
              </Text>
            )}
          </Table.Td>
          <Table.Td>{t(`formats.${run.format}`, { defaultValue: run.format })}</Table.Td>
        </>
      )}
    />
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ result: ImportResult; source: string } | null>(null);
  const [opened, setOpened] = useState<ImportRun | null>(null);

  return (
    <>
      <ImportPageLayout
        title={t('import.title')}
        description={t('import.description')}
        form={<ImportForm onResult={(value, source) => setResult({ result: value, source })} />}
        help={<FormatsHelp />}
        report={result !== null && <ImportReportView report={result.result.report} source={result.source} />}
      >
        <History onOpen={setOpened} />
        <FeedsCard />
      </ImportPageLayout>
      <ImportRunModal run={opened} onClose={() => setOpened(null)} report={(run) => run.report !== null && <ImportReportView report={run.report} source={run.source} />} />
    </>
  );
}
