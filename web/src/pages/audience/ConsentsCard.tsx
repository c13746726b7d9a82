import { Alert, Badge, Button, Card, Group, Modal, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconCalendarDue, IconPlus, IconShieldOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsents } from '../../api/audience.ts';
import { legalBases, purposes, type Consent, type ConsentPurpose, type Contact } from '../../api/audienceTypes.ts';
import { request } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { consentsByPurpose, consentTone, daysUntil, toneColor } from './contactModel.ts';

/*
 * A contact's consents, one row per purpose: the state, on which basis, from where, since
 * when, and above all until when. Staff revoke with a reason and record what a person
 * said at the box office or on the phone; both land in the audit log.
 */

const staffSources = ['box_office', 'staff', 'assistant'] as const;

function RecordModal({ contact, purpose, onClose }: { contact: Contact; purpose: ConsentPurpose | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<{ purpose: string; source: string; legalBasis: string | null; note: string }>({
    initialValues: { purpose: purpose ?? 'newsletter', source: 'box_office', legalBasis: null, note: '' },
  });
  const recording = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await recording.run(async () => {
      const body = {
        purpose: values.purpose,
        source: values.source,
        ...(values.legalBasis === null ? {} : { legalBasis: values.legalBasis }),
        ...(values.note.trim() === '' ? {} : { note: values.note.trim() }),
      };
      const consents = await request<Consent[]>('POST', `/api/contacts/${contact.id}/consents`, { body });
      client.setQueryData(['consents', contact.id], consents);
      await client.invalidateQueries({ queryKey: ['timeline', contact.id] });
      await client.invalidateQueries({ queryKey: ['contacts', 'page'] });
      notifications.show({ color: 'teal', message: t('consents.recorded', { purpose: t(`purposes.${values.purpose}`) }) });
      onClose();
    });
  });
  return (
    <Modal opened onClose={onClose} title={t('consents.record')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('consents.recordHint', { email: contact.email })}
          </Text>
          <ErrorAlert {...recording.alert} />
          <Select
            label={t('consents.purpose')}
            data={purposes.map((value) => ({ value, label: t(`purposes.${value}`) }))}
            allowDeselect={false}
            {...form.getInputProps('purpose')}
          />
          <SimpleGrid cols={2}>
            <Select
              label={t('consents.source')}
              data={staffSources.map((value) => ({ value, label: t(`consentSources.${value}`) }))}
              allowDeselect={false}
              {...form.getInputProps('source')}
            />
            <Select
              label={t('consents.legalBasis')}
              placeholder={t('consents.legalBasisDefault')}
              data={legalBases.map((value) => ({ value, label: t(`legalBases.${value}`) }))}
              clearable
              {...form.getInputProps('legalBasis')}
            />
          </SimpleGrid>
          <Textarea label={t('consents.note')} description={t('consents.noteHint')} autosize minRows={2} maxLength={1000} {...form.getInputProps('note')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={recording.busy}>
              {t('consents.recordButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RevokeModal({ contact, consent, onClose }: { contact: Contact; consent: Consent; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await request('DELETE', `/api/contacts/${contact.id}/consents/${consent.purpose}`, { body: reason.trim() === '' ? {} : { reason: reason.trim() } });
      await client.invalidateQueries({ queryKey: ['consents', contact.id] });
      await client.invalidateQueries({ queryKey: ['timeline', contact.id] });
      await client.invalidateQueries({ queryKey: ['contacts', 'page'] });
      notifications.show({ color: 'teal', message: t('consents.revoked', { purpose: t(`purposes.${consent.purpose}`) }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('consents.revokeTitle', { purpose: t(`purposes.${consent.purpose}`) })}>
      <Stack>
        <Text size="sm">{t('consents.revokeMessage')}</Text>
        <ErrorAlert error={error} />
        <Textarea label={t('consents.reason')} description={t('consents.reasonHint')} autosize minRows={2} maxLength={1000} value={reason} onChange={(event) => setReason(event.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.keep')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void revoke()} leftSection={<IconShieldOff size={16} />}>
            {t('consents.revoke')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ConsentRow({ purpose, consent, onRevoke, onRecord, writable }: { purpose: ConsentPurpose; consent: Consent | undefined; onRevoke: () => void; onRecord: () => void; writable: boolean }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const now = new Date();
  const tone = consent === undefined ? null : consentTone(consent, now);
  const days = consent?.expiresAt == null ? null : daysUntil(consent.expiresAt, now);
  return (
    <Paper withBorder p="sm" data-testid={`consent-${purpose}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Text size="sm" fw={600}>
              {t(`purposes.${purpose}`)}
            </Text>
            {consent !== undefined && (
              <Text size="xs" c="dimmed">
                {t(`legalBases.${consent.legalBasis}`)} · {t(`consentSources.${consent.source}`, { defaultValue: consent.source })}
                {consent.grantedAt !== null && ` · ${t('consents.grantedOn', { date: time.date(consent.grantedAt) })}`}
              </Text>
            )}
          </div>
          {consent === undefined || tone === null ? (
            <Badge size="sm" radius="sm" variant="outline" color="gray">
              {t('consents.none')}
            </Badge>
          ) : (
            <Badge size="sm" radius="sm" variant={consent.valid ? 'filled' : 'light'} color={toneColor[tone]}>
              {t(`consentStatuses.${consent.status}`)}
            </Badge>
          )}
        </Group>
        {consent !== undefined && consent.valid && consent.expiresAt !== null && days !== null && (
          <Group gap={6} wrap="nowrap">
            <IconCalendarDue size={16} color={tone === 'expiring' ? 'var(--mantine-color-yellow-7)' : 'var(--mantine-color-teal-7)'} />
            <Text size="sm" fw={700} c={tone === 'expiring' ? 'yellow.8' : undefined} data-testid={`consent-${purpose}-expiry`}>
              {t('consents.expiresOn', { date: time.date(consent.expiresAt) })}
            </Text>
            <Text size="xs" c="dimmed">
              {t('consents.inDays', { count: days })}
            </Text>
          </Group>
        )}
        {consent !== undefined && !consent.valid && consent.status !== 'pending' && (
          <Text size="xs" c="dimmed">
            {consent.revokedAt !== null
              ? t('consents.revokedOn', { date: time.date(consent.revokedAt) })
              : consent.expiresAt !== null
                ? t('consents.expiredOn', { date: time.date(consent.expiresAt) })
                : t(`consentStatuses.${consent.status}`)}
          </Text>
        )}
        {consent !== undefined && consent.status === 'pending' && (
          <Text size="xs" c="dimmed">
            {t('consents.pendingSince', { date: time.date(consent.requestedAt) })}
          </Text>
        )}
        {writable && (
          <Group gap="xs">
            {consent !== undefined && (consent.status === 'granted' || consent.status === 'pending') && (
              <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconShieldOff size={14} />} onClick={onRevoke}>
                {t('consents.revoke')}
              </Button>
            )}
            {(consent === undefined || !consent.valid || tone === 'expiring') && (
              <Tooltip label={t('consents.recordTip')}>
                <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={onRecord}>
                  {consent === undefined || consent.status !== 'granted' ? t('consents.record') : t('consents.renew')}
                </Button>
              </Tooltip>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function ConsentsCard({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const consents = useConsents(contact.id);
  const [recording, setRecording] = useState<{ purpose: ConsentPurpose | null } | null>(null);
  const [revoking, setRevoking] = useState<Consent | null>(null);
  const writable = can('audience:write');
  const byPurpose = consentsByPurpose(consents.data ?? []);
  const anyValid = (consents.data ?? []).some((consent) => consent.valid);
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('consents.title')}
          </Title>
          {writable && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setRecording({ purpose: null })}>
              {t('consents.record')}
            </Button>
          )}
        </Group>
        <QueryState query={consents}>
          {!anyValid && (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} p="xs">
              <Text size="xs">{t('consents.noneValid')}</Text>
            </Alert>
          )}
          <Stack gap="xs">
            {purposes.map((purpose) => (
              <ConsentRow
                key={purpose}
                purpose={purpose}
                consent={byPurpose.get(purpose)}
                writable={writable}
                onRevoke={() => setRevoking(byPurpose.get(purpose) ?? null)}
                onRecord={() => setRecording({ purpose })}
              />
            ))}
          </Stack>
        </QueryState>
      </Stack>
      {recording !== null && <RecordModal contact={contact} purpose={recording.purpose} onClose={() => setRecording(null)} />}
      {revoking !== null && <RevokeModal contact={contact} consent={revoking} onClose={() => setRevoking(null)} />}
    </Card>
  );
}
