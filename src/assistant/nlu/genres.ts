import { genres } from '../../catalogue/genres.ts';
import type { GenreForUnderstanding } from './types.ts';

/** The catalogue's genre vocabulary as understanding reads it: each code with its labels and words in both languages. */
export function catalogueGenres(): GenreForUnderstanding[] {
  return genres.map((genre) => ({ code: genre.code, names: [genre.de, genre.en, ...genre.words] }));
}
