import { ActionIcon, Badge, Button, Card, EmptyState, Group, Modal, MultiSelect, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconBuildingCommunity, IconEdit, IconMapPin, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useHalls, useVenues } from '../../api/queries.ts';
import type { Hall, Venue } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { IconAction, PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

const blank = (value: string) => (value.trim() === '' ? null : value.trim());

function VenueModal({ venue, onClose }: { venue: Venue | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm({
    initialValues: {
      name: venue?.name ?? '',
      street: venue?.street ?? '',
      postalCode: venue?.postalCode ?? '',
      city: venue?.city ?? '',
      country: venue?.country ?? '',
      latitude: venue?.latitude ?? ('' as number | string),
      longitude: venue?.longitude ?? ('' as number | string),
      directions: { de: venue?.directions.de ?? '', en: venue?.directions.en ?? '' },
    },
    validate: { name: (value) => (value.trim() === '' ? t('venues.nameRequired') : null) },
  });

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    const body = {
      name: values.name.trim(),
      street: blank(values.street),
      postalCode: blank(values.postalCode),
      city: blank(values.city),
      country: blank(values.country),
      latitude: values.latitude === '' ? null : Number(values.latitude),
      longitude: values.longitude === '' ? null : Number(values.longitude),
      directions: { de: blank(values.directions.de), en: blank(values.directions.en) },
    };
    await request.run(async () => {
      if (venue === null) await api.post('/api/venues', body);
      else await api.patch(`/api/venues/${venue.id}`, body);
      await Promise.all([client.invalidateQueries({ queryKey: ['venues'] }), client.invalidateQueries({ queryKey: ['halls'] })]);
      onClose();
    });
  });

  return (
    <Modal opened onClose={onClose} title={venue === null ? t('venues.add') : t('venues.edit')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <TextInput label={t('venues.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('house.street')} {...form.getInputProps('street')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('house.postalCode')} {...form.getInputProps('postalCode')} />
            <TextInput label={t('house.city')} {...form.getInputProps('city')} />
            <TextInput label={t('house.country')} description={t('house.countryHint')} maxLength={2} {...form.getInputProps('country')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label={t('venues.latitude')} min={-90} max={90} decimalScale={6} {...form.getInputProps('latitude')} />
            <NumberInput label={t('venues.longitude')} min={-180} max={180} decimalScale={6} {...form.getInputProps('longitude')} />
          </SimpleGrid>
          <Textarea label={t('venues.directionsDe')} autosize minRows={2} {...form.getInputProps('directions.de')} />
          <Textarea label={t('venues.directionsEn')} autosize minRows={2} {...form.getInputProps('directions.en')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function HallModal({ venue, hall, onClose }: { venue: Venue; hall: Hall | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const form = useForm({
    initialValues: { name: hall?.name ?? '', capacity: hall?.capacity ?? ('' as number | string), accessibility: hall?.accessibility ?? [] },
    validate: {
      name: (value) => (value.trim() === '' ? t('venues.hallNameRequired') : null),
      capacity: (value) => (value === '' ? t('venues.capacityRequired') : null),
    },
  });

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    const body = { name: values.name.trim(), capacity: Number(values.capacity), accessibility: values.accessibility };
    await request.run(async () => {
      if (hall === null) await api.post('/api/halls', { venueId: venue.id, ...body });
      else await api.patch(`/api/halls/${hall.id}`, body);
      await client.invalidateQueries({ queryKey: ['halls'] });
      onClose();
    });
  });

  return (
    <Modal opened onClose={onClose} title={hall === null ? t('venues.addHallTo', { venue: venue.name }) : t('venues.editHall')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <TextInput label={t('venues.hallName')} required {...form.getInputProps('name')} />
          <NumberInput label={t('venues.capacity')} required min={0} max={200000} allowDecimal={false} {...form.getInputProps('capacity')} />
          <MultiSelect label={t('production.accessibility')} data={labels.accessibilityOptions} {...form.getInputProps('accessibility')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function address(venue: Venue): string {
  return [venue.street, [venue.postalCode, venue.city].filter(Boolean).join(' '), venue.country].filter((part) => part !== null && part !== '').join(', ');
}

export function VenuesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session, can } = useSession();
  const client = useQueryClient();
  const venues = useVenues();
  const halls = useHalls();
  const [editingVenue, setEditingVenue] = useState<Venue | 'new' | null>(null);
  const [editingHall, setEditingHall] = useState<{ venue: Venue; hall: Hall | null } | null>(null);
  const [deleting, setDeleting] = useState<{ kind: 'venue'; venue: Venue } | { kind: 'hall'; hall: Hall } | null>(null);
  // Units, venues and halls belong to the whole house: unit staff only read them.
  const writable = can('catalogue:write') && session.staff.unitId === null;
  const list = venues.data ?? [];

  return (
    <>
      <PageHeader
        title={t('venues.title')}
        description={t('venues.description')}
        actions={
          writable && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditingVenue('new')}>
              {t('venues.add')}
            </Button>
          )
        }
      />
      <QueryState query={venues}>
        {list.length === 0 ? (
          <Paper withBorder py="xl">
            <EmptyState icon={<IconBuildingCommunity size={28} />} withIndicatorBackground title={t('venues.emptyTitle')} description={t('venues.emptyDescription')} />
          </Paper>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            {list.map((venue) => {
              const venueHalls = (halls.data ?? []).filter((hall) => hall.venueId === venue.id);
              const seats = venueHalls.reduce((sum, hall) => sum + hall.capacity, 0);
              return (
                <Card key={venue.id}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
                    <div>
                      <Title order={3} size="h4">
                        {venue.name}
                      </Title>
                      {address(venue) !== '' && (
                        <Group gap={4} mt={2} wrap="nowrap">
                          <IconMapPin size={14} color="var(--mantine-color-dimmed)" />
                          <Text size="sm" c="dimmed">
                            {address(venue)}
                          </Text>
                        </Group>
                      )}
                    </div>
                    {writable && (
                      <Group gap={4} wrap="nowrap">
                        <IconAction label={t('venues.edit')} onClick={() => setEditingVenue(venue)}>
                          <IconEdit size={16} />
                        </IconAction>
                        <IconAction label={t('venues.delete')} color="red" onClick={() => setDeleting({ kind: 'venue', venue })}>
                          <IconTrash size={16} />
                        </IconAction>
                      </Group>
                    )}
                  </Group>
                  <Group gap="xs" mb="sm">
                    <Badge variant="light" color="gray" radius="sm">
                      {t('venues.hallCount', { count: venueHalls.length })}
                    </Badge>
                    <Badge variant="light" color="gray" radius="sm">
                      {t('venues.seatCount', { count: seats })}
                    </Badge>
                  </Group>
                  {venueHalls.length > 0 && (
                    <Table fz="sm" highlightOnHover={false} verticalSpacing={6}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('venues.hallName')}</Table.Th>
                          <Table.Th ta="right">{t('venues.capacity')}</Table.Th>
                          <Table.Th>{t('production.accessibility')}</Table.Th>
                          {writable && <Table.Th w={70} aria-label={t('common.actions')} />}
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {venueHalls.map((hall) => (
                          <Table.Tr key={hall.id}>
                            <Table.Td fw={500}>{hall.name}</Table.Td>
                            <Table.Td ta="right">{hall.capacity}</Table.Td>
                            <Table.Td>
                              <Text size="xs" c="dimmed">
                                {hall.accessibility.map((code) => labels.accessibility(code)).join(', ') || '–'}
                              </Text>
                            </Table.Td>
                            {writable && (
                              <Table.Td>
                                <Group gap={2} wrap="nowrap" justify="flex-end">
                                  <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => setEditingHall({ venue, hall })} aria-label={t('venues.editHall')}>
                                    <IconEdit size={14} />
                                  </ActionIcon>
                                  <ActionIcon variant="subtle" color="red" size="sm" onClick={() => setDeleting({ kind: 'hall', hall })} aria-label={t('venues.deleteHall')}>
                                    <IconTrash size={14} />
                                  </ActionIcon>
                                </Group>
                              </Table.Td>
                            )}
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                  {writable && (
                    <Group mt="sm">
                      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditingHall({ venue, hall: null })}>
                        {t('venues.addHall')}
                      </Button>
                    </Group>
                  )}
                </Card>
              );
            })}
          </SimpleGrid>
        )}
      </QueryState>
      {editingVenue !== null && (
        <VenueModal key={editingVenue === 'new' ? 'new' : editingVenue.id} venue={editingVenue === 'new' ? null : editingVenue} onClose={() => setEditingVenue(null)} />
      )}
      {editingHall !== null && (
        <HallModal key={editingHall.hall?.id ?? 'new'} venue={editingHall.venue} hall={editingHall.hall} onClose={() => setEditingHall(null)} />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting?.kind === 'hall' ? t('venues.deleteHall') : t('venues.delete')}
        message={t('venues.deleteMessage', { name: deleting === null ? '' : deleting.kind === 'hall' ? deleting.hall.name : deleting.venue.name })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          if (deleting.kind === 'hall') await api.delete(`/api/halls/${deleting.hall.id}`);
          else await api.delete(`/api/venues/${deleting.venue.id}`);
          await Promise.all([client.invalidateQueries({ queryKey: ['venues'] }), client.invalidateQueries({ queryKey: ['halls'] })]);
        }}
      />
    </>
  );
}
