import { Button, Card, Fieldset, Group, Select, SimpleGrid, Stack, Tabs, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconRestore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAllProductions, useSegmentList } from '../../api/audience.ts';
import { campaignWrites, useCampaignTemplates } from '../../api/campaigns.ts';
import type { Campaign, CampaignContent, TemplateLanguage } from '../../api/campaignsTypes.ts';
import { useAllPerformances } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { useTimeFormat } from '../../session/time.ts';

/*
 * What a campaign says and to whom: its name, the library template it starts from, the
 * production or performance it is about, the segment it goes to, and per language the
 * subject, preheader and body (MJML sections, as the template library has them). Only
 * the languages that were changed are sent as the campaign's own text; the rest keep
 * following the library.
 */

const languages: TemplateLanguage[] = ['de', 'en'];

export interface CampaignValues {
  name: string;
  templateKey: string;
  productionId: string | null;
  performanceId: string | null;
  segmentId: string | null;
  content: Record<TemplateLanguage, CampaignContent>;
}

export const campaignValues = (campaign: Campaign): CampaignValues => ({
  name: campaign.name,
  templateKey: campaign.templateKey,
  productionId: campaign.productionId,
  performanceId: campaign.performanceId,
  segmentId: campaign.segmentId,
  content: { de: { ...campaign.content.de }, en: { ...campaign.content.en } },
});

const sameContent = (a: CampaignContent, b: CampaignContent) => a.subject === b.subject && a.preheader === b.preheader && a.body === b.body;

/** Choices for the template, production, performance and segment fields, shared with the new-campaign form. */
export function useCampaignChoices(productionId: string | null) {
  const { i18n } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const templates = useCampaignTemplates();
  const productions = useAllProductions();
  const performances = useAllPerformances({ productionId: productionId ?? undefined }, productionId !== null);
  const segments = useSegmentList();
  const language = i18n.language === 'en' ? 'en' : 'de';
  return {
    templates: (templates.data?.items ?? []).filter((template) => template.kind === 'marketing').map((template) => ({ value: template.key, label: template.name[language] })),
    productions: (productions.data ?? []).map((production) => ({ value: production.id, label: labels.title(production.title) })),
    performances: (performances.data ?? []).map((performance) => ({ value: performance.id, label: time.dateTime(performance.startsAt) })),
    segments: (segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name })),
    error: templates.error ?? productions.error ?? segments.error,
  };
}

export function CampaignContentForm({ campaign, editable }: { campaign: Campaign; editable: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<CampaignValues>({
    initialValues: campaignValues(campaign),
    validate: { name: (value) => (value.trim() === '' ? t('campaignsApp.campaigns.nameRequired') : null) },
  });
  const request = useFormRequest(form);
  const choices = useCampaignChoices(form.values.productionId);
  const done = (saved: Campaign, message: string) => {
    client.setQueryData(['campaign-one', saved.id], saved);
    form.setInitialValues(campaignValues(saved));
    form.setValues(campaignValues(saved));
    form.resetDirty(campaignValues(saved));
    void client.invalidateQueries({ queryKey: ['campaign-list'] });
    void client.invalidateQueries({ queryKey: ['campaign-preview-of', saved.id] });
    notifications.show({ color: 'teal', message });
  };
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const changed = languages.filter((language) => !sameContent(values.content[language], campaign.content[language]));
      const saved = await campaignWrites.updateCampaign(campaign.id, {
        name: values.name.trim(),
        templateKey: values.templateKey,
        productionId: values.productionId,
        performanceId: values.performanceId,
        segmentId: values.segmentId,
        ...(changed.length === 0 ? {} : { content: Object.fromEntries(changed.map((language) => [language, values.content[language]])) }),
      });
      done(saved, t('campaignsApp.campaigns.saved'));
    }),
  );
  const restore = () =>
    request.run(async () => {
      const saved = await campaignWrites.updateCampaign(campaign.id, { content: null });
      done(saved, t('campaignsApp.campaigns.restored'));
    });
  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <ErrorAlert error={choices.error} />
          <Fieldset variant="unstyled" disabled={!editable} p={0} m={0}>
            <Stack>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <TextInput label={t('campaignsApp.campaigns.name')} required maxLength={200} {...form.getInputProps('name')} />
                <Select label={t('campaignsApp.campaigns.template')} allowDeselect={false} data={choices.templates} searchable {...form.getInputProps('templateKey')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, md: 3 }}>
                <Select
                  label={t('campaignsApp.campaigns.production')}
                  placeholder={t('campaignsApp.campaigns.noFocus')}
                  data={choices.productions}
                  searchable
                  clearable
                  {...form.getInputProps('productionId')}
                  onChange={(value) => {
                    form.setFieldValue('productionId', value);
                    form.setFieldValue('performanceId', null);
                  }}
                />
                <Select
                  label={t('campaignsApp.campaigns.performance')}
                  placeholder={form.values.productionId === null ? t('campaignsApp.campaigns.chooseProductionFirst') : t('campaignsApp.campaigns.anyPerformance')}
                  data={choices.performances}
                  disabled={form.values.productionId === null}
                  clearable
                  {...form.getInputProps('performanceId')}
                />
                {campaign.kind === 'newsletter' && (
                  <Select label={t('campaignsApp.campaigns.segment')} placeholder={t('campaignsApp.campaigns.chooseSegment')} data={choices.segments} searchable clearable {...form.getInputProps('segmentId')} />
                )}
              </SimpleGrid>
              <Tabs defaultValue="de">
                <Tabs.List>
                  {languages.map((language) => (
                    <Tabs.Tab key={language} value={language}>
                      {t(`languages.${language}`)}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                {languages.map((language) => (
                  <Tabs.Panel key={language} value={language} pt="sm">
                    <Stack>
                      <TextInput label={t('campaignsApp.campaigns.subject')} maxLength={300} {...form.getInputProps(`content.${language}.subject`)} />
                      <TextInput label={t('campaignsApp.campaigns.preheader')} description={t('campaignsApp.campaigns.preheaderHint')} maxLength={500} {...form.getInputProps(`content.${language}.preheader`)} />
                      <Textarea
                        label={t('campaignsApp.campaigns.body')}
                        description={t('campaignsApp.campaigns.bodyHint')}
                        autosize
                        minRows={10}
                        maxRows={30}
                        spellCheck={false}
                        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                        {...form.getInputProps(`content.${language}.body`)}
                      />
                    </Stack>
                  </Tabs.Panel>
                ))}
              </Tabs>
            </Stack>
          </Fieldset>
          {editable && (
            <Group>
              <Button type="submit" loading={request.busy} leftSection={<IconDeviceFloppy size={16} />}>
                {t('common.save')}
              </Button>
              <Button variant="subtle" color="gray" leftSection={<IconRestore size={16} />} onClick={() => void restore()} disabled={request.busy}>
                {t('campaignsApp.campaigns.restoreTemplate')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
