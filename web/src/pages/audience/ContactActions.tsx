import { Alert, Button, Group, Menu, Modal, Radio, ScrollArea, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconChevronDown, IconDownload, IconEraser, IconGitMerge, IconLink, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useContactPage } from '../../api/audience.ts';
import type { Contact } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { ErrorAlert, errorTitle } from '../../components/errors.tsx';
import { useSession } from '../../session/session.tsx';

/*
 * What staff do for a person on their contact page: hand over the preference-centre link,
 * download everything Foyer holds (Art. 15/20 GDPR), erase the person (Art. 17), or merge
 * a duplicate into this contact. Each is written to the audit log by the server.
 */

function download(filename: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

function EraseModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [confirmEmail, setConfirmEmail] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const matches = confirmEmail.trim().toLowerCase() === contact.email.trim().toLowerCase();
  const ready = matches && reason.trim().length >= 3;
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/contacts/${contact.id}/erase`, { reason: reason.trim(), confirmEmail: confirmEmail.trim() });
      client.removeQueries({ queryKey: ['contacts', 'one', contact.id] });
      await client.invalidateQueries({ queryKey: ['contacts'] });
      await client.invalidateQueries({ queryKey: ['privacy-requests'] });
      notifications.show({ color: 'teal', message: t('contactActions.erased') });
      onClose();
      await navigate('/audience/contacts', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('contactActions.eraseTitle')}>
      <Stack>
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
          <Text size="sm">{t('contactActions.eraseMessage')}</Text>
        </Alert>
        <ErrorAlert error={error} />
        <TextInput
          label={t('contactActions.confirmEmail')}
          description={t('contactActions.confirmEmailHint', { email: contact.email })}
          value={confirmEmail}
          onChange={(event) => setConfirmEmail(event.currentTarget.value)}
          error={confirmEmail !== '' && !matches ? t('contactActions.emailMismatch') : undefined}
          autoComplete="off"
          data-autofocus
        />
        <Textarea label={t('contactActions.reason')} description={t('contactActions.reasonHint')} autosize minRows={2} maxLength={500} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.keep')}
          </Button>
          <Button color="red" disabled={!ready} loading={busy} leftSection={<IconEraser size={16} />} onClick={() => void erase()}>
            {t('contactActions.erase')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergeModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 300);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const candidates = useContactPage({ q: query }, 20, 0, query.length >= 2);
  const others = (candidates.data?.items ?? []).filter((candidate) => candidate.id !== contact.id);
  const chosen = others.find((candidate) => candidate.id === picked);
  const merge = async () => {
    if (chosen === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const merged = await api.post<Contact>(`/api/contacts/${contact.id}/merge`, { from: chosen.id });
      client.setQueryData(['contacts', 'one', contact.id], merged);
      client.removeQueries({ queryKey: ['contacts', 'one', chosen.id] });
      await client.invalidateQueries({ queryKey: ['contacts', 'page'] });
      await client.invalidateQueries({ queryKey: ['consents', contact.id] });
      await client.invalidateQueries({ queryKey: ['timeline', contact.id] });
      notifications.show({ color: 'teal', message: t('contactActions.merged', { email: chosen.email }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('contactActions.mergeTitle')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('contactActions.mergeHint', { email: contact.email })}
        </Text>
        <TextInput
          label={t('filters.search')}
          placeholder={t('contacts.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          data-autofocus
        />
        {query.length >= 2 && (
          <ScrollArea.Autosize mah={280}>
            {candidates.isFetching && others.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('common.loading')}
              </Text>
            ) : others.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('contactActions.noCandidates')}
              </Text>
            ) : (
              <Radio.Group value={picked} onChange={setPicked} aria-label={t('contactActions.pickDuplicate')}>
                <Stack gap="xs">
                  {others.map((candidate) => (
                    <Radio.Card key={candidate.id} value={candidate.id} p="sm" radius="md">
                      <Group wrap="nowrap" align="flex-start">
                        <Radio.Indicator />
                        <div>
                          <Text size="sm" fw={600}>
                            {candidate.name ?? candidate.email}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {candidate.email}
                          </Text>
                        </div>
                      </Group>
                    </Radio.Card>
                  ))}
                </Stack>
              </Radio.Group>
            )}
          </ScrollArea.Autosize>
        )}
        {chosen !== undefined && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            <Text size="sm">{t('contactActions.mergeConfirm', { from: chosen.email, into: contact.email })}</Text>
          </Alert>
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button disabled={chosen === undefined} loading={busy} leftSection={<IconGitMerge size={16} />} onClick={() => void merge()}>
            {t('contactActions.merge')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ContactActions({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [modal, setModal] = useState<'erase' | 'merge' | null>(null);
  const [busy, setBusy] = useState<'link' | 'export' | null>(null);

  const fail = (error: unknown) => notifications.show({ color: 'red', title: errorTitle(t, error), message: error instanceof Error ? error.message : '' });

  const copyLink = async () => {
    setBusy('link');
    try {
      const { url } = await api.get<{ url: string }>(`/api/contacts/${contact.id}/preference-link`);
      try {
        await navigator.clipboard.writeText(url);
        notifications.show({ color: 'teal', message: t('contactActions.linkCopied') });
      } catch {
        // No clipboard (an insecure origin, a refusing browser): show the link to copy by hand.
        notifications.show({ color: 'blue', title: t('contactActions.linkTitle'), message: url, autoClose: false });
      }
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const exportData = async () => {
    setBusy('export');
    try {
      const data = await api.post<unknown>(`/api/contacts/${contact.id}/export`);
      download(`foyer-${contact.email.replace(/[^a-z0-9@._-]+/gi, '_')}.json`, data);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const writable = can('audience:write');
  const privacy = can('audience:privacy');
  if (!writable && !privacy) return null;
  return (
    <>
      <Group gap="xs">
        {writable && (
          <Button variant="default" leftSection={<IconLink size={16} />} loading={busy === 'link'} onClick={() => void copyLink()}>
            {t('contactActions.copyLink')}
          </Button>
        )}
        {privacy && (
          <Button variant="default" leftSection={<IconDownload size={16} />} loading={busy === 'export'} onClick={() => void exportData()}>
            {t('contactActions.export')}
          </Button>
        )}
        <Menu position="bottom-end" shadow="md" width={220}>
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              {t('common.actions')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {writable && (
              <Menu.Item leftSection={<IconGitMerge size={16} />} onClick={() => setModal('merge')}>
                {t('contactActions.mergeMenu')}
              </Menu.Item>
            )}
            {privacy && (
              <Menu.Item color="red" leftSection={<IconEraser size={16} />} onClick={() => setModal('erase')}>
                {t('contactActions.eraseMenu')}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {modal === 'erase' && <EraseModal contact={contact} onClose={() => setModal(null)} />}
      {modal === 'merge' && <MergeModal contact={contact} onClose={() => setModal(null)} />}
    </>
  );
}
