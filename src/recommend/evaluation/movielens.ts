import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import type { Interaction, Item } from '../types.ts';
import { itemOf } from './items.ts';
import type { EvaluationData } from './split.ts';

/*
 * The MovieLens 100k format, read from files a user points us at (we never ship or
 * download them): u.data "user item rating timestamp" tab-separated, u.item pipe-separated
 * with the 19 genre flags last, u.genre optional (the genre names). Parsing is pure (text
 * in, data out); only readMovieLens touches the disk. A film is an item, a rating an
 * 'attended' interaction with the rating as weight; in the test set a rating of 4 or 5
 * counts as relevant (the usual reading: 3 is "fine", not a film one would recommend).
 */

/** The genre order of MovieLens 100k, used when u.genre is absent. */
export const movieLensGenres = ['unknown', 'action', 'adventure', 'animation', "children's", 'comedy', 'crime', 'documentary', 'drama', 'fantasy', 'film-noir', 'horror', 'musical', 'mystery', 'romance', 'sci-fi', 'thriller', 'war', 'western'];

export const relevantRating = 4;

function unreadable(file: string, line: number, message: string): DomainError {
  return new DomainError('unreadable_input', `${file} line ${line}: ${message}`, [{ field: file, message: `line ${line}: ${message}` }]);
}

function lines(text: string): [number, string][] {
  return text
    .split(/\r?\n/)
    .map((line, i): [number, string] => [i + 1, line])
    .filter(([, line]) => line.trim() !== '');
}

/** u.genre: "name|index" per line. */
export function parseGenres(text: string, file = 'u.genre'): string[] {
  const names: string[] = [];
  for (const [number, line] of lines(text)) {
    const [name, index] = line.split('|');
    const at = Number(index);
    if (name === undefined || name === '' || !Number.isInteger(at) || at < 0) throw unreadable(file, number, 'expected "genre|index"');
    names[at] = name.trim().toLowerCase();
  }
  return names;
}

/** u.item: id|title|release date|video release date|IMDb URL|19 genre flags. */
export function parseItems(text: string, genreNames: readonly string[] = movieLensGenres, file = 'u.item'): Item[] {
  return lines(text).map(([number, line]) => {
    const fields = line.split('|');
    if (fields.length < 5 + genreNames.length) throw unreadable(file, number, `expected ${5 + genreNames.length} fields separated by |, found ${fields.length}`);
    const [id, title = ''] = fields;
    if (id === undefined || !/^\d+$/.test(id)) throw unreadable(file, number, `the item id "${id ?? ''}" is not a number`);
    const flags = fields.slice(fields.length - genreNames.length);
    if (flags.some((flag) => flag !== '0' && flag !== '1')) throw unreadable(file, number, 'genre flags must be 0 or 1');
    const released = Date.parse(fields[2] ?? '');
    return itemOf({
      id,
      genres: genreNames.filter((_, i) => flags[i] === '1'),
      // Film genres have no Foyer families, even where a name matches a stage genre (drama, comedy, musical).
      families: [],
      // The title is the only text MovieLens has; it still links sequels and remakes.
      text: { de: title, en: title },
      title: { de: title, en: title },
      createdAt: Number.isNaN(released) ? 0 : released,
    });
  });
}

/** u.data: user, item, rating 1 to 5, Unix seconds, tab-separated. */
export function parseRatings(text: string, file = 'u.data'): Interaction[] {
  return lines(text).map(([number, line]) => {
    const fields = line.split('\t');
    if (fields.length !== 4) throw unreadable(file, number, `expected 4 tab-separated fields (user item rating timestamp), found ${fields.length}`);
    const [userId, itemId, rating, seconds] = fields as [string, string, string, string];
    const weight = Number(rating);
    const at = Number(seconds);
    if (!/^\d+$/.test(userId) || !/^\d+$/.test(itemId)) throw unreadable(file, number, 'user and item must be numbers');
    if (!Number.isInteger(weight) || weight < 1 || weight > 5) throw unreadable(file, number, `the rating "${rating}" is not 1 to 5`);
    if (!Number.isFinite(at) || seconds.trim() === '') throw unreadable(file, number, `the timestamp "${seconds}" is not a number`);
    return { userId, itemId, kind: 'attended', at: at * 1000, weight };
  });
}

export interface MovieLensText {
  data: string;
  item: string;
  genre?: string;
}

/** The evaluation data of a MovieLens set: every film is a candidate (a catalogue, not a season). */
export function movieLensData(text: MovieLensText): EvaluationData {
  const items = parseItems(text.item, text.genre === undefined ? movieLensGenres : parseGenres(text.genre));
  const interactions = parseRatings(text.data).sort((a, b) => a.at - b.at);
  const known = new Set(items.map((item) => item.id));
  const stray = interactions.find((i) => !known.has(i.itemId));
  if (stray !== undefined) throw new DomainError('unreadable_input', `u.data: item ${stray.itemId} is not in u.item`);
  return {
    data: { items, interactions, declared: new Map(), now: interactions.at(-1)?.at ?? 0 },
    isRelevant: (interaction) => interaction.weight >= relevantRating,
  };
}

/** Reads u.data, u.item and (if there) u.genre from a directory; u.user is not needed. */
export function readMovieLens(directory: string): EvaluationData {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new DomainError('not_found', `the MovieLens directory ${directory} does not exist`);
  const read = (name: string) => {
    const path = join(directory, name);
    if (!existsSync(path)) throw new DomainError('not_found', `${path} is missing (MovieLens 100k needs u.data and u.item)`);
    // The 100k files are Latin-1 (accented titles); reading them as UTF-8 would garble them.
    return readFileSync(path, 'latin1');
  };
  const genrePath = join(directory, 'u.genre');
  const text: MovieLensText = { data: read('u.data'), item: read('u.item'), ...(existsSync(genrePath) ? { genre: read('u.genre') } : {}) };
  try {
    return movieLensData(text);
  } catch (error) {
    // Name the file with its directory so the user knows which copy is broken.
    if (error instanceof DomainError) throw new DomainError(error.code, `${directory}/${error.message}`, error.details);
    throw error;
  }
}
