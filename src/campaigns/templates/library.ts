import { readFileSync } from 'node:fs';
import { type LibraryEntry, library } from './library/manifest.ts';
import { type TemplateLanguage, templateLanguages, type TemplateSource } from './model.ts';

/* The ready templates: the manifest with their bodies read from the .mjml files once. */

export type { LibraryEntry } from './library/manifest.ts';

const bodies = new Map<string, string>();

function bodyOf(key: string, language: TemplateLanguage): string {
  const name = `${key}.${language}`;
  let body = bodies.get(name);
  if (body === undefined) {
    body = readFileSync(new URL(`./library/${name}.mjml`, import.meta.url), 'utf8');
    bodies.set(name, body);
  }
  return body;
}

export function libraryEntries(): readonly LibraryEntry[] {
  return library;
}

export function libraryEntry(key: string): LibraryEntry | undefined {
  return library.find((entry) => entry.key === key);
}

export function librarySource(entry: LibraryEntry, language: TemplateLanguage): TemplateSource {
  return {
    key: entry.key,
    kind: entry.kind,
    language,
    subject: entry.subject[language],
    preheader: entry.preheader[language],
    body: bodyOf(entry.key, language),
  };
}

export const libraryLanguages = templateLanguages;
