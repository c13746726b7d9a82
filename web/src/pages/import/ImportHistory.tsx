import { Badge, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { ClickableRow } from '../../components/list/PagedTable.tsx';
import { Loading } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';

/** What a run of either import keeps for its history. */
export interface ImportRunSummary {
  id: string;
  source: string;
  dryRun: boolean;
  status: 'ok' | 'failed';
  report: { created: number; updated: number; unchanged: number; skipped: unknown[] } | null;
  error: { code: string; message: string } | null;
  startedAt: string;
}

function runCounts(run: ImportRunSummary): string {
  if (run.report === null) return '–';
  return `${run.report.created} / ${run.report.updated} / ${run.report.unchanged} / ${run.report.skipped.length}`;
}

/**
 * The last runs of an import, newest first: when, what was imported (the columns the
 * import names), how it went and the counts. A run opens its report.
 */
export function ImportHistory<Run extends ImportRunSummary>({
  runs,
  hint,
  minWidth,
  testId,
  head,
  cells,
  onOpen,
}: {
  runs: { data: Run[] | undefined; error: unknown; isPending: boolean };
  hint?: string;
  minWidth: number;
  testId: string;
  /** The header cells of the columns between the time and the result. */
  head: ReactNode;
  cells: (run: Run) => ReactNode;
  onOpen: (run: Run) => void;
}) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const items = runs.data ?? [];
  return (
    <Card p={0}>
      <Group justify="space-between" p="md">
        <div>
          <Title order={3} size="h5">
            {t('import.historyTitle')}
          </Title>
          {hint !== undefined && (
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
          )}
        </div>
      </Group>
      {runs.error !== null && <ErrorAlert error={runs.error} />}
      {runs.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          {t('import.historyEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table fz="sm" data-testid={testId}>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('import.when')}</Table.Th>
                {head}
                <Table.Th>{t('import.result')}</Table.Th>
                <Table.Th ta="right">{t('import.countsColumn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((run) => (
                <ClickableRow key={run.id} onOpen={() => onOpen(run)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(run.startedAt)}</Table.Td>
                  {cells(run)}
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
                </ClickableRow>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** A past run: its report, or why it failed. */
export function ImportRunModal<Run extends ImportRunSummary>({ run, onClose, report }: { run: Run | null; onClose: () => void; report: (run: Run) => ReactNode }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  return (
    <Modal opened={run !== null} onClose={onClose} size="xl" title={run !== null ? time.dateTime(run.startedAt) : ''}>
      {run !== null && run.report !== null && report(run)}
      {run !== null && run.error !== null && (
        <Stack gap={4}>
          <Text fw={600}>{t('import.failedTitle')}</Text>
          <Text size="sm">{run.error.message}</Text>
          <Text size="xs" c="dimmed">
            {run.source}
          </Text>
        </Stack>
      )}
    </Modal>
  );
}
