import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { genres } from '../../src/catalogue/genres.ts';
import { permissions, roles } from '../../src/core/auth/model.ts';

/*
 * The staff app is German first and English second: every text must exist in both, and
 * every key the code asks for must exist, or a person sees a raw key like
 * "import.skippedTitle" on screen.
 */

const root = new URL('../../web/src/', import.meta.url).pathname;
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [child, text] of flatten(value, path)) keys.set(child, text);
  }
  return keys;
}

const de = flatten(JSON.parse(readFileSync(join(root, 'i18n/de.json'), 'utf8')) as Tree);
const en = flatten(JSON.parse(readFileSync(join(root, 'i18n/en.json'), 'utf8')) as Tree);

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}
const code = sources(root).join('\n');

/** A key exists when it is there as is or with i18next's plural suffixes. */
function has(keys: Map<string, string>, key: string): boolean {
  return keys.has(key) || (keys.has(`${key}_one`) && keys.has(`${key}_other`));
}

describe('the texts of the staff app', () => {
  test('exist in German and in English, key for key', () => {
    expect([...de.keys()].filter((key) => !en.has(key))).toEqual([]);
    expect([...en.keys()].filter((key) => !de.has(key))).toEqual([]);
  });

  test('are never empty and keep their {{placeholders}} in both languages', () => {
    for (const [key, german] of de) {
      const english = en.get(key) ?? '';
      expect(german.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(english), key).toEqual(placeholders(german));
    }
  });

  test('cover every key the code asks for', () => {
    const used = new Set<string>();
    for (const match of code.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(match[1] ?? '');
    for (const match of code.matchAll(/label: '([a-z]+\.[a-zA-Z]+)'/g)) used.add(match[1] ?? '');
    expect(used.size).toBeGreaterThan(300);
    expect([...used].filter((key) => !has(de, key))).toEqual([]);
  });

  test('cover every code that is shown through a composed key', () => {
    const composed = [
      ...roles.map((role) => `roles.${role}`),
      ...roles.map((role) => `roleHints.${role}`),
      ...permissions.map((permission) => `permissions.${permission.replace(':', '_')}`),
      ...['staged', 'exhibition'].map((kind) => `kinds.${kind}`),
      ...['auto', 'ics', 'jsonld', 'csv'].map((format) => `formats.${format}`),
      ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => `weekdays.${day}`),
      ...[...new Set(genres.map((genre) => genre.family))].map((family) => `families.${family}`),
      ...['productions', 'performances', 'venues'].map((entity) => `import.entity.${entity}`),
      ...['de', 'en'].map((language) => `languages.${language}`),
    ];
    // Genre, audience, accessibility and status labels come from GET /api/vocabulary instead.
    expect(composed.filter((key) => !has(de, key))).toEqual([]);
  });
});
