/**
 * Recognises constraint violations from either engine, so that services can answer a
 * taken slug or a still-referenced row with a 409 instead of a 500.
 */
export type ConstraintKind = 'unique' | 'foreign_key';

export function constraintViolation(error: unknown): ConstraintKind | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = String(error.code);
  // better-sqlite3 reports extended result codes; pg reports SQLSTATE.
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') return 'unique';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return 'foreign_key';
  // SQLite reports ON DELETE RESTRICT through its trigger mechanism.
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' && error instanceof Error && error.message.includes('FOREIGN KEY')) return 'foreign_key';
  return null;
}
