import { Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconEye } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { campaignWrites, useCampaignTemplates, useContactSearch } from '../../api/campaigns.ts';
import type { CampaignTemplate, TemplateLanguage } from '../../api/campaignsTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading, PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { RenderedMailView } from './RenderedMailView.tsx';

/*
 * The library of ready mail templates and a preview of each: in German or English, as
 * the sample contact or (with audience:read) as a chosen person, with today's
 * programme. The HTML is shown in a sandboxed frame without scripts, the text part in
 * its own tab. A preview as a real person is audited by the server, so it is asked
 * once per choice and never refetched on its own.
 */

export interface ContactOption {
  value: string;
  label: string;
}

export function ContactPicker({ value, onChange }: { value: ContactOption | null; onChange: (contact: ContactOption | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(search, 250);
  const searching = value === null || search !== value.label;
  const found = useContactSearch(debounced, searching);
  const data = useMemo(() => {
    const options: ContactOption[] = (found.data?.items ?? []).map((contact) => ({ value: contact.id, label: contact.name === null ? contact.email : `${contact.name} <${contact.email}>` }));
    if (value !== null && !options.some((option) => option.value === value.value)) options.unshift(value);
    return options;
  }, [found.data, value]);
  return (
    <Select
      label={t('campaigns.templates.contact')}
      description={t('campaigns.templates.contactHint')}
      placeholder={t('campaigns.templates.sampleContact')}
      searchable
      clearable
      data={data}
      value={value?.value ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={debounced.trim().length >= 2 && !found.isFetching ? t('campaigns.templates.noContact') : undefined}
      onChange={(id, option) => onChange(id === null || option === null ? null : { value: option.value, label: option.label })}
      maw={420}
    />
  );
}

function Preview({ template }: { template: CampaignTemplate }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [language, setLanguage] = useState<TemplateLanguage>(template.languages.includes(i18n.language as TemplateLanguage) ? (i18n.language as TemplateLanguage) : (template.languages[0] ?? 'de'));
  const [contact, setContact] = useState<ContactOption | null>(null);
  const preview = useQuery({
    queryKey: ['campaign-preview', template.key, language, contact?.value ?? null],
    queryFn: () => campaignWrites.preview(template.key, { language, ...(contact === null ? {} : { contactId: contact.value }) }),
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const title = template.name[i18n.language === 'en' ? 'en' : 'de'];
  return (
    <Card data-testid="template-preview">
      <Stack>
        <Title order={3}>{t('campaigns.templates.previewOf', { name: title })}</Title>
        <Group align="flex-end" gap="lg" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('campaigns.templates.language')}
            </Text>
            <SegmentedControl
              aria-label={t('campaigns.templates.language')}
              value={language}
              onChange={(value) => setLanguage(value === 'en' ? 'en' : 'de')}
              data={template.languages.map((code) => ({ value: code, label: t(`languages.${code}`) }))}
            />
          </Stack>
          {can('audience:read') && <ContactPicker value={contact} onChange={setContact} />}
        </Group>
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

export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const templates = useCampaignTemplates();
  const [chosen, setChosen] = useState<string | null>(null);
  const language = i18n.language === 'en' ? 'en' : 'de';
  const template = templates.data?.items.find((item) => item.key === chosen);
  return (
    <>
      <PageHeader title={t('campaigns.templates.title')} description={t('campaigns.templates.description')} />
      <QueryState query={templates}>
        <Stack>
          <Card p={0}>
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('campaigns.templates.name')}</Table.Th>
                    <Table.Th w={140}>{t('campaigns.templates.kind')}</Table.Th>
                    <Table.Th>{t('campaigns.templates.blocks')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(templates.data?.items ?? []).map((item) => (
                    <Table.Tr key={item.key} data-testid="template-row" bg={item.key === chosen ? 'var(--mantine-primary-color-light)' : undefined}>
                      <Table.Td>
                        <Text fw={500}>
                          {item.name[language]}
                          {item.series !== null && (
                            <Text span size="xs" c="dimmed" ml={6}>
                              {t('campaigns.templates.seriesStep', { step: item.series.step, days: item.series.delayDays })}
                            </Text>
                          )}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {item.description[language]}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={item.kind === 'marketing' ? 'grape' : 'blue'} radius="sm">
                          {t(item.kind === 'marketing' ? 'campaigns.templates.marketing' : 'campaigns.templates.service')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {item.blocks.map((block) => (
                            <Badge key={block} variant="outline" color="gray" radius="sm" size="sm" tt="none">
                              {block}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="light" leftSection={<IconEye size={14} />} onClick={() => setChosen(item.key)} aria-label={t('campaigns.templates.previewOf', { name: item.name[language] })}>
                          {t('campaigns.templates.preview')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          {template !== undefined && <Preview key={template.key} template={template} />}
        </Stack>
      </QueryState>
    </>
  );
}
