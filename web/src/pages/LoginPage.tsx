import { Button, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { applyFieldErrors, ErrorAlert } from '../components/errors.tsx';
import { Loading } from '../components/page.tsx';
import { useSessionQuery, useSetupNeeded, useStartSession } from '../session/session.tsx';

/** Only paths inside the app: never an open redirect to another site. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSessionQuery();
  const setup = useSetupNeeded(session.data === null);
  const startSession = useStartSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (value.trim() === '' ? t('login.emailRequired') : null),
      password: (value) => (value === '' ? t('login.passwordRequired') : null),
    },
  });

  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;
  if (setup.data?.needed === true) return <Navigate to="/setup" replace />;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const started = await api.post<Session>('/api/auth/login', values);
      startSession(started);
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (caught) {
      applyFieldErrors(form, caught);
      setError(caught);
    } finally {
      setBusy(false);
    }
  });

  return (
    <AuthLayout>
      {session.isPending ? (
        <Loading />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2} size="h3">
              {t('login.title')}
            </Title>
            {error !== null && (
              <ErrorAlert
                error={error}
                title={error instanceof ApiError && error.status === 401 ? t('login.failed') : undefined}
              />
            )}
            <TextInput label={t('login.email')} type="email" autoComplete="username" required data-autofocus autoFocus {...form.getInputProps('email')} />
            <PasswordInput label={t('login.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={busy} fullWidth mt="xs">
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
