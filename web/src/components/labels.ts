import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useVocabulary } from '../api/queries.ts';
import type { GenreTerm, Term, Text, Title } from '../api/types.ts';

/* Labels of vocabulary codes and bilingual texts in the language of the interface. */

export function useLabels() {
  const { i18n } = useTranslation();
  const vocabulary = useVocabulary();
  const english = i18n.language === 'en';
  return useMemo(() => {
    const data = vocabulary.data;
    const byCode = (terms: Term[] | undefined) => new Map((terms ?? []).map((term) => [term.code, term]));
    const genres = new Map<string, GenreTerm>((data?.genres ?? []).map((g) => [g.code, g]));
    const audiences = byCode(data?.audiences);
    const accessibility = byCode(data?.accessibility);
    const statuses = byCode(data?.performanceStatuses);
    const label = (term: Term | undefined, code: string) => (term === undefined ? code : english ? term.en : term.de);
    const options = (terms: Term[] | undefined) => (terms ?? []).map((term) => ({ value: term.code, label: english ? term.en : term.de }));
    return {
      vocabulary: data,
      genre: (code: string) => label(genres.get(code), code),
      genreFamily: (code: string) => genres.get(code)?.family ?? 'other',
      audience: (code: string) => label(audiences.get(code), code),
      accessibility: (code: string) => label(accessibility.get(code), code),
      status: (code: string) => label(statuses.get(code), code),
      genreOptions: options(data?.genres),
      audienceOptions: options(data?.audiences),
      accessibilityOptions: options(data?.accessibility),
      statusOptions: options(data?.performanceStatuses),
      /** The title in the interface language, falling back to German (always present). */
      title: (title: Title | null | undefined) => (title == null ? '' : english ? (title.en ?? title.de) : title.de),
      text: (text: Text | null | undefined) => (text == null ? '' : english ? (text.en ?? text.de ?? '') : (text.de ?? text.en ?? '')),
    };
  }, [vocabulary.data, english]);
}

export type Labels = ReturnType<typeof useLabels>;
