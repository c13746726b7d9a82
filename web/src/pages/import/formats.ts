/** The import formats a person can choose; 'auto' detects from content type, file name and content. */
export const formatOptions = (t: (key: string) => string) => [
  { value: 'auto', label: t('formats.auto') },
  { value: 'ics', label: t('formats.ics') },
  { value: 'jsonld', label: t('formats.jsonld') },
  { value: 'csv', label: t('formats.csv') },
];
