import { Anchor, Badge, Breadcrumbs, Button, Card, Fieldset, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useContact } from '../../api/audience.ts';
import type { Contact } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { ConsentsCard } from './ConsentsCard.tsx';
import { ContactActions } from './ContactActions.tsx';
import { ContactFields } from './ContactFields.tsx';
import { contactBody, contactValues, type ContactValues } from './contactModel.ts';
import { TimelineCard } from './TimelineCard.tsx';
import { RecommendationsCard } from '../discovery/RecommendationsCard.tsx';

/* One person: their data (editable), consents with expiry, history, recommendations with their explanations, and the privacy actions. */

function ContactForm({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const writable = can('audience:write');
  const form = useForm<ContactValues>({
    initialValues: contactValues(contact),
    validate: { email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('contacts.emailInvalid')) },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const saved = await api.patch<Contact>(`/api/contacts/${contact.id}`, contactBody(values, false));
      client.setQueryData(['contacts', 'one', saved.id], saved);
      await client.invalidateQueries({ queryKey: ['contacts', 'page'] });
      form.resetDirty(contactValues(saved));
      notifications.show({ color: 'teal', message: t('contacts.saved') });
    });
  });
  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h5">
            {t('contacts.details')}
          </Title>
          <ErrorAlert {...request.alert} />
          <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
            <ContactFields form={form} withUnit={false} unitLocked />
          </Fieldset>
          {writable && (
            <Group>
              <Button type="submit" loading={request.busy} leftSection={<IconDeviceFloppy size={16} />}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

function ContactView({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const units = useUnits();
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));
  const title = contact.name ?? contact.email;
  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/audience/contacts" size="sm">
          {t('contacts.title')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {title}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={title}
        description={
          <Group gap="xs" component="span">
            {contact.name !== null && <span>{contact.email}</span>}
            <span>{t('contacts.since', { date: time.date(contact.createdAt), source: t(`consentSources.${contact.source}`, { defaultValue: contact.source }) })}</span>
            {contact.units.map((unitId) => (
              <Badge key={unitId} size="sm" variant="default" radius="sm" component="span">
                {unitName.get(unitId) ?? '…'}
              </Badge>
            ))}
          </Group>
        }
        actions={<ContactActions contact={contact} />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <ContactForm key={contact.updatedAt} contact={contact} />
            <TimelineCard contact={contact} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <ConsentsCard contact={contact} />
            <RecommendationsCard contactId={contact.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

export function ContactPage() {
  const { id } = useParams();
  const query = useContact(id);
  return <QueryState query={query}>{query.data !== undefined && <ContactView key={query.data.id} contact={query.data} />}</QueryState>;
}
