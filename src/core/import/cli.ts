import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Config, loadConfig } from '../../config.ts';
import { type Clock, systemClock } from '../clock.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DomainError } from '../errors.ts';
import { tooLarge } from './files.ts';

/* What the import commands (`foyer import`, `foyer contacts import`) share on the terminal. */

/** How far an import is: the phase it is in, and done of total in that phase. */
export interface ImportProgress {
  phase: 'fetch' | 'parse' | 'write';
  done: number;
  total: number;
}

/** What an import command runs with; tests hand in their own. */
export interface CommandDeps {
  database: Database;
  clock: Clock;
  limits: { importMaxBytes: number };
  /** Where the report goes (stdout). */
  print(text: string): void;
  /** Where the progress bar goes: stderr when it is a terminal, otherwise nowhere. */
  progress: NodeJS.WriteStream | undefined;
}

/** A command's action: the configured database, migrated first and closed after, stdout and stderr. */
export async function withCommandDeps(run: (deps: CommandDeps & { limits: Config }) => Promise<unknown>): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database);
    await run({
      database,
      clock: systemClock,
      limits: config,
      print: (text) => process.stdout.write(`${text}\n`),
      progress: process.stderr.isTTY ? process.stderr : undefined,
    });
  } finally {
    await database.close();
  }
}

/** The size is looked at before the file is read: a 4 GB file is refused, not loaded into memory first. */
export async function readLocalFile(target: string, maxBytes: number): Promise<{ name: string; bytes: Uint8Array }> {
  const cannotRead = (error: unknown) => {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    return new DomainError('unreadable_input', `cannot read ${target}: ${reason}`);
  };
  let size: number;
  try {
    const info = await stat(target);
    if (!info.isFile()) throw new DomainError('unreadable_input', `cannot read ${target}: not a file`);
    size = info.size;
  } catch (error) {
    throw error instanceof DomainError ? error : cannotRead(error);
  }
  if (size > maxBytes) throw tooLarge(target, size, maxBytes);
  try {
    return { name: basename(target), bytes: await readFile(target) };
  } catch (error) {
    throw cannotRead(error);
  }
}

const phaseNames: Record<ImportProgress['phase'], string> = { fetch: 'fetching', parse: 'reading  ', write: 'writing  ' };

/** A bar per phase on the terminal; nothing at all when stderr is a pipe or a file. */
export function progressBar(stream: NodeJS.WriteStream | undefined) {
  if (stream === undefined) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ stream, format: '{phase} |{bar}| {value}/{total}', hideCursor: true, clearOnComplete: true }, undefined);
  let phase: ImportProgress['phase'] | undefined;
  return {
    update(progress: ImportProgress) {
      if (progress.phase !== phase) {
        if (phase !== undefined) bar.stop();
        phase = progress.phase;
        bar.start(Math.max(progress.total, 1), progress.done, { phase: phaseNames[progress.phase] });
      } else {
        bar.setTotal(Math.max(progress.total, 1));
        bar.update(progress.done);
      }
    },
    stop() {
      if (phase !== undefined) bar.stop();
    },
  };
}

/** Runs an import with a progress bar on `stream`, and takes the bar away however the import ends. */
export async function withProgressBar<T>(stream: NodeJS.WriteStream | undefined, run: (onProgress: (progress: ImportProgress) => void) => Promise<T>): Promise<T> {
  const bar = progressBar(stream);
  try {
    return await run((progress) => bar.update(progress));
  } finally {
    bar.stop();
  }
}
