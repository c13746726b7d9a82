import { DomainError, isDomainError } from '../errors.ts';

/* The file an import is given, whichever way it came in (an upload, a download, the CLI). */

/** A size for people: '50 MB', '1.5 MB', '12 kB' (limits below a megabyte are set in tests and small installs). */
export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (mb >= 0.1) return `${Math.round(mb * 10) / 10} MB`;
  return `${Math.max(Math.round((bytes / 1024) * 10) / 10, 0.1)} kB`;
}

/** The refusal of a file over the import limit, naming both sizes and the setting that raises it. */
export function tooLarge(name: string, size: number, maxBytes: number): DomainError {
  const message = `${name} is ${megabytes(size)}, more than the import limit of ${megabytes(maxBytes)} (FOYER_IMPORT_MAX_MB)`;
  return new DomainError('validation', `file: ${message}`, [{ field: 'file', message }]);
}

/**
 * One limit for every way in: the HTTP upload and the download stop at it already, but
 * a file handed in by the CLI, a job or a test does not pass through either.
 */
export function checkImportSize(file: { name: string; bytes: Uint8Array }, maxBytes: number): void {
  if (file.bytes.length > maxBytes) throw tooLarge(file.name, file.bytes.length, maxBytes);
}

/** A reader that stumbles on a file has still met a file it cannot read: a 422 naming the problem, not a 500. */
export function readOrRefuse<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isDomainError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('unreadable_input', `${name} could not be read: ${reason}`, [{ field: 'file', message: reason }]);
  }
}
