import { ActionIcon, Button, Card, Checkbox, CopyButton, Fieldset, Grid, Group, Select, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconCopy, IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useHouse } from '../../api/queries.ts';
import type { House, Session } from '../../api/types.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { currencyOptions, timeZoneOptions } from '../../components/options.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { sessionKey, useSession } from '../../session/session.tsx';

function valuesOf(house: House) {
  return {
    name: house.name,
    slug: house.slug,
    timeZone: house.timeZone,
    languages: house.languages,
    defaultLanguage: house.defaultLanguage,
    currency: house.currency,
    street: house.street ?? '',
    postalCode: house.postalCode ?? '',
    city: house.city ?? '',
    country: house.country ?? '',
    website: house.website ?? '',
    email: house.email ?? '',
    phone: house.phone ?? '',
  };
}

function FeedLink({ label, path }: { label: string; path: string }) {
  const { t } = useTranslation();
  const url = `${window.location.origin}${path}`;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap={4} wrap="nowrap">
        <Text size="xs" ff="monospace" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {url}
        </Text>
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('common.copy')}>
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

function HouseForm({ house }: { house: House }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const writable = can('house:manage');
  const form = useForm({
    initialValues: valuesOf(house),
    validate: {
      name: (value) => (value.trim() === '' ? t('setup.nameRequired') : null),
      languages: (value) => (value.length === 0 ? t('setup.languagesRequired') : null),
      defaultLanguage: (value, values) => (values.languages.includes(value) ? null : t('setup.defaultLanguageInvalid')),
    },
  });
  const values = form.getValues();
  const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim());

  const request = useFormRequest(form);
  const submit = form.onSubmit(async (input) => {
    await request.run(async () => {
      const saved = await api.patch<House>('/api/house', {
        name: input.name.trim(),
        slug: input.slug.trim(),
        timeZone: input.timeZone,
        languages: input.languages,
        defaultLanguage: input.defaultLanguage,
        currency: input.currency,
        street: blankToNull(input.street),
        postalCode: blankToNull(input.postalCode),
        city: blankToNull(input.city),
        country: blankToNull(input.country),
        website: blankToNull(input.website),
        email: blankToNull(input.email),
        phone: blankToNull(input.phone),
      });
      client.setQueryData(['house'], saved);
      client.setQueryData<Session | null>(sessionKey, (current) => (current ? { ...current, house: saved } : current));
      form.resetDirty(valuesOf(saved));
      notifications.show({ color: 'teal', message: t('house.saved') });
    });
  });

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Card>
          <form onSubmit={submit} noValidate>
            <Stack>
              <ErrorAlert {...request.alert} />
              <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label={t('house.name')} required {...form.getInputProps('name')} />
                    <TextInput label={t('house.slug')} description={t('house.slugHint')} {...form.getInputProps('slug')} />
                  </SimpleGrid>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select label={t('house.timeZone')} data={timeZoneOptions()} searchable allowDeselect={false} {...form.getInputProps('timeZone')} />
                    <Select label={t('house.currency')} data={currencyOptions()} searchable allowDeselect={false} {...form.getInputProps('currency')} />
                  </SimpleGrid>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Checkbox.Group label={t('house.languages')} {...form.getInputProps('languages')}>
                      <Group mt={8}>
                        <Checkbox value="de" label={t('languages.de')} />
                        <Checkbox value="en" label={t('languages.en')} />
                      </Group>
                    </Checkbox.Group>
                    <Select
                      label={t('house.defaultLanguage')}
                      data={values.languages.map((code) => ({ value: code, label: t(`languages.${code}`) }))}
                      allowDeselect={false}
                      {...form.getInputProps('defaultLanguage')}
                    />
                  </SimpleGrid>
                  <Title order={3} size="h5" mt="sm">
                    {t('house.address')}
                  </Title>
                  <TextInput label={t('house.street')} {...form.getInputProps('street')} />
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <TextInput label={t('house.postalCode')} {...form.getInputProps('postalCode')} />
                    <TextInput label={t('house.city')} {...form.getInputProps('city')} />
                    <TextInput label={t('house.country')} description={t('house.countryHint')} maxLength={2} {...form.getInputProps('country')} />
                  </SimpleGrid>
                  <Title order={3} size="h5" mt="sm">
                    {t('house.contact')}
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <TextInput label={t('house.website')} type="url" placeholder="https://" {...form.getInputProps('website')} />
                    <TextInput label={t('house.email')} type="email" {...form.getInputProps('email')} />
                    <TextInput label={t('house.phone')} type="tel" {...form.getInputProps('phone')} />
                  </SimpleGrid>
                </Stack>
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
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card>
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('house.feedsTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('house.feedsHint')}
            </Text>
            <FeedLink label={t('house.feedIcs')} path={`/public/houses/${house.slug}/calendar.ics`} />
            <FeedLink label={t('house.feedJsonld')} path={`/public/houses/${house.slug}/programme.jsonld`} />
            <FeedLink label={t('house.feedApi')} path={`/public/houses/${house.slug}/programme`} />
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

export function HousePage() {
  const { t } = useTranslation();
  const house = useHouse();
  return (
    <>
      <PageHeader title={t('house.title')} description={t('house.description')} />
      <QueryState query={house}>{house.data !== undefined && <HouseForm key={house.data.updatedAt} house={house.data} />}</QueryState>
    </>
  );
}
