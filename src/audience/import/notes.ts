import type { Warning } from './model.ts';

/** How many line numbers one warning lists before it only counts the rest. */
const LISTED_ROWS = 20;

/**
 * Warnings that many rows share ("interest 'Gala' is not a genre", "no marketing
 * consent; imported for ticketing only") become one warning with the count and the rows,
 * so that a file of 50,000 rows gives a report a person can read.
 */
export class RowNotes {
  private readonly notes = new Map<string, { message: string; lines: number[] }>();

  add(key: string, line: number, message: string): void {
    const note = this.notes.get(key);
    if (note === undefined) this.notes.set(key, { message, lines: [line] });
    else if (note.lines[note.lines.length - 1] !== line) note.lines.push(line);
  }

  warnings(): Warning[] {
    return [...this.notes.values()].map(({ message, lines }) => {
      const where = `row ${lines[0] ?? 0}`;
      if (lines.length === 1) return { where, message };
      const listed = lines.slice(0, LISTED_ROWS).join(', ');
      const more = lines.length > LISTED_ROWS ? `, and ${lines.length - LISTED_ROWS} more` : '';
      return { where, message: `${message} (${lines.length} rows: ${listed}${more})` };
    });
  }
}
