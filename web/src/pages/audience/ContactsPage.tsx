import { Anchor, Badge, Button, EmptyState, Group, Modal, Pagination, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedCallback } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconAddressBook, IconFilterOff, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useContactPage, type ContactFilters } from '../../api/audience.ts';
import { purposes, type Contact } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import { applyFieldErrors, ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { Loading, PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ConsentBadgeList } from './ConsentBadges.tsx';
import { ContactFields } from './ContactFields.tsx';
import { contactBody, contactValues, type ContactValues } from './contactModel.ts';

/* The house's contacts (a unit's, for unit staff): search, filters, pages; a new contact. */

const PAGE_SIZE = 25;

function NewContactModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useForm<ContactValues>({
    initialValues: contactValues(undefined, { unitId: session.staff.unitId }),
    validate: { email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('contacts.emailInvalid')) },
  });
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const contact = await api.post<Contact>('/api/contacts', contactBody(values, true));
      await client.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'teal', message: t('contacts.created', { email: contact.email }) });
      onClose();
      await navigate(`/audience/contacts/${contact.id}`);
    } catch (caught) {
      setUnplaced(applyFieldErrors(form, caught));
      setError(caught);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Modal opened onClose={onClose} title={t('contacts.new')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('contacts.newHint')}
          </Text>
          <ErrorAlert error={error} extra={unplaced} />
          <ContactFields form={form} withUnit unitLocked={session.staff.unitId !== null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} leftSection={<IconUserPlus size={16} />}>
              {t('contacts.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ContactsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const units = useUnits();
  const { session, can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [creating, setCreating] = useState(false);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filters: ContactFilters = {
    q: params.get('q') ?? undefined,
    unitId: params.get('unit') ?? undefined,
    purpose: params.get('purpose') ?? undefined,
  };
  const query = useContactPage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const searchLater = useDebouncedCallback((value: string) => update({ q: value.trim() }), 300);
  const data = query.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // The list carries each contact's consents (one query on the server, not audited as a
  // view); asking for them contact by contact would be a view of each person.

  return (
    <>
      <PageHeader
        title={t('contacts.title')}
        description={t('contacts.description')}
        actions={
          can('audience:write') && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
              {t('contacts.new')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" mb="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            label={t('filters.search')}
            placeholder={t('contacts.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              searchLater(event.currentTarget.value);
            }}
          />
          {session.staff.unitId === null && (
            <Select
              label={t('filters.unit')}
              placeholder={t('filters.allUnits')}
              data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
              value={filters.unitId ?? null}
              onChange={(value) => update({ unit: value })}
              clearable
            />
          )}
          <Select
            label={t('contacts.purposeFilter')}
            placeholder={t('contacts.anyConsent')}
            data={purposes.map((purpose) => ({ value: purpose, label: t(`purposes.${purpose}`) }))}
            value={filters.purpose ?? null}
            onChange={(value) => update({ purpose: value })}
            clearable
          />
          <Group align="flex-end">
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconFilterOff size={16} />}
              onClick={() => {
                setSearch('');
                setParams(new URLSearchParams(), { replace: true });
              }}
              disabled={params.size === 0 && search === ''}
            >
              {t('filters.reset')}
            </Button>
          </Group>
        </SimpleGrid>
      </Paper>
      {query.error !== null && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <Loading />
      ) : data !== undefined && data.items.length === 0 ? (
        <Paper withBorder py="xl">
          <EmptyState icon={<IconAddressBook size={28} />} withIndicatorBackground title={t('contacts.emptyTitle')} description={t('contacts.emptyDescription')} />
        </Paper>
      ) : (
        data !== undefined && (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={900}>
              <Table data-testid="contact-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('contacts.name')}</Table.Th>
                    <Table.Th>{t('contacts.language')}</Table.Th>
                    <Table.Th>{t('contacts.units')}</Table.Th>
                    <Table.Th>{t('contacts.consents')}</Table.Th>
                    <Table.Th>{t('contacts.createdAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((contact) => {
                    const open = () => void navigate(`/audience/contacts/${contact.id}`);
                    return (
                      <Table.Tr
                        key={contact.id}
                        className="clickable-row"
                        tabIndex={0}
                        onClick={open}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter') open();
                        }}
                      >
                        <Table.Td>
                          <Anchor component={Link} to={`/audience/contacts/${contact.id}`} size="sm" fw={600} onClick={(event) => event.stopPropagation()}>
                            {contact.name ?? contact.email}
                          </Anchor>
                          {contact.name !== null && (
                            <Text size="xs" c="dimmed">
                              {contact.email}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{contact.language === null ? '–' : t(`languages.${contact.language}`, { defaultValue: contact.language })}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {contact.units.length === 0 ? (
                              <Text size="xs" c="dimmed">
                                {t('productions.wholeHouse')}
                              </Text>
                            ) : (
                              contact.units.map((unitId) => (
                                <Badge key={unitId} size="xs" variant="default" radius="sm">
                                  {unitName.get(unitId) ?? '…'}
                                </Badge>
                              ))
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <ConsentBadgeList consents={contact.consents} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.date(contact.createdAt)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Text size="sm" c="dimmed">
                {t('common.range', { from: (page - 1) * PAGE_SIZE + 1, to: Math.min(page * PAGE_SIZE, total), total })}
              </Text>
              <Pagination total={pages} value={Math.min(page, pages)} onChange={(value) => update({ page: String(value) })} size="sm" aria-label={t('common.pagination')} />
            </Group>
          </Paper>
        )
      )}
      {creating && <NewContactModal onClose={() => setCreating(false)} />}
    </>
  );
}
