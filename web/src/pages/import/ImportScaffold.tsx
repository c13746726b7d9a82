import { Button, Card, Grid, Group, List, Select, Stack, Switch, Text, ThemeIcon, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconCircleCheck, IconCircleX, IconFile, IconFileImport, IconUpload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

/*
 * What the programme import and the contact import share: the page (form and help side
 * by side, the report of the last run, the history), the form's card with its dry run,
 * unit and submit button, and the file drop zone.
 */

export function ImportPageLayout({
  title,
  description,
  form,
  help,
  report,
  children,
}: {
  title: string;
  description: string;
  form: ReactNode;
  help: ReactNode;
  /** The report of the run just made, if any. */
  report: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Stack gap="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>{form}</Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>{help}</Grid.Col>
        </Grid>
        {report !== null && report !== undefined && report !== false && <Card>{report}</Card>}
        {children}
      </Stack>
    </>
  );
}

export function ImportHelp({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card h="100%">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

export function HelpList({ children }: { children: ReactNode }) {
  return (
    <List
      size="sm"
      spacing="xs"
      icon={
        <ThemeIcon size={18} radius="xl" variant="light">
          <IconCircleCheck size={12} />
        </ThemeIcon>
      }
    >
      {children}
    </List>
  );
}

/** The form of an import: its fields, then the error of the last attempt and the button, which says whether this is a dry run. */
export function ImportFormCard({
  title,
  aside,
  error,
  busy,
  dryRun,
  onSubmit,
  children,
}: {
  title: string;
  aside?: ReactNode;
  error: unknown;
  busy: boolean;
  dryRun: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          <Group justify="space-between">
            <Title order={3} size="h4">
              {title}
            </Title>
            {aside}
          </Group>
          {children}
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

/** The drop zone for the file to import, with the chosen file's name and size, and its error below. */
export function ImportDropzone({
  file,
  onFile,
  error,
  title,
  hint,
  accept,
  testId,
  nameTestId,
}: {
  file: File | null;
  onFile: (file: File | null) => void;
  error: string | undefined;
  title: string;
  hint: string;
  accept?: string[];
  testId?: string;
  nameTestId: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Dropzone
        onDrop={(files) => onFile(files[0] ?? null)}
        multiple={false}
        activateOnClick
        accept={accept}
        aria-label={t('import.dropLabel')}
        data-testid={testId}
        style={{ borderColor: error !== undefined ? 'var(--mantine-color-red-6)' : undefined }}
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
                  {title}
                </Text>
                <Text size="sm" c="dimmed">
                  {hint}
                </Text>
              </>
            ) : (
              <>
                <Text size="lg" fw={500} data-testid={nameTestId}>
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
      {error !== undefined && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The settings of a run: the fields of the import before, then the unit the imported
 * things belong to (for house-wide staff only; unit staff import into their unit) and the dry run.
 */
export function ImportSettings({
  unitId,
  onUnit,
  unitHint,
  unitError,
  dryRun,
  onDryRun,
  width,
  children,
}: {
  unitId: string | null;
  onUnit: (unitId: string | null) => void;
  unitHint?: string;
  unitError?: string;
  dryRun: boolean;
  onDryRun: (dryRun: boolean) => void;
  width: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session } = useSession();
  const units = useUnits();
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      {children}
      {session.staff.unitId === null && (units.data ?? []).length > 0 && (
        <Select
          label={t('import.unit')}
          description={unitHint}
          placeholder={t('productions.wholeHouse')}
          data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
          value={unitId}
          onChange={onUnit}
          clearable
          w={width}
          error={unitError}
        />
      )}
      <Switch label={t('import.dryRun')} description={t('import.dryRunHint')} checked={dryRun} onChange={(event) => onDryRun(event.currentTarget.checked)} mb={4} />
    </Group>
  );
}
