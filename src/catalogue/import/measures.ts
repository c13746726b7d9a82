/*
 * Lengths and age ranges as sources write them, in iCalendar, JSON-LD and CSV alike.
 */

/** Whole minutes from ISO 8601 (PT2H30M, PT150M, P0DT2H) or from "150", "150 min", "2:30", "2 Std. 30 Min.", "2,5 h". */
export function durationMinutes(text: string | undefined): number | undefined {
  const value = text?.trim().toLowerCase();
  if (value === undefined || value.length === 0) return undefined;
  const number = (part: string | undefined) => (part === undefined ? 0 : Number(part.replace(',', '.')));
  let minutes: number | undefined;
  const iso = /^p(?:(\d+(?:[.,]\d+)?)d)?(?:t(?:(\d+(?:[.,]\d+)?)h)?(?:(\d+(?:[.,]\d+)?)m)?(?:(\d+(?:[.,]\d+)?)s)?)?$/.exec(value);
  const clock = /^(\d{1,2}):(\d{2})(?:\s*(?:h|std\.?|stunden))?$/.exec(value);
  const words = /^(?:(\d+(?:[.,]\d+)?)\s*(?:h|std\.?|stunden?|hours?|hrs?\.?))?\s*(?:(\d+)\s*(?:min\.?|minuten|minutes?|mins?\.?|m))?$/.exec(value);
  if (iso !== null && value !== 'p' && value !== 'pt') minutes = number(iso[1]) * 1440 + number(iso[2]) * 60 + number(iso[3]) + number(iso[4]) / 60;
  else if (clock !== null) minutes = number(clock[1]) * 60 + number(clock[2]);
  else if (/^\d+$/.test(value)) minutes = Number(value);
  else if (words !== null && (words[1] !== undefined || words[2] !== undefined)) minutes = number(words[1]) * 60 + number(words[2]);
  if (minutes === undefined) return undefined;
  const rounded = Math.round(minutes);
  return rounded > 0 ? rounded : undefined;
}

/** Age ranges: '6-12', '6–12', '14+', '14-', 'ab 6', 'ab 6 Jahren', '6 to 12 years', '6'. */
export function ageRange(text: string | undefined): { min?: number; max?: number } {
  const value = text?.trim();
  if (value === undefined || value.length === 0) return {};
  const range = /^(?:ab\s+|from\s+)?(\d{1,2})\s*(?:(?:-|–|bis|to)\s*(\d{1,3})?|\+)?\s*(?:jahren?|jahre|years?|j\.)?$/i.exec(value);
  if (range === null) return {};
  const min = Number(range[1]);
  const max = range[2] === undefined ? undefined : Number(range[2]);
  return max === undefined || max < min ? { min } : { min, max };
}
