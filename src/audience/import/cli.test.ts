import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { newId } from '../../core/ids.ts';
import { insertTestHouse } from '../../core/testing/app.ts';
import { createFoyerCommand, type FoyerCommand } from '../../core/testing/cli.ts';
import { createTestDatabase, testEngine } from '../../core/testing/database.ts';
import { type ContactImportCommandDeps, runContactImportCommand } from './cli.ts';

const fixturePath = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url));

describe('foyer contacts import', () => {
  let database: Database;
  let printed: string[];
  let deps: ContactImportCommandDeps;

  beforeEach(async () => {
    database = await createTestDatabase();
    printed = [];
    deps = {
      database,
      clock: createTestClock('2026-09-01T08:00:00.000Z'),
      limits: { importMaxBytes: 1024 * 1024 },
      print: (text) => printed.push(text),
      progress: undefined,
    };
  });
  afterEach(async () => {
    await database.close();
  });

  it('prints the report as JSON with exactly the keys of an import report', async () => {
    await insertTestHouse({ database }, { slug: 'stadttheater' });
    await runContactImportCommand(deps, fixturePath('pretix-orders.csv'), { json: true });
    const report = JSON.parse(printed[0] ?? '{}');
    expect(Object.keys(report)).toEqual(['created', 'updated', 'unchanged', 'skipped', 'warnings', 'details']);
    expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0, details: { dryRun: false } });
  });

  it('imports for a unit by its slug, with a mapping and a source, and refuses a unit the house lacks', async () => {
    const house = await insertTestHouse({ database }, { slug: 'stadttheater' });
    const now = new Date().toISOString();
    const unitId = newId();
    await database.db
      .insertInto('unit')
      .values({ id: unitId, house_id: house.id, slug: 'schule', name_de: 'Schule', name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
      .execute();
    await expect(runContactImportCommand(deps, fixturePath('custom-columns.csv'), { unit: 'oper' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(runContactImportCommand(deps, fixturePath('custom-columns.csv'), { columns: '{"email":' })).rejects.toMatchObject({ code: 'validation' });
    const report = await runContactImportCommand(deps, fixturePath('custom-columns.csv'), {
      unit: 'schule',
      source: 'box_office',
      columns: '{"email":"Mail","consent":{"newsletter":"NL"}}',
    });
    expect(report).toMatchObject({ created: 1, details: { unitMemberships: 1 } });
    expect(printed[0]).toContain('Imported');
    expect(printed[0]).toMatch(/contacts\s+1 created, 0 updated, 0 unchanged, 1 row\(s\) skipped/);
    const contact = await database.db.selectFrom('contact').select('source').executeTakeFirstOrThrow();
    expect(contact.source).toBe('box_office');
    const audit = await database.db.selectFrom('audit_entry').select('actor').execute();
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(['system:cli']));
  });
});

// The command as a person runs it: a real process on a SQLite file.
describe.runIf(testEngine === 'sqlite')('the foyer contacts import command', () => {
  let command: FoyerCommand;

  beforeEach(async () => {
    command = await createFoyerCommand('foyer-contacts-bin-');
  });
  afterEach(() => command.remove());

  const foyer = (...args: string[]) => command.run('contacts', 'import', ...args);

  it('explains itself with --help', () => {
    const help = foyer('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('--source <source>');
    expect(help.stdout).toContain('lawful basis');
  });

  it('prints the JSON report, writes nothing on --dry-run, and finds a second import unchanged', () => {
    const file = join(command.folder, 'pretix.csv');
    copyFileSync(fixturePath('pretix-orders.csv'), file);
    const dry = foyer(file, '--json', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(Object.keys(report)).toEqual(['created', 'updated', 'unchanged', 'skipped', 'warnings', 'details']);
    expect(report).toMatchObject({ created: 3, details: { dryRun: true } });

    const real = foyer(file);
    expect(real.status).toBe(0);
    expect(real.stdout).toMatch(/^Imported .*pretix\.csv into /);
    expect(real.stdout).toContain('skipped (3):');
    expect(real.stdout).toContain('row 5: no lawful basis: the order is cancelled');

    const again = JSON.parse(foyer(file, '--json').stdout);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('exits non-zero naming the problem when the file cannot be read', () => {
    const result = foyer(join(command.folder, 'missing.csv'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('missing.csv: no such file');
    expect(result.stdout).toBe('');
  });
});
