import { Badge, Button, Card, Grid, Group, List, Modal, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconCircleX, IconFile, IconFileImport, IconLink, IconUpload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useImportRuns, useUnits } from '../../api/queries.ts';
import type { ImportResult, ImportRun } from '../../api/types.ts';
import { applyFieldErrors, ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { Loading, PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { FeedsCard } from './FeedsCard.tsx';
import { formatOptions } from './formats.ts';
import { ImportReportView } from './ImportReportView.tsx';

type SourceKind = 'file' | 'url';

function ImportForm({ onResult }: { onResult: (result: ImportResult, source: string) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session } = useSession();
  const units = useUnits();
  const client = useQueryClient();
  const openRef = useRef<() => void>(null);
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
      const placed: Record<string, string> = {};
      applyFieldErrors(
        { getValues: () => ({ file: null, url: null, format: null, unitId: null }), setErrors: (errors) => Object.assign(placed, errors) },
        caught,
      );
      setFieldErrors(placed);
      setError(caught);
      await client.invalidateQueries({ queryKey: ['imports'] });
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
          <Group justify="space-between">
            <Title order={3} size="h4">
              {t('import.newImport')}
            </Title>
            <SegmentedControl
              value={kind}
              onChange={(value) => setKind(value === 'url' ? 'url' : 'file')}
              aria-label={t('import.source')}
              data={[
                { value: 'file', label: t('import.sourceFile') },
                { value: 'url', label: t('import.sourceUrl') },
              ]}
            />
          </Group>
          {kind === 'file' ? (
            <Stack gap={4}>
              <Dropzone
                onDrop={(files) => {
                  setFile(files[0] ?? null);
                  setFieldErrors({});
                }}
                multiple={false}
                openRef={openRef}
                activateOnClick
                aria-label={t('import.dropLabel')}
                data-testid="import-dropzone"
                style={{ borderColor: fieldErrors.file !== undefined ? 'var(--mantine-color-red-6)' : undefined }}
              >
                <Group justify="center" gap="lg" mih={140} style={{ pointerEvents: 'none' }} wrap="nowrap">
                  <Dropzone.Accept>
                    <IconUpload size={44} stroke={1.4} color="var(--mantine-color-foyer-7)" />
                  </Dropzone.Accept>
                  <Dropzone.Reject>
                    <IconCircleX size={44} stroke={1.4} color="var(--mantine-color-red-6)" />
                  </Dropzone.Reject>
                  <Dropzone.Idle>{file === null ? <IconFileImport size={44} stroke={1.4} color="var(--mantine-color-dimmed)" /> : <IconFile size={44} stroke={1.4} color="var(--mantine-color-foyer-7)" />}</Dropzone.Idle>
                  <div>
                    {file === null ? (
                      <>
                        <Text size="lg" fw={500}>
                          {t('import.dropTitle')}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {t('import.dropHint')}
                        </Text>
                      </>
                    ) : (
                      <>
                        <Text size="lg" fw={500} data-testid="import-file-name">
                          {file.name}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {t('import.fileSize', { size: (file.size / 1024).toFixed(1) })} · {t('import.dropAnother')}
                        </Text>
                      </>
                    )}
                  </div>
                </Group>
              </Dropzone>
              {fieldErrors.file !== undefined && (
                <Text size="sm" c="red" role="alert">
                  {fieldErrors.file}
                </Text>
              )}
            </Stack>
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
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select label={t('import.format')} data={formatOptions(t)} value={format} onChange={(value) => setFormat(value ?? 'auto')} allowDeselect={false} w={220} error={fieldErrors.format} />
            {session.staff.unitId === null && (units.data ?? []).length > 0 && (
              <Select
                label={t('import.unit')}
                placeholder={t('productions.wholeHouse')}
                data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
                value={unitId}
                onChange={setUnitId}
                clearable
                w={220}
                error={fieldErrors.unitId}
              />
            )}
            <Switch label={t('import.dryRun')} description={t('import.dryRunHint')} checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} mb={4} />
          </Group>
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

function FormatsHelp() {
  const { t } = useTranslation();
  return (
    <Card h="100%">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('import.formatsTitle')}
        </Title>
        <List size="sm" spacing="xs" icon={<ThemeIcon size={18} radius="xl" variant="light"><IconCircleCheck size={12} /></ThemeIcon>}>
          <List.Item>
            <Text span fw={600} size="sm">{t('formats.ics')}</Text> – {t('import.helpIcs')}
          </List.Item>
          <List.Item>
            <Text span fw={600} size="sm">{t('formats.jsonld')}</Text> – {t('import.helpJsonld')}
          </List.Item>
          <List.Item>
            <Text span fw={600} size="sm">{t('formats.csv')}</Text> – {t('import.helpCsv')}
          </List.Item>
        </List>
        <Text size="sm" c="dimmed">
          {t('import.helpRepeat')}
        </Text>
      </Stack>
    </Card>
  );
}

function runCounts(run: ImportRun): string {
  if (run.report === null) return '–';
  return `${run.report.created} / ${run.report.updated} / ${run.report.unchanged} / ${run.report.skipped.length}`;
}

function History({ onOpen }: { onOpen: (run: ImportRun) => void }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const runs = useImportRuns();
  return (
    <Card p={0}>
      <Group justify="space-between" p="md">
        <div>
          <Title order={3} size="h5">
            {t('import.historyTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('import.historyHint')}
          </Text>
        </div>
      </Group>
      {runs.error !== null && <ErrorAlert error={runs.error} />}
      {runs.isPending ? (
        <Loading />
      ) : (runs.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          {t('import.historyEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table fz="sm" data-testid="import-history">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('import.when')}</Table.Th>
                <Table.Th>{t('import.sourceColumn')}</Table.Th>
                <Table.Th>{t('import.format')}</Table.Th>
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
                    {runCounts(run)}
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

export function ImportPage() {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const [result, setResult] = useState<{ result: ImportResult; source: string } | null>(null);
  const [opened, setOpened] = useState<ImportRun | null>(null);

  return (
    <>
      <PageHeader title={t('import.title')} description={t('import.description')} />
      <Stack gap="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <ImportForm onResult={(value, source) => setResult({ result: value, source })} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <FormatsHelp />
          </Grid.Col>
        </Grid>
        {result !== null && (
          <Card>
            <ImportReportView report={result.result.report} source={result.source} />
          </Card>
        )}
        <History onOpen={setOpened} />
        <FeedsCard />
      </Stack>
      <Modal opened={opened !== null} onClose={() => setOpened(null)} size="xl" title={opened !== null ? time.dateTime(opened.startedAt) : ''}>
        {opened !== null && opened.report !== null && <ImportReportView report={opened.report} source={opened.source} />}
        {opened !== null && opened.error !== null && (
          <Stack gap={4}>
            <Text fw={600}>{t('import.failedTitle')}</Text>
            <Text size="sm">{opened.error.message}</Text>
            <Text size="xs" c="dimmed">
              {opened.source}
            </Text>
          </Stack>
        )}
      </Modal>
    </>
  );
}
