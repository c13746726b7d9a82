import { Button, Card, ColorInput, Fieldset, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { campaignWrites, useBranding } from '../../api/campaigns.ts';
import type { Branding, BrandingSettings } from '../../api/campaignsTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

/*
 * The house's look in its mails: logo, colours, footer in both languages, imprint and
 * privacy links, sender name. An empty field takes the default made from the house,
 * shown as the field's placeholder. Everyone who reads the programme may look;
 * changing it needs house:manage. The server checks the URLs and colours and its
 * messages stand at the fields.
 */

interface BrandingValues {
  logoUrl: string;
  primaryColour: string;
  accentColour: string;
  footer: { de: string; en: string };
  imprintUrl: string;
  privacyUrl: string;
  senderName: string;
}

const valuesOf = ({ settings }: Branding): BrandingValues => ({
  logoUrl: settings.logoUrl ?? '',
  primaryColour: settings.primaryColour ?? '',
  accentColour: settings.accentColour ?? '',
  footer: { de: settings.footer.de ?? '', en: settings.footer.en ?? '' },
  imprintUrl: settings.imprintUrl ?? '',
  privacyUrl: settings.privacyUrl ?? '',
  senderName: settings.senderName ?? '',
});

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

const brandingBody = (values: BrandingValues): BrandingSettings => ({
  logoUrl: orNull(values.logoUrl),
  primaryColour: orNull(values.primaryColour),
  accentColour: orNull(values.accentColour),
  footer: { de: orNull(values.footer.de), en: orNull(values.footer.en) },
  imprintUrl: orNull(values.imprintUrl),
  privacyUrl: orNull(values.privacyUrl),
  senderName: orNull(values.senderName),
});

function BrandingForm({ branding }: { branding: Branding }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const writable = can('house:manage');
  const form = useForm<BrandingValues>({ initialValues: valuesOf(branding) });
  const request = useFormRequest(form);
  const { effective } = branding;
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const saved = await campaignWrites.saveBranding(brandingBody(values));
      client.setQueryData(['campaign-branding'], saved);
      form.setInitialValues(valuesOf(saved));
      form.setValues(valuesOf(saved));
      form.resetDirty(valuesOf(saved));
      notifications.show({ color: 'teal', message: t('campaigns.branding.saved') });
    });
  });
  return (
    <Card maw={860}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
            <Stack>
              <TextInput label={t('campaigns.branding.senderName')} placeholder={effective.senderName} maxLength={200} {...form.getInputProps('senderName')} />
              <TextInput label={t('campaigns.branding.logoUrl')} description={t('campaigns.branding.logoHint')} placeholder="https://…" type="url" {...form.getInputProps('logoUrl')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <ColorInput label={t('campaigns.branding.primaryColour')} format="hex" placeholder={effective.primaryColour} {...form.getInputProps('primaryColour')} />
                <ColorInput label={t('campaigns.branding.accentColour')} format="hex" placeholder={effective.accentColour} {...form.getInputProps('accentColour')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Textarea label={t('campaigns.branding.footerDe')} placeholder={effective.footer.de} autosize minRows={3} maxLength={1000} {...form.getInputProps('footer.de')} />
                <Textarea label={t('campaigns.branding.footerEn')} placeholder={effective.footer.en} autosize minRows={3} maxLength={1000} {...form.getInputProps('footer.en')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('campaigns.branding.imprintUrl')} placeholder={effective.imprintUrl ?? 'https://…'} type="url" {...form.getInputProps('imprintUrl')} />
                <TextInput label={t('campaigns.branding.privacyUrl')} placeholder={effective.privacyUrl ?? 'https://…'} type="url" {...form.getInputProps('privacyUrl')} />
              </SimpleGrid>
              <Text size="xs" c="dimmed">
                {t('campaigns.branding.defaultsHint')}
              </Text>
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
  );
}

export function BrandingPage() {
  const { t } = useTranslation();
  const branding = useBranding();
  return (
    <>
      <PageHeader title={t('campaigns.branding.title')} description={t('campaigns.branding.description')} />
      <QueryState query={branding}>{branding.data !== undefined && <BrandingForm branding={branding.data} />}</QueryState>
    </>
  );
}
