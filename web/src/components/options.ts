/* Choices the browser already knows: time zones, currencies, languages. */

function supported(kind: 'timeZone' | 'currency'): string[] {
  try {
    return Intl.supportedValuesOf(kind);
  } catch {
    return [];
  }
}

export function timeZoneOptions(): string[] {
  const zones = supported('timeZone');
  return zones.length > 0 ? zones : ['Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich', 'Europe/London', 'UTC'];
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'Europe/Berlin';
  }
}

const commonCurrencies = ['EUR', 'CHF', 'GBP', 'USD', 'DKK', 'SEK', 'NOK', 'PLN', 'CZK', 'HUF'];

export function currencyOptions(): string[] {
  const all = supported('currency');
  return [...commonCurrencies, ...all.filter((code) => !commonCurrencies.includes(code))];
}

/** ISO 639-1 codes of the languages a performance is most often given in, for the picker. */
export const performanceLanguageCodes = ['de', 'en', 'fr', 'it', 'es', 'ru', 'pl', 'tr', 'ar', 'uk', 'cs', 'nl', 'la'];

export function languageName(code: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
