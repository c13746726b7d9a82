/*
 * Contact search folding, pure. Contacts keep no folded search column (the importer,
 * erasure and merge would all have to keep it right), so the store folds name and
 * e-mail in SQL with the same letter table this file applies to the query: replace()
 * and ASCII lower() behave alike on SQLite and PostgreSQL, while neither engine's
 * lower() folds non-ASCII capitals everywhere, hence the capitals in the table.
 */

/** Applied in this order after lower(): umlauts and common accents to the bare letter, German digraphs too. */
export const searchFolds: readonly (readonly [string, string])[] = [
  ['ä', 'a'], ['Ä', 'a'], ['ö', 'o'], ['Ö', 'o'], ['ü', 'u'], ['Ü', 'u'], ['ß', 'ss'],
  ['é', 'e'], ['É', 'e'], ['è', 'e'], ['È', 'e'], ['ê', 'e'], ['ë', 'e'],
  ['á', 'a'], ['à', 'a'], ['â', 'a'], ['å', 'a'], ['ó', 'o'], ['ò', 'o'], ['ô', 'o'], ['ø', 'o'],
  ['í', 'i'], ['ì', 'i'], ['î', 'i'], ['ï', 'i'], ['ú', 'u'], ['ù', 'u'], ['û', 'u'],
  ['ç', 'c'], ['ñ', 'n'], ['š', 's'], ['Š', 's'], ['č', 'c'], ['Č', 'c'], ['ž', 'z'], ['Ž', 'z'], ['ł', 'l'], ['Ł', 'l'],
  // 'Mueller' finds 'Müller' and the other way round, as in the catalogue's search.
  ['ae', 'a'], ['oe', 'o'], ['ue', 'u'],
];

/** Folds like the SQL expression: ASCII lower-case, then the table. */
export function foldContactText(text: string): string {
  let folded = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  for (const [from, to] of searchFolds) folded = folded.replaceAll(from, to);
  return folded;
}

/** At most eight words; each must occur in the name or the e-mail address. */
export function contactSearchWords(query: string): string[] {
  return query
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 8)
    .map(foldContactText);
}

/** A LIKE pattern that matches the word literally anywhere ('_' in addresses is common). */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
