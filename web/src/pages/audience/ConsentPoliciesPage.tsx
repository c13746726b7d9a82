import { Badge, Button, Card, Fieldset, Group, NumberInput, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useConsentPolicies } from '../../api/audience.ts';
import type { ConsentPolicy } from '../../api/audienceTypes.ts';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

/*
 * Per purpose: how many months a consent lasts and the words people agree to, in German
 * and English. A changed text gets a new text version; consents already given keep the
 * version their person saw.
 */

function PolicyForm({ policy }: { policy: ConsentPolicy }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const { can } = useSession();
  const writable = can('house:manage');
  const form = useForm({
    initialValues: { expiryMonths: policy.expiryMonths as number | string, textDe: policy.textDe, textEn: policy.textEn ?? '' },
    validate: {
      expiryMonths: (value) => (value === '' || Number(value) < 1 || Number(value) > 120 ? t('consentPolicies.monthsInvalid') : null),
      textDe: (value) => (value.trim() === '' ? t('consentPolicies.textRequired') : null),
    },
  });
  const request = useFormRequest(form);
  const submit = form.onSubmit(async (values) => {
    await request.run(async () => {
      const saved = await api.put<ConsentPolicy>(`/api/consent-policies/${policy.purpose}`, {
        expiryMonths: Number(values.expiryMonths),
        textDe: values.textDe.trim(),
        textEn: values.textEn.trim() === '' ? null : values.textEn.trim(),
      });
      client.setQueryData<ConsentPolicy[]>(['consent-policies'], (current) => current?.map((item) => (item.purpose === saved.purpose ? saved : item)));
      form.resetDirty({ expiryMonths: saved.expiryMonths, textDe: saved.textDe, textEn: saved.textEn ?? '' });
      notifications.show({ color: 'teal', message: t('consentPolicies.saved', { purpose: t(`purposes.${saved.purpose}`) }) });
    });
  });
  return (
    <Card data-testid={`policy-${policy.purpose}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group justify="space-between">
            <Title order={3} size="h5">
              {t(`purposes.${policy.purpose}`)}
            </Title>
            <Group gap="xs">
              <Badge size="sm" radius="sm" variant="light" color={policy.custom ? 'foyer' : 'gray'}>
                {policy.custom ? t('consentPolicies.custom') : t('consentPolicies.default')}
              </Badge>
              <Text size="xs" c="dimmed" ff="monospace" title={t('consentPolicies.versionHint')}>
                {t('consentPolicies.version', { version: policy.textVersion })}
              </Text>
            </Group>
          </Group>
          <ErrorAlert {...request.alert} />
          <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
            <Stack>
              <NumberInput
                label={t('consentPolicies.expiryMonths')}
                description={t('consentPolicies.expiryHint')}
                min={1}
                max={120}
                allowDecimal={false}
                suffix={` ${t('segments.monthsUnit')}`}
                maw={480}
                {...form.getInputProps('expiryMonths')}
              />
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Textarea label={t('consentPolicies.textDe')} required autosize minRows={3} maxLength={5000} {...form.getInputProps('textDe')} />
                <Textarea label={t('consentPolicies.textEn')} autosize minRows={3} maxLength={5000} {...form.getInputProps('textEn')} />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {policy.updatedAt !== null ? t('consentPolicies.updatedAt', { date: time.dateTime(policy.updatedAt) }) : t('consentPolicies.neverChanged')}
            </Text>
            {writable && (
              <Button type="submit" size="xs" loading={request.busy} leftSection={<IconDeviceFloppy size={14} />} disabled={!form.isDirty()}>
                {t('common.save')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function ConsentPoliciesPage() {
  const { t } = useTranslation();
  const policies = useConsentPolicies();
  return (
    <>
      <PageHeader title={t('consentPolicies.title')} description={t('consentPolicies.description')} />
      <QueryState query={policies}>
        <Stack gap="lg">
          {(policies.data ?? []).map((policy) => (
            <PolicyForm key={`${policy.purpose}-${policy.textVersion}-${policy.expiryMonths}`} policy={policy} />
          ))}
        </Stack>
      </QueryState>
    </>
  );
}
