import { Button, Checkbox, Group, PasswordInput, Select, SimpleGrid, Stack, Stepper, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { applyFieldErrors, ErrorAlert } from '../components/errors.tsx';
import { browserTimeZone, currencyOptions, timeZoneOptions } from '../components/options.ts';
import { Loading } from '../components/page.tsx';
import { useSessionQuery, useSetupNeeded, useStartSession } from '../session/session.tsx';

const PASSWORD_MIN = 10;

interface SetupValues {
  house: { name: string; timeZone: string; languages: string[]; defaultLanguage: string; currency: string; city: string };
  owner: { name: string; email: string; password: string; confirm: string; language: string };
}

/** The first visit to an empty installation: the house, then its owner. */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const session = useSessionQuery();
  const setup = useSetupNeeded(true);
  const startSession = useStartSession();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const form = useForm<SetupValues>({
    initialValues: {
      house: { name: '', timeZone: browserTimeZone() === 'UTC' ? 'Europe/Berlin' : browserTimeZone(), languages: ['de', 'en'], defaultLanguage: 'de', currency: 'EUR', city: '' },
      owner: { name: '', email: '', password: '', confirm: '', language: i18n.language === 'en' ? 'en' : 'de' },
    },
    validate: (values) => {
      if (step === 0) {
        return {
          'house.name': values.house.name.trim() === '' ? t('setup.nameRequired') : null,
          'house.timeZone': values.house.timeZone === '' ? t('setup.timeZoneRequired') : null,
          'house.languages': values.house.languages.length === 0 ? t('setup.languagesRequired') : null,
          'house.defaultLanguage': values.house.languages.includes(values.house.defaultLanguage) ? null : t('setup.defaultLanguageInvalid'),
          'house.currency': values.house.currency === '' ? t('setup.currencyRequired') : null,
        };
      }
      if (step === 1) {
        return {
          'owner.name': values.owner.name.trim() === '' ? t('setup.ownerNameRequired') : null,
          'owner.email': /^\S+@\S+\.\S+$/.test(values.owner.email.trim()) ? null : t('setup.emailInvalid'),
          'owner.password': values.owner.password.length < PASSWORD_MIN ? t('setup.passwordTooShort', { count: PASSWORD_MIN }) : null,
          'owner.confirm': values.owner.confirm !== values.owner.password ? t('setup.passwordsDiffer') : null,
        };
      }
      return {};
    },
  });

  if (session.data) return <Navigate to="/" replace />;
  if (setup.isPending) {
    return (
      <AuthLayout>
        <Loading />
      </AuthLayout>
    );
  }
  if (setup.data?.needed !== true) return <Navigate to="/login" replace />;

  const next = () => {
    if (!form.validate().hasErrors) setStep((current) => Math.min(current + 1, 2));
  };

  const submit = async () => {
    const { house, owner } = form.getValues();
    setBusy(true);
    setError(null);
    try {
      const started = await api.post<Session>('/api/setup', {
        house: {
          name: house.name.trim(),
          timeZone: house.timeZone,
          languages: house.languages,
          defaultLanguage: house.defaultLanguage,
          currency: house.currency,
          city: house.city.trim() === '' ? null : house.city.trim(),
        },
        owner: { name: owner.name.trim(), email: owner.email.trim(), password: owner.password, language: owner.language },
      });
      startSession(started);
      await navigate('/', { replace: true });
    } catch (caught) {
      setUnplaced(applyFieldErrors(form, caught));
      setError(caught);
      const fields = caught instanceof ApiError ? Object.keys(caught.fieldErrors()) : [];
      if (fields.some((field) => field.startsWith('house.'))) setStep(0);
      else if (fields.some((field) => field.startsWith('owner.'))) setStep(1);
    } finally {
      setBusy(false);
    }
  };

  const values = form.getValues();
  const languageLabel = (code: string) => t(`languages.${code}`);

  return (
    <AuthLayout width={720}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (step < 2) next();
          else void submit();
        }}
      >
      <Stack>
        <div>
          <Title order={2} size="h3">
            {t('setup.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('setup.intro')}
          </Text>
        </div>
        <ErrorAlert error={error} extra={unplaced} />
        <Stepper active={step} onStepClick={(target) => target < step && setStep(target)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t('setup.stepHouse')} description={t('setup.stepHouseHint')}>
            <Stack mt="md">
              <TextInput label={t('house.name')} placeholder={t('setup.namePlaceholder')} required {...form.getInputProps('house.name')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select label={t('house.timeZone')} data={timeZoneOptions()} searchable required {...form.getInputProps('house.timeZone')} />
                <Select label={t('house.currency')} data={currencyOptions()} searchable required {...form.getInputProps('house.currency')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Checkbox.Group label={t('house.languages')} required {...form.getInputProps('house.languages')}>
                  <Group mt={8}>
                    <Checkbox value="de" label={languageLabel('de')} />
                    <Checkbox value="en" label={languageLabel('en')} />
                  </Group>
                </Checkbox.Group>
                <Select
                  label={t('house.defaultLanguage')}
                  data={values.house.languages.map((code) => ({ value: code, label: languageLabel(code) }))}
                  allowDeselect={false}
                  {...form.getInputProps('house.defaultLanguage')}
                />
              </SimpleGrid>
              <TextInput label={t('house.city')} {...form.getInputProps('house.city')} />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('setup.stepOwner')} description={t('setup.stepOwnerHint')}>
            <Stack mt="md">
              <TextInput label={t('staff.name')} required autoComplete="name" {...form.getInputProps('owner.name')} />
              <TextInput label={t('staff.email')} type="email" required autoComplete="username" {...form.getInputProps('owner.email')} />
              <PasswordInput
                label={t('staff.password')}
                description={t('setup.passwordHint', { count: PASSWORD_MIN })}
                required
                autoComplete="new-password"
                {...form.getInputProps('owner.password')}
              />
              <PasswordInput label={t('setup.confirmPassword')} required autoComplete="new-password" {...form.getInputProps('owner.confirm')} />
              <Select
                label={t('staff.language')}
                data={[
                  { value: 'de', label: languageLabel('de') },
                  { value: 'en', label: languageLabel('en') },
                ]}
                allowDeselect={false}
                {...form.getInputProps('owner.language')}
              />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('setup.stepConfirm')} description={t('setup.stepConfirmHint')}>
            <Table mt="md" withRowBorders={false} verticalSpacing={6} highlightOnHover={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w="40%">{t('house.name')}</Table.Th>
                  <Table.Td>{values.house.name}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('house.timeZone')}</Table.Th>
                  <Table.Td>{values.house.timeZone}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('house.languages')}</Table.Th>
                  <Table.Td>{values.house.languages.map(languageLabel).join(', ')}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('house.currency')}</Table.Th>
                  <Table.Td>{values.house.currency}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>{t('setup.owner')}</Table.Th>
                  <Table.Td>
                    {values.owner.name} ({values.owner.email})
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Stepper.Step>
        </Stepper>
        <Group justify="space-between" mt="sm">
          <Button variant="default" onClick={() => setStep((current) => Math.max(current - 1, 0))} disabled={step === 0}>
            {t('common.back')}
          </Button>
          {step < 2 ? (
            <Button type="submit">{t('common.next')}</Button>
          ) : (
            <Button type="submit" loading={busy}>
              {t('setup.create')}
            </Button>
          )}
        </Group>
      </Stack>
      </form>
    </AuthLayout>
  );
}
