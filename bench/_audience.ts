/*
 * What the audience benchmarks (retention, segment-count) share: their arguments, seeded
 * data, and a SQLite file built like a real house and then loaded in bulk. The leading
 * underscore keeps it out of bin/bench.js's list of benchmarks.
 */
import { loadavg } from 'node:os';
import SQLite from 'better-sqlite3';
import { createCatalogueService } from '../src/catalogue/service.ts';
import { openDatabase } from '../src/core/db/database.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { insertTestHouse } from '../src/core/testing/app.ts';

/** The value after `--name` on the command line. */
export function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** mulberry32: a small seeded generator, so that every build holds the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids shaped like UUIDs and sorted by their counter, as UUIDv7 sorts by time. */
export function benchId(tag: string, n: number): string {
  return `${tag}0000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The one-minute load average, for every line a benchmark prints. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] as number) * 100) / 100;
}

/**
 * A fresh SQLite file with the schema through the migrations and a house with the named
 * units, made through the services. The caller makes what else it wants made that way
 * (productions) and closes the database before the bulk load.
 */
export async function createBenchHouse(file: string, now: Date, unitNames: readonly string[]) {
  const database = await openDatabase({ engine: 'sqlite', url: file });
  await migrateToLatest(database);
  const { id: houseId } = await insertTestHouse({ database }, { slug: 'stadttheater-bench', name: 'Stadttheater Bench' });
  const catalogue = createCatalogueService({ database, clock: { now: () => now } });
  const units: string[] = [];
  for (const name of unitNames) units.push((await catalogue.createUnit({ houseId, unitId: null }, { name: { de: name } })).id);
  return { database, houseId, units, catalogue };
}

/**
 * The file opened for a bulk load: no journal, no syncing, a large cache, and the
 * secondary indexes of the audience tables dropped. `finish` makes the indexes again
 * (exactly as the migrations define them; no ANALYZE, Foyer never runs it), turns WAL
 * back on and closes the file; it answers how long the indexes took.
 */
export function openForBulkLoad(file: string): { raw: SQLite.Database; finish(): number } {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = off');
  raw.pragma('synchronous = off');
  raw.pragma('cache_size = -1000000');
  const indexes = raw
    .prepare("select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('contact', 'contact_unit', 'interaction', 'consent')")
    .all() as { name: string; sql: string }[];
  for (const index of indexes) raw.exec(`drop index ${index.name}`);
  return {
    raw,
    finish() {
      const started = performance.now();
      for (const index of indexes) raw.exec(index.sql);
      const ms = Math.round(performance.now() - started);
      raw.pragma('journal_mode = wal');
      raw.close();
      return ms;
    },
  };
}
