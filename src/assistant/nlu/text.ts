/*
 * The shapes of a visitor's words that every part of understanding reads: lower-cased,
 * with umlauts and ß folded to their ASCII spellings, because visitors type "Zauberfloete",
 * "Ermaessigung" and "Strasse" on keyboards without them, and both spellings must meet.
 */

const foldings: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', é: 'e', è: 'e', à: 'a', ç: 'c' };

/** Lower case, umlauts and ß folded, every run of non-letters and non-digits one space. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äöüßéèàç]/g, (c) => foldings[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded words of a text, digits kept. */
export function words(text: string): string[] {
  const folded = fold(text);
  return folded === '' ? [] : folded.split(' ');
}

/** Lower case and punctuation removed, for comparing messages with training phrases. */
export function comparable(text: string): string {
  return words(text).join(' ');
}
