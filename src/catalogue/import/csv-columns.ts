import { normaliseHeader } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { csvFields, type CsvColumns, type CsvField } from './model.ts';

/*
 * Which column holds what: German and English header names as ticketing systems and
 * spreadsheets write them, or an explicit mapping ({ title: 'Stück' }) that wins.
 */

const synonyms: Record<CsvField, readonly string[]> = {
  id: ['id', 'veranstaltungs-id', 'veranstaltungsid', 'veranstaltungsnummer', 'event id', 'event-id', 'eventid', 'vorstellungs-id', 'vorstellungsid', 'vorstellungsnummer', 'termin-id', 'terminid', 'performance id', 'performance-id', 'show id'],
  productionId: ['produktions-id', 'produktionsid', 'production id', 'production-id', 'stück-id', 'werk-id'],
  title: ['titel', 'title', 'stück', 'stueck', 'veranstaltung', 'veranstaltungstitel', 'event', 'event name', 'name', 'produktion', 'production', 'werk', 'show'],
  subtitle: ['untertitel', 'subtitle'],
  date: ['datum', 'date', 'tag', 'spieltag', 'day', 'termin', 'aufführungsdatum', 'veranstaltungsdatum', 'event date', 'datum/uhrzeit', 'datum und uhrzeit', 'date/time', 'date and time', 'datetime', 'start date'],
  start: ['beginn', 'uhrzeit', 'start', 'time', 'zeit', 'startzeit', 'start time', 'anfang', 'von', 'einlass/beginn'],
  end: ['ende', 'end', 'endzeit', 'end time', 'bis'],
  venue: ['spielstätte', 'spielstaette', 'ort', 'spielort', 'veranstaltungsort', 'haus', 'venue', 'location', 'place'],
  hall: ['saal', 'hall', 'raum', 'room', 'bühne', 'buehne', 'stage'],
  price: ['preis', 'preise', 'ticketpreis', 'eintritt', 'eintrittspreis', 'price', 'prices', 'ticket price'],
  category: ['kategorie', 'kategorien', 'genre', 'genres', 'sparte', 'rubrik', 'category', 'categories', 'tags', 'schlagworte'],
  status: ['status', 'vorstellungsstatus', 'event status'],
  capacity: ['kapazität', 'kapazitaet', 'plätze', 'plaetze', 'sitzplätze', 'kontingent', 'capacity', 'seats'],
  description: ['beschreibung', 'text', 'info', 'infotext', 'kurztext', 'teaser', 'description', 'details'],
  url: ['link', 'url', 'ticketlink', 'ticket-link', 'ticket link', 'buchungslink', 'vorverkauf', 'tickets', 'webseite', 'booking url', 'booking link', 'website'],
  duration: ['dauer', 'spieldauer', 'länge', 'duration', 'length'],
  language: ['sprache', 'language'],
  age: ['alter', 'altersempfehlung', 'altersgruppe', 'age', 'age range'],
};

const byName = new Map<string, CsvField>();
for (const field of csvFields) for (const name of synonyms[field]) if (!byName.has(name)) byName.set(name, field);

export interface ColumnMap {
  /** Column index per field. */
  fields: Partial<Record<CsvField, number>>;
  /** Headers of columns that hold nothing Foyer imports. */
  unknown: string[];
}

/** How many cells of a row name a known column: a header row names at least two. */
export function headerScore(row: readonly string[], columns: CsvColumns | undefined): number {
  const explicit = new Set(Object.values(columns ?? {}).map((name) => normaliseHeader(name ?? '')));
  return row.filter((cell) => {
    const name = normaliseHeader(cell);
    return byName.has(name) || explicit.has(name);
  }).length;
}

export function mapColumns(header: readonly string[], columns: CsvColumns | undefined): ColumnMap {
  const names = header.map(normaliseHeader);
  const fields: Partial<Record<CsvField, number>> = {};
  const used = new Set<number>();
  for (const [field, wanted] of Object.entries(columns ?? {}) as [CsvField, string | undefined][]) {
    if (wanted === undefined) continue;
    if (!(csvFields as readonly string[]).includes(field)) {
      throw new DomainError('validation', `columns.${field}: unknown field (known: ${csvFields.join(', ')})`, [{ field: `columns.${field}`, message: 'unknown field' }]);
    }
    const index = names.indexOf(normaliseHeader(wanted));
    if (index < 0) {
      const message = `the file has no column "${wanted}" (its columns: ${header.filter((h) => h.trim() !== '').map((h) => `"${h.trim()}"`).join(', ')})`;
      throw new DomainError('validation', `columns.${field}: ${message}`, [{ field: `columns.${field}`, message }]);
    }
    fields[field] = index;
    used.add(index);
  }
  names.forEach((name, index) => {
    if (used.has(index)) return;
    const field = byName.get(name);
    if (field === undefined || fields[field] !== undefined) return;
    fields[field] = index;
    used.add(index);
  });
  const unknown = header.filter((name, index) => !used.has(index) && name.trim().length > 0).map((name) => name.trim());
  return { fields, unknown };
}
