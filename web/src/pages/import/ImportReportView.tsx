import { Alert, Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCirclePlus, IconEqual, IconPlayerSkipForward, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../api/types.ts';

function Stat({ label, value, icon, color, testId }: { label: string; value: number; icon: ReactNode; color: string; testId: string }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {label}
          </Text>
          <Text fz={28} fw={700} lh={1.2} data-testid={testId}>
            {value}
          </Text>
        </div>
        <ThemeIcon variant="light" color={color} size={38} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Paper>
  );
}

/** What an import did, or would do in a dry run: counts, each skipped item with its reason, warnings. */
export function ImportReportView({ report, source }: { report: ImportReport; source?: string }) {
  const { t } = useTranslation();
  const entities = ['productions', 'performances', 'venues'] as const;
  return (
    <Stack gap="md" data-testid="import-report">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={3} size="h4">
            {report.dryRun ? t('import.reportDryRun') : t('import.reportDone')}
          </Title>
          <Badge variant="light" color="gray" radius="sm">
            {t(`formats.${report.format}`)}
          </Badge>
          {report.dryRun && (
            <Badge variant="light" color="yellow" radius="sm">
              {t('import.nothingSaved')}
            </Badge>
          )}
        </Group>
        {source !== undefined && (
          <Text size="sm" c="dimmed" lineClamp={1} maw={420}>
            {source}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat testId="report-created" label={t('import.created')} value={report.created} icon={<IconCirclePlus size={20} />} color="teal" />
        <Stat testId="report-updated" label={t('import.updated')} value={report.updated} icon={<IconRefresh size={20} />} color="blue" />
        <Stat testId="report-unchanged" label={t('import.unchanged')} value={report.unchanged} icon={<IconEqual size={20} />} color="gray" />
        <Stat
          testId="report-skipped"
          label={t('import.skipped')}
          value={report.skipped.length}
          icon={<IconPlayerSkipForward size={20} />}
          color={report.skipped.length > 0 ? 'orange' : 'gray'}
        />
      </SimpleGrid>
      {report.details !== undefined && (
        <Table withTableBorder highlightOnHover={false} fz="sm">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{t('import.entityColumn')}</Table.Th>
              <Table.Th ta="right">{t('import.created')}</Table.Th>
              <Table.Th ta="right">{t('import.updated')}</Table.Th>
              <Table.Th ta="right">{t('import.unchanged')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entities.map((entity) => {
              const counts = report.details?.[entity];
              if (counts === undefined) return null;
              return (
                <Table.Tr key={entity}>
                  <Table.Td fw={500}>{t(`import.entity.${entity}`)}</Table.Td>
                  <Table.Td ta="right">{counts.created}</Table.Td>
                  <Table.Td ta="right">{counts.updated}</Table.Td>
                  <Table.Td ta="right">{counts.unchanged}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {report.skipped.length === 0 && report.warnings.length === 0 && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
          {t('import.clean')}
        </Alert>
      )}
      {report.skipped.length > 0 && (
        <Stack gap="xs">
          <Text fw={600}>{t('import.skippedTitle', { count: report.skipped.length })}</Text>
          <Table.ScrollContainer minWidth={520} mah={360}>
            <Table withTableBorder fz="sm" data-testid="skipped-table">
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th w="30%">{t('import.where')}</Table.Th>
                  <Table.Th>{t('import.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.skipped.map((skip, index) => (
                  <Table.Tr key={index}>
                    <Table.Td ff="monospace" fz="xs">
                      {skip.where}
                    </Table.Td>
                    <Table.Td>{skip.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      {report.warnings.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t('import.warningsTitle', { count: report.warnings.length })}>
          <List size="sm" spacing={4}>
            {report.warnings.map((warning, index) => (
              <List.Item key={index}>
                {warning.where !== undefined && warning.where !== null && (
                  <Text span ff="monospace" fz="xs" c="dimmed" mr={6}>
                    {warning.where}
                  </Text>
                )}
                {warning.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
