import dayjs from 'dayjs';
import 'dayjs/locale/de';
import 'dayjs/locale/en-gb';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import isoWeek from 'dayjs/plugin/isoWeek';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);
dayjs.extend(customParseFormat);

export const languages = ['de', 'en'] as const;
export type UiLanguage = (typeof languages)[number];

const STORAGE_KEY = 'foyer.language';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return value === 'de' || value === 'en';
}

/** Before anyone logs in: what this browser chose last, else its own language, else German. */
function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isUiLanguage(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'de';
}

/** The locale for Intl formatting and dayjs: German dates, and British English (day before month, 24 h). */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'de-DE';
}

/** The dayjs locale to the same end: British English, so that week and date order match localeOf. */
export function dayjsLocaleOf(language: string): string {
  return language === 'en' ? 'en-gb' : 'de';
}

export function applyLanguage(language: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, language);
  dayjs.locale(dayjsLocaleOf(language));
  document.documentElement.lang = language;
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

const first = initialLanguage();

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: first,
  fallbackLng: 'de',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLanguage(first);

export default i18n;
