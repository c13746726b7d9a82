import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { ApiError, api, mayHaveSession, onUnauthenticated, rememberCsrfToken, request } from '../api/client.ts';
import type { Permission, Session, Staff } from '../api/types.ts';
import { applyLanguage, isUiLanguage, type UiLanguage } from '../i18n/index.ts';

/*
 * Who is logged in. The session is one TanStack Query entry (['session']); login, setup
 * and logout write it, and any 401 from the API clears it, which sends the app to login.
 */

export const sessionKey = ['session'] as const;

async function fetchSession(): Promise<Session | null> {
  if (!mayHaveSession()) return null;
  try {
    const session = await request<Session>('GET', '/api/auth/me', { quiet401: true });
    rememberCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export function useSessionQuery() {
  const client = useQueryClient();
  useEffect(
    () =>
      onUnauthenticated(() => {
        client.setQueryData(sessionKey, null);
      }),
    [client],
  );
  const query = useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000, retry: false });
  const language = query.data?.staff.language;
  useEffect(() => {
    if (isUiLanguage(language)) applyLanguage(language);
  }, [language]);
  return query;
}

export function useSetupNeeded(enabled: boolean) {
  return useQuery({
    queryKey: ['setup'],
    queryFn: () => api.get<{ needed: boolean }>('/api/setup'),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

/** Stores a fresh session (from login or setup) and switches to its language. */
export function useStartSession() {
  const client = useQueryClient();
  return useCallback(
    (session: Session) => {
      rememberCsrfToken(session.csrfToken);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      client.setQueryData(sessionKey, session);
      client.setQueryData(['setup'], { needed: false });
      if (isUiLanguage(session.staff.language)) applyLanguage(session.staff.language);
    },
    [client],
  );
}

interface SessionContextValue {
  session: Session;
  can: (permission: Permission) => boolean;
  setLanguage: (language: UiLanguage) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  const client = useQueryClient();

  const value = useMemo<SessionContextValue>(() => {
    const granted = new Set(session.permissions);
    return {
      session,
      can: (permission) => granted.has(permission),
      async setLanguage(language) {
        applyLanguage(language);
        const staff = await api.patch<Staff>('/api/auth/me', { language });
        client.setQueryData<Session | null>(sessionKey, (current) => (current ? { ...current, staff } : current));
      },
      async logout() {
        try {
          await api.post('/api/auth/logout');
        } finally {
          rememberCsrfToken(null);
          client.clear();
          client.setQueryData(sessionKey, null);
        }
      },
    };
  }, [session, client]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession() outside of a logged-in page');
  return value;
}
