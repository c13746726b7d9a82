import { DatesProvider } from '@mantine/dates';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dayjsLocaleOf } from './index.ts';

/*
 * Mantine's pickers name months and weekdays in the locale of their DatesProvider
 * ('en' without one), not dayjs's global locale, so the provider follows the UI
 * language; useTranslation renders again on every language switch.
 */
export function DatesLocale({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <DatesProvider settings={{ locale: dayjsLocaleOf(i18n.language) }}>{children}</DatesProvider>;
}
