import { Alert, Anchor, Badge, Breadcrumbs, Button, Card, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCash, IconCloudOff, IconRefresh, IconScan } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { usePerformance } from '../../api/queries.ts';
import type { CheckInResult } from '../../api/ticketingTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { PerformancePicker } from './PerformancePicker.tsx';
import { useDoor, type DoorScan, type SyncReport } from './useDoor.ts';

/*
 * The door: one big field that a hardware scanner types into (the code and Enter) or a
 * person types a code into; the answer big, in colour and in words; the field focused
 * again for the next person. Works on without network from the kept code list.
 */

const resultColor: Record<CheckInResult, string> = {
  valid: 'teal',
  already_used: 'orange',
  cancelled: 'red',
  unknown: 'red',
  wrong_performance: 'red',
};

function ScanResult({ scan }: { scan: DoorScan }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const color = resultColor[scan.result];
  return (
    <Paper
      p="xl"
      radius="lg"
      bg={`${color}.1`}
      style={{ border: `4px solid var(--mantine-color-${color}-7)` }}
      data-testid="scan-result"
      data-result={scan.result}
      data-offline={scan.offline ? 'true' : 'false'}
    >
      <Stack gap="xs" align="center">
        <Text fz={56} fw={900} c={`${color}.9`} lh={1.05} ta="center" data-testid="scan-verdict">
          {t(`ticketing.door.${scan.result}`)}
        </Text>
        {scan.result === 'already_used' && scan.checkedInAt !== null && (
          <Text size="xl" fw={600} c={`${color}.9`}>
            {t('ticketing.door.usedAt', { time: time.time(scan.checkedInAt), date: time.date(scan.checkedInAt) })}
          </Text>
        )}
        {scan.result === 'wrong_performance' && scan.ticket !== null && (
          <Text size="lg" c={`${color}.9`}>
            {t('ticketing.door.ticketFor', { title: labels.title(scan.ticket.title), date: `${time.date(scan.ticket.startsAt)}, ${time.time(scan.ticket.startsAt)}` })}
          </Text>
        )}
        <Group gap="xs" justify="center">
          <Text ff="monospace" size="lg">
            {scan.code}
          </Text>
          {scan.category !== null && <Badge variant="white">{labels.title(scan.category)}</Badge>}
          {scan.offline && (
            <Badge color="gray" variant="filled" leftSection={<IconCloudOff size={14} />} data-testid="scan-offline">
              {t('ticketing.door.offline')}
            </Badge>
          )}
        </Group>
        {(scan.buyerName !== null || scan.orderNumber !== null) && (
          <Text c="dimmed">
            {[scan.buyerName, scan.orderNumber === null ? null : t('ticketing.door.order', { number: scan.orderNumber })].filter((part) => part !== null).join(' · ')}
          </Text>
        )}
        {scan.paymentDue && scan.result === 'valid' && (
          <Alert color="yellow" variant="filled" icon={<IconCash size={22} />} title={t('ticketing.door.paymentDue')} data-testid="payment-due">
            {t('ticketing.door.paymentDueHint')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function Door({ performanceId }: { performanceId: string }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const input = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const onSynced = (report: SyncReport) => {
    notifications.show({
      color: report.refused.length === 0 ? 'teal' : 'orange',
      title: t('ticketing.door.synced', { count: report.sent }),
      message: report.refused.length === 0 ? '' : t('ticketing.door.syncRefused', { codes: report.refused.map((refused) => refused.code).join(', ') }),
      autoClose: report.refused.length === 0 ? 4000 : false,
    });
  };
  const door = useDoor(performanceId, onSynced);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim();
    if (value === '') return;
    setCode('');
    setError(null);
    door
      .scan(value)
      .catch((caught: unknown) => setError(caught))
      .finally(() => input.current?.focus());
  };

  return (
    <Stack gap="lg">
      <Card>
        <form onSubmit={submit} data-testid="scan-form">
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              ref={input}
              label={t('ticketing.door.codeLabel')}
              description={t('ticketing.door.codeHint')}
              size="xl"
              style={{ flex: 1 }}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              autoFocus
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 2 } }}
              leftSection={<IconScan size={24} />}
            />
            <Button type="submit" size="xl">
              {t('ticketing.door.check')}
            </Button>
          </Group>
        </form>
      </Card>
      <ErrorAlert error={error} />
      <div aria-live="assertive" aria-atomic="true">
        {door.last !== null && <ScanResult key={door.last.id} scan={door.last} />}
      </div>
      <Group gap="md" wrap="wrap">
        <Paper withBorder p="md" miw={200}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('ticketing.door.admitted')}
          </Text>
          <Text size="xl" fw={800} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="door-count">
            {door.counts === null ? door.sessionCount : t('ticketing.door.admittedOf', { admitted: door.counts.admitted, expected: door.counts.expected })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('ticketing.door.thisDevice', { count: door.sessionCount })}
          </Text>
        </Paper>
        <Paper withBorder p="md" miw={200}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('ticketing.door.connection')}
          </Text>
          <Group gap="xs">
            <Badge color={door.offline ? 'gray' : 'teal'} variant="light" size="lg" data-testid="door-connection">
              {door.offline ? t('ticketing.door.offline') : t('ticketing.door.online')}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {door.list === null ? t('ticketing.door.noList') : t('ticketing.door.listFrom', { time: time.time(door.list.syncedAt) })}
          </Text>
        </Paper>
        {door.queue.length > 0 && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="door-queue" title={t('ticketing.door.waitingToSync', { count: door.queue.length })}>
            <Button size="xs" variant="light" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => void door.sync()}>
              {t('ticketing.door.syncNow')}
            </Button>
          </Alert>
        )}
      </Group>
      {door.listError !== null && door.list === null && (
        <Alert color="yellow" variant="light" title={t('ticketing.door.listMissing')}>
          {t('ticketing.door.listMissingHint')}
        </Alert>
      )}
    </Stack>
  );
}

export function CheckInPage() {
  const { performanceId = '' } = useParams();
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const performance = usePerformance(performanceId);
  const data = performance.data;
  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/ticketing/check-in" size="sm">
          {t('ticketing.checkIn')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {data === undefined ? '…' : labels.title(data.production.title)}
        </Text>
      </Breadcrumbs>
      <QueryState query={performance}>
        {data !== undefined && (
          <>
            <PageHeader
              title={t('ticketing.door.title', { title: labels.title(data.production.title) })}
              description={`${time.dateLong(data.startsAt)}, ${time.time(data.startsAt)}${data.hall === null ? '' : ` · ${data.hall.name}`}`}
            />
            <Door key={performanceId} performanceId={performanceId} />
          </>
        )}
      </QueryState>
    </>
  );
}

export function CheckInChooserPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('ticketing.checkIn')} description={t('ticketing.door.chooseDescription')} />
      <Card maw={640}>
        <Stack>
          <Title order={3} size="h5">
            {t('ticketing.door.choose')}
          </Title>
          <PerformancePicker label={t('ticketing.performance')} value={null} size="lg" onChange={(id) => id !== null && void navigate(`/ticketing/check-in/${id}`)} />
        </Stack>
      </Card>
    </>
  );
}
