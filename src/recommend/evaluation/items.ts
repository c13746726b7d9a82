import { genreByCode } from '../../catalogue/genres.ts';
import type { Item } from '../types.ts';

/*
 * Items for sources that know only part of what an Item holds (MovieLens, the simulator,
 * tests): every unknown field is empty or null, never invented (types.ts).
 */
export function itemOf(fields: Partial<Item> & Pick<Item, 'id'>): Item {
  const genres = fields.genres ?? [];
  return {
    genres,
    families: familiesOf(genres),
    tags: [],
    people: [],
    works: [],
    unitId: null,
    audience: null,
    hallId: null,
    language: null,
    ageMin: null,
    ageMax: null,
    accessibility: [],
    text: { de: '', en: '' },
    title: { de: fields.id, en: fields.id },
    createdAt: 0,
    ...fields,
  };
}

/** The families of the Foyer genre codes among `genres`; codes from elsewhere (MovieLens) have none. */
export function familiesOf(genres: readonly string[]): string[] {
  const families = new Set<string>();
  for (const code of genres) {
    const family = genreByCode(code)?.family;
    if (family !== undefined) families.add(family);
  }
  return [...families];
}
