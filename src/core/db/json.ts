/**
 * Lists and objects are stored as JSON text on both engines, so one query layer serves
 * SQLite and PostgreSQL alike. Reading a column that is not valid JSON is a bug in
 * Foyer, not bad input, hence the plain Error.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}
