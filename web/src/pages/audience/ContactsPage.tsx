import { Anchor, Badge, Button, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconAddressBook, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useContactPage, type ContactFilters } from '../../api/audience.ts';
import { purposes, type Contact } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { FilterBar, ResetFiltersButton, SearchFilter, UnitFilter } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { PageHeader } from '../../components/page.tsx';
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
  const form = useForm<ContactValues>({
    initialValues: contactValues(undefined, { unitId: session.staff.unitId }),
    validate: { email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('contacts.emailInvalid')) },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const contact = await api.post<Contact>('/api/contacts', contactBody(values, true));
      await client.invalidateQueries({ queryKey: ['contacts'] });
      notifications.show({ color: 'teal', message: t('contacts.created', { email: contact.email }) });
      onClose();
      await navigate(`/audience/contacts/${contact.id}`);
    });
  });
  return (
    <Modal opened onClose={onClose} title={t('contacts.new')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('contacts.newHint')}
          </Text>
          <ErrorAlert {...request.alert} />
          <ContactFields form={form} withUnit unitLocked={session.staff.unitId !== null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy} leftSection={<IconUserPlus size={16} />}>
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
  const list = useListParams();
  const { params, page, update } = list;
  const [creating, setCreating] = useState(false);
  const filters: ContactFilters = {
    q: params.get('q') ?? undefined,
    unitId: params.get('unit') ?? undefined,
    purpose: params.get('purpose') ?? undefined,
  };
  const query = useContactPage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));
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
      <FilterBar>
        <SearchFilter list={list} placeholder={t('contacts.searchPlaceholder')} />
        {session.staff.unitId === null && <UnitFilter value={filters.unitId} onChange={(value) => update({ unit: value })} />}
        <Select
          label={t('contacts.purposeFilter')}
          placeholder={t('contacts.anyConsent')}
          data={purposes.map((purpose) => ({ value: purpose, label: t(`purposes.${purpose}`) }))}
          value={filters.purpose ?? null}
          onChange={(value) => update({ purpose: value })}
          clearable
        />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconAddressBook size={28} />, title: t('contacts.emptyTitle'), description: t('contacts.emptyDescription') }}
        minWidth={900}
        tableProps={{ 'data-testid': 'contact-table' }}
        head={
          <>
            <Table.Th>{t('contacts.name')}</Table.Th>
            <Table.Th>{t('contacts.language')}</Table.Th>
            <Table.Th>{t('contacts.units')}</Table.Th>
            <Table.Th>{t('contacts.consents')}</Table.Th>
            <Table.Th>{t('contacts.createdAt')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((contact) => (
            <ClickableRow key={contact.id} onOpen={() => void navigate(`/audience/contacts/${contact.id}`)}>
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
            </ClickableRow>
          ))
        }
      </PagedTable>
      {creating && <NewContactModal onClose={() => setCreating(false)} />}
    </>
  );
}
