import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { campaignWrites } from '../../api/campaigns.ts';
import type { Campaign, TemplateLanguage } from '../../api/campaignsTypes.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/errors.tsx';
import { Loading } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { ContactPicker, type ContactOption } from './TemplatesPage.tsx';
import { RenderedMailView } from './RenderedMailView.tsx';

/*
 * The saved campaign as a person would get it: in German or English, as the sample
 * contact or a chosen one (audience:read; the server audits it), in a sandboxed frame
 * without scripts; and a test send of exactly that to a staff address.
 */

export function CampaignPreview({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const { can, session } = useSession();
  const [language, setLanguage] = useState<TemplateLanguage>(i18n.language === 'en' ? 'en' : 'de');
  const [contact, setContact] = useState<ContactOption | null>(null);
  const [email, setEmail] = useState(session.staff.email);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const contactId = contact === null ? {} : { contactId: contact.value };
  const preview = useQuery({
    // The saved version: a save invalidates 'campaign-preview-of'.
    queryKey: ['campaign-preview-of', campaign.id, campaign.updatedAt, language, contact?.value ?? null],
    queryFn: () => campaignWrites.previewCampaign(campaign.id, { language, ...contactId }),
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const testSend = async () => {
    setSending(true);
    setSendError(null);
    try {
      await campaignWrites.testSend(campaign.id, { email: email.trim(), language, ...contactId });
      notifications.show({ color: 'teal', message: t('campaignsApp.campaigns.testSent', { email: email.trim() }) });
    } catch (caught) {
      setSendError(caught);
    } finally {
      setSending(false);
    }
  };
  const emailError = fieldErrorsOf(sendError, ['email']).email;
  return (
    <Card data-testid="campaign-preview">
      <Stack>
        <Title order={3}>{t('campaignsApp.campaigns.previewTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('campaignsApp.campaigns.previewHint')}
        </Text>
        <Group align="flex-end" gap="lg" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('campaigns.templates.language')}
            </Text>
            <SegmentedControl
              aria-label={t('campaigns.templates.language')}
              value={language}
              onChange={(value) => setLanguage(value === 'en' ? 'en' : 'de')}
              data={[
                { value: 'de', label: t('languages.de') },
                { value: 'en', label: t('languages.en') },
              ]}
            />
          </Stack>
          {can('audience:read') && <ContactPicker value={contact} onChange={setContact} />}
        </Group>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('campaignsApp.campaigns.testAddress')}
            type="email"
            w={320}
            value={email}
            error={emailError}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <Button mt={25} variant="light" leftSection={<IconSend size={16} />} loading={sending} disabled={email.trim() === ''} onClick={() => void testSend()}>
            {t('campaignsApp.campaigns.testSend')}
          </Button>
        </Group>
        {emailError === undefined && <ErrorAlert error={sendError} />}
        {preview.error !== null ? (
          <ErrorAlert error={preview.error} />
        ) : preview.data === undefined ? (
          <Loading />
        ) : (
          <RenderedMailView mail={preview.data} />
        )}
      </Stack>
    </Card>
  );
}
