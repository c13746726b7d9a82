import { Anchor, Badge, Button, Card, Fieldset, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { recommendWrites, useDiscoverySettings } from '../../api/recommend.ts';
import type { DiscoverySettings, DiscoverySettingsInput, PreviewMeasures, SettingsPreview } from '../../api/recommendTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { decimal, percent } from './discoveryFormat.ts';
import { RecommendationList } from './RecommendationList.tsx';

/*
 * The house's discovery share: how long every recommendation list is and how many of
 * its places go to discoveries. Before it is saved, the preview shows what the change
 * would do: the measures under the current and the proposed setting side by side, and
 * the lists of a few sample contacts with their discoveries marked.
 */

/* The server's bounds: at least one place always stays relevant. */
const MIN_LIST = 3;
const MAX_LIST = 20;
/* A few sample people are enough to see the change; the measures cover the whole sample. */
const SHOWN_SAMPLES = 4;

function Measures({ preview }: { preview: SettingsPreview }) {
  const { t, i18n } = useTranslation();
  const rows: { key: keyof PreviewMeasures; format: (value: number) => string }[] = [
    { key: 'outsideComfortShare', format: (value) => percent(value, i18n.language) },
    { key: 'coverage', format: (value) => percent(value, i18n.language) },
    { key: 'meanCalibrationKL', format: (value) => decimal(value, i18n.language) },
  ];
  return (
    <Table withTableBorder data-testid="preview-measures" captionSide="top">
      <Table.Caption>{t('discovery.settings.measuresCaption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('discovery.settings.measure')}</Table.Th>
          <Table.Th scope="col">{t('discovery.settings.current')}</Table.Th>
          <Table.Th scope="col">{t('discovery.settings.proposed')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key} data-measure={row.key}>
            <Table.Th scope="row" fw={500}>
              {t(`discovery.settings.measures.${row.key}`)}
              <Text size="xs" c="dimmed" fw={400}>
                {t(`discovery.settings.measuresHint.${row.key}`)}
              </Text>
            </Table.Th>
            <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{row.format(preview.current.measures[row.key])}</Table.Td>
            <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }} fw={600}>
              {row.format(preview.proposed.measures[row.key])}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Samples({ preview }: { preview: SettingsPreview }) {
  const { t } = useTranslation();
  if (preview.people.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('discovery.settings.noSamples')}
      </Text>
    );
  }
  const sides = ['current', 'proposed'] as const;
  return (
    <Stack gap="md" data-testid="preview-samples">
      {preview.people.slice(0, SHOWN_SAMPLES).map((sample, index) => {
        const label = t('discovery.settings.sample', { n: index + 1 });
        return (
          <Card key={sample.contactId} withBorder component="section" aria-label={label}>
            <Anchor component={Link} to={`/audience/contacts/${sample.contactId}`} fw={600} mb="xs" display="block">
              {label}
            </Anchor>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {sides.map((side) => (
                <Stack key={side} gap={4}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                    {t(`discovery.settings.${side}`)}
                  </Text>
                  <RecommendationList items={sample[side]} compact label={t('discovery.settings.listOf', { name: label, which: t(`discovery.settings.${side}`) })} />
                </Stack>
              ))}
            </SimpleGrid>
          </Card>
        );
      })}
      <Text size="xs" c="dimmed">
        {t('discovery.settings.sampleSize', { count: preview.sampleSize, shown: Math.min(SHOWN_SAMPLES, preview.people.length) })}
      </Text>
    </Stack>
  );
}

function SettingsForm({ settings }: { settings: DiscoverySettings }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const writable = can('house:manage');
  // The sample's lists are personal: the preview also needs the right to read the audience.
  const canPreview = writable && can('audience:read');
  const form = useForm<DiscoverySettingsInput>({
    initialValues: { listSize: settings.listSize, discoverySlots: settings.discoverySlots },
    validate: {
      listSize: (value) => (value >= MIN_LIST && value <= MAX_LIST ? null : t('discovery.settings.listSizeInvalid', { min: MIN_LIST, max: MAX_LIST })),
      discoverySlots: (value, values) => (value >= 0 && value < values.listSize ? null : t('discovery.settings.slotsInvalid', { max: Math.max(0, values.listSize - 1) })),
    },
  });
  const save = useFormRequest(form);
  const previewRequest = useFormRequest(form);
  const [preview, setPreview] = useState<{ for: DiscoverySettingsInput; result: SettingsPreview } | null>(null);
  const values = form.getValues();
  const stale = preview !== null && (preview.for.listSize !== values.listSize || preview.for.discoverySlots !== values.discoverySlots);

  const showPreview = () => {
    if (form.validate().hasErrors) return;
    const proposed = form.getValues();
    void previewRequest.run(async () => {
      const result = await recommendWrites.preview(proposed, i18n.language);
      setPreview({ for: proposed, result });
    });
  };
  const submit = form.onSubmit((values) =>
    save.run(async () => {
      const saved = await recommendWrites.saveSettings(values);
      client.setQueryData(['recommend-settings'], saved);
      const stored = { listSize: saved.listSize, discoverySlots: saved.discoverySlots };
      form.setValues(stored);
      form.resetDirty(stored);
      setPreview(null);
      await client.invalidateQueries({ queryKey: ['recommend-contact'] });
      notifications.show({ color: 'teal', message: t('discovery.settings.saved') });
    }),
  );

  const share = values.listSize > 0 ? values.discoverySlots / values.listSize : 0;
  return (
    <Stack gap="lg">
      <Card maw={720}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert {...save.alert} />
            <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
              <Stack>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NumberInput label={t('discovery.settings.listSize')} description={t('discovery.settings.listSizeHint')} min={MIN_LIST} max={MAX_LIST} allowDecimal={false} {...form.getInputProps('listSize')} />
                  <NumberInput
                    label={t('discovery.settings.discoverySlots')}
                    description={t('discovery.settings.discoverySlotsHint')}
                    min={0}
                    max={Math.max(0, values.listSize - 1)}
                    allowDecimal={false}
                    {...form.getInputProps('discoverySlots')}
                  />
                </SimpleGrid>
                <Group gap="xs">
                  <Badge variant="light" color="grape" radius="sm" size="lg" data-testid="discovery-share">
                    {percent(share, i18n.language)}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {t('discovery.settings.shareHint', { slots: values.discoverySlots, size: values.listSize })}
                  </Text>
                </Group>
              </Stack>
            </Fieldset>
            {writable ? (
              <Group>
                {canPreview && (
                  <Button variant="default" onClick={showPreview} loading={previewRequest.busy} leftSection={<IconEye size={16} />}>
                    {t('discovery.settings.preview')}
                  </Button>
                )}
                <Button type="submit" loading={save.busy} disabled={!form.isDirty()} leftSection={<IconDeviceFloppy size={16} />}>
                  {t('common.save')}
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('discovery.settings.houseOnly')}
              </Text>
            )}
          </Stack>
        </form>
      </Card>
      <ErrorAlert {...previewRequest.alert} />
      {preview !== null && (
        <Card component="section" aria-labelledby="discovery-preview-title" data-testid="discovery-preview">
          <Stack>
            <div>
              <Title order={3} size="h5" id="discovery-preview-title">
                {t('discovery.settings.previewTitle', {
                  current: t('discovery.settings.setting', { slots: preview.result.current.discoverySlots, size: preview.result.current.listSize }),
                  proposed: t('discovery.settings.setting', { slots: preview.for.discoverySlots, size: preview.for.listSize }),
                })}
              </Title>
              {stale && (
                <Text size="sm" c="orange.8" role="status">
                  {t('discovery.settings.previewStale')}
                </Text>
              )}
            </div>
            <Measures preview={preview.result} />
            <Title order={4} size="h6">
              {t('discovery.settings.samples')}
            </Title>
            <Samples preview={preview.result} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

export function DiscoverySettingsPage() {
  const { t } = useTranslation();
  const settings = useDiscoverySettings();
  return (
    <>
      <PageHeader title={t('discovery.settings.title')} description={t('discovery.settings.description')} />
      <QueryState query={settings}>{settings.data !== undefined && <SettingsForm settings={settings.data} />}</QueryState>
    </>
  );
}
