/*
 * Hard constraints: an item that does not suit the people who would go is never shown,
 * however relevant. They apply before scoring, not as a penalty, because a family with a
 * four-year-old cannot use a recommendation for a show from six.
 */
import type { Item, Needs } from './types.ts';

/** Adults come along to children's and youth shows: an upper age bound is about the young ones. */
const adultAge = 18;

/** Languages in which the houses surtitle; the catalogue does not record the surtitle language. */
const surtitleLanguages = new Set(['de', 'en']);

export function suits(item: Item, needs: Needs | undefined): boolean {
  if (!needs) return true;
  for (const age of needs.ages ?? []) {
    if (item.ageMin !== null && age < item.ageMin) return false;
    if (item.ageMax !== null && age > item.ageMax && age < adultAge) return false;
  }
  const languages = needs.languages ?? [];
  if (languages.length > 0 && item.language !== null && item.language !== 'none' && !languages.includes(item.language)) {
    const surtitled = item.accessibility.includes('surtitles') && languages.some((l) => surtitleLanguages.has(l));
    if (!surtitled) return false;
  }
  for (const feature of needs.accessibility ?? []) if (!item.accessibility.includes(feature)) return false;
  return true;
}
