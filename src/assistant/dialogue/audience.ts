import type { Audience } from '../../catalogue/genres.ts';
import type { AudienceWord } from '../nlu/types.ts';

/*
 * Understanding's audience words (what a visitor says: "family", "school") against the
 * catalogue's audiences (what a production is for: 'families', 'schools'), by which the
 * programme and the recommendations filter. This is the one place the two meet: a word
 * passed straight through finds nothing in the catalogue and fails the recommender's
 * validation.
 */

export interface CatalogueAudience {
  /** The catalogue audience to filter by. */
  audience?: Audience;
  /** A genre that stands in where the catalogue has no audience for the word. */
  genre?: string;
}

const byWord: Record<AudienceWord, CatalogueAudience> = {
  children: { audience: 'children' },
  family: { audience: 'families' },
  school: { audience: 'schools' },
  adults: { audience: 'adults' },
  // The catalogue has no youth audience: a house marks its productions for young people
  // with the genre youth_theatre (Jugendtheater), whatever audience it gave them. That
  // genre is the nearest the catalogue says; filtering by an audience would be a guess.
  youth: { genre: 'youth_theatre' },
};

function isAudienceWord(word: string): word is AudienceWord {
  return Object.hasOwn(byWord, word);
}

/** What the catalogue and the recommender take for an understood (or remembered) audience word; nothing for none or an unknown one. */
export function catalogueAudienceOf(word: string | undefined): CatalogueAudience {
  return word !== undefined && isAudienceWord(word) ? byWord[word] : {};
}
