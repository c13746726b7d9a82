/* Numbers of the discovery measures in the language of the interface. */

export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'de-DE';
}

/** A share 0..1 as a percentage, or a dash where there is nothing to measure. */
export function percent(value: number | null | undefined, language: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(localeOf(language), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function decimal(value: number | null | undefined, language: string, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(localeOf(language), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function whole(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}
