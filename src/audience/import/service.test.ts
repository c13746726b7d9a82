import { readFileSync } from 'node:fs';
import { type KyselyPlugin, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../core/auth/model.ts';
import { createTestClock, type TestClock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson } from '../../core/db/json.ts';
import { newId } from '../../core/ids.ts';
import { insertTestHouse } from '../../core/testing/app.ts';
import { createTestDatabase, testEngine } from '../../core/testing/database.ts';
import { insertConsent, insertContact } from '../testing.ts';
import type { ContactColumns } from './model.ts';
import { createContactImportService, type ContactImportService } from './service.ts';

const fixture = (name: string) => ({ name, bytes: readFileSync(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url)) });
const text = (name: string, content: string) => ({ name, bytes: new TextEncoder().encode(content) });

describe('importing contacts', () => {
  let database: Database;
  let clock: TestClock;
  let imports: ContactImportService;
  let scope: Scope;

  beforeEach(async () => {
    database = await createTestDatabase();
    clock = createTestClock('2026-09-01T08:00:00.000Z');
    imports = createContactImportService({ database, clock, limits: { importMaxBytes: 1024 * 1024 } });
    const house = await insertTestHouse({ database });
    scope = { houseId: house.id, unitId: null };
  });
  afterEach(async () => {
    await database.close();
  });

  const run = (file: { name: string; bytes: Uint8Array }, options: { dryRun?: boolean; unitId?: string; source?: string; columns?: ContactColumns } = {}, as: Scope = scope) =>
    imports.runImport(as, { file, actor: 'staff:tester', ...options });

  const contacts = () =>
    database.db
      .selectFrom('contact')
      .select(['id', 'email', 'email_normalised', 'name', 'phone', 'language', 'postal_code', 'birth_year', 'interests', 'source'])
      .where('house_id', '=', scope.houseId)
      .orderBy('email_normalised')
      .execute();
  const contactByEmail = async (email: string) => (await contacts()).find((c) => c.email_normalised === email);
  const consentsOf = (contactId: string) =>
    database.db
      .selectFrom('consent')
      .select(['purpose', 'status', 'legal_basis', 'source', 'text_version', 'granted_at', 'expires_at', 'proof'])
      .where('contact_id', '=', contactId)
      .orderBy('purpose')
      .execute();
  const bookings = () =>
    database.db.selectFrom('interaction').select(['contact_id', 'kind', 'source', 'ref', 'occurred_at', 'unit_id']).where('house_id', '=', scope.houseId).orderBy('ref').execute();
  const audit = () => database.db.selectFrom('audit_entry').select(['action', 'actor', 'contact_id', 'details']).where('house_id', '=', scope.houseId).execute();
  async function countAll() {
    const tables = ['contact', 'consent', 'interaction', 'contact_unit', 'audit_entry'] as const;
    const result: Record<string, number> = {};
    for (const table of tables) {
      const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      result[table] = Number(row.n);
    }
    return result;
  }
  async function insertUnit(slug: string) {
    const id = newId();
    const now = clock.now().toISOString();
    await database.db
      .insertInto('unit')
      .values({ id, house_id: scope.houseId, slug, name_de: slug, name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  describe('a pretix order export', () => {
    it('makes one contact per person with their bookings and a ticketing consent by contract, and skips rows without a lawful basis', async () => {
      const { runId, report } = await run(fixture('pretix-orders.csv'));
      expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      expect(report.skipped).toEqual([
        { where: 'row 5', reason: 'no lawful basis: the order is cancelled; no consent column says yes' },
        { where: 'row 6', reason: 'no lawful basis: the order of 2024-05-03 is older than the ticketing period of 24 months; no consent column says yes' },
        { where: 'row 7', reason: 'the e-mail address in column "Email" is not valid' },
      ]);
      expect(report.details).toMatchObject({ dryRun: false, rows: 7, bookings: { created: 4, unchanged: 0 }, consents: { granted: 3, renewed: 0, unchanged: 0 }, ticketingOnly: 4 });
      expect(report.warnings).toContainEqual({
        message: 'the file has no consent column (such as Newsletter or Einwilligung): 4 row(s) with an order were imported for ticketing only, without marketing consent',
      });

      const all = await contacts();
      expect(all.map((c) => c.email_normalised)).toEqual(['anna.schmidt@example.org', 'ben.okafor@example.com', 'emil.yilmaz@example.org']);
      expect(all[0]).toMatchObject({ email: 'anna.schmidt@example.org', name: 'Anna Schmidt', phone: '+49301234567', language: 'de', postal_code: '10969', source: 'import' });
      expect(all[1]).toMatchObject({ name: 'Ben Okafor', language: 'en', postal_code: 'E1 6AN' });
      expect(all[2]).toMatchObject({ name: null, language: 'de' });

      const anna = all[0]?.id ?? '';
      // The latest order counts: 20 August 2026, 10:05:44 in Berlin, plus 24 months.
      expect(await consentsOf(anna)).toEqual([
        {
          purpose: 'ticketing',
          status: 'granted',
          legal_basis: 'contract',
          source: 'import',
          text_version: 'import',
          granted_at: '2026-08-20T08:05:44.000Z',
          expires_at: '2028-08-20T08:05:44.000Z',
          proof: expect.any(String),
        },
      ]);
      const consent = (await consentsOf(anna))[0];
      expect(fromJson(consent?.proof ?? null, {})).toEqual({ importRunId: runId, importRow: 3, note: 'order stadttheater-2026-L3NQA' });

      expect((await bookings()).filter((b) => b.contact_id === anna)).toEqual([
        { contact_id: anna, kind: 'booking', source: 'import', ref: 'stadttheater-2026-L3NQA', occurred_at: '2026-08-20T08:05:44.000Z', unit_id: null },
        { contact_id: anna, kind: 'booking', source: 'import', ref: 'stadttheater-2026-Q8ZKX', occurred_at: '2026-08-14T17:32:10.000Z', unit_id: null },
      ]);

      const entries = await audit();
      expect(entries.filter((e) => e.action === 'contact.imported')).toHaveLength(3);
      expect(entries.filter((e) => e.action === 'consent.granted')).toHaveLength(3);
      expect(entries.every((e) => e.actor === 'staff:tester')).toBe(true);
      const imported = entries.find((e) => e.action === 'contact.imported' && e.contact_id === anna);
      expect(fromJson(imported?.details ?? null, {})).toMatchObject({ importRunId: runId, created: true, rows: [2, 3], bookings: 2 });
    });

    it('reads the German export the same way, and finds the English one of the same orders unchanged', async () => {
      const german = await run(fixture('pretix-orders-de.csv'));
      expect(german.report).toMatchObject({ created: 3, updated: 0, unchanged: 0, details: { bookings: { created: 4 } } });
      expect(german.report.skipped.map((s) => s.where)).toEqual(['row 5', 'row 6', 'row 7']);
      expect((await contactByEmail('ben.okafor@example.com'))?.name).toBe('Ben Okafor');

      const english = await run(fixture('pretix-orders.csv'));
      expect(english.report).toMatchObject({ created: 0, updated: 0, unchanged: 3, details: { bookings: { created: 0, unchanged: 4 }, consents: { granted: 0, unchanged: 3 } } });
      expect(await bookings()).toHaveLength(4);
    });

    it('imports a person with an order and no marketing consent for ticketing only, and reports the row', async () => {
      const file = text(
        'box-office.csv',
        [
          'E-Mail;Name;Newsletter;Bestellnummer;Bestelldatum',
          'a@example.org;A;nein;A1;2026-08-01',
          'b@example.org;B;;B1;2026-08-02',
          'b@example.org;B;ja;;',
          'c@example.org;C;ja;C1;2026-08-03',
        ].join('\n'),
      );
      const { report } = await run(file);
      expect(report).toMatchObject({ created: 3, skipped: [], details: { ticketingOnly: 1, bookings: { created: 3 } } });
      expect(report.warnings).toContainEqual({ where: 'row 2', message: 'no marketing consent; imported for ticketing only' });
      const a = await contactByEmail('a@example.org');
      expect((await consentsOf(a?.id ?? '')).map((c) => [c.purpose, c.legal_basis])).toEqual([['ticketing', 'contract']]);
      const b = await contactByEmail('b@example.org');
      expect((await consentsOf(b?.id ?? '')).map((c) => c.purpose)).toEqual(['newsletter', 'ticketing']);
    });

    it('records the box office as the source when asked', async () => {
      await run(fixture('pretix-orders.csv'), { source: 'box_office' });
      const anna = await contactByEmail('anna.schmidt@example.org');
      expect(anna?.source).toBe('box_office');
      expect((await consentsOf(anna?.id ?? ''))[0]?.source).toBe('box_office');
      await expect(run(fixture('pretix-orders.csv'), { source: 'website' })).rejects.toMatchObject({ code: 'validation' });
    });
  });

  describe('a newsletter tool export', () => {
    it('grants each purpose whose column says yes, from the date in the file, and skips rows without consent', async () => {
      const { runId, report } = await run(fixture('newsletter-de.csv'));
      expect(report).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      expect(report.skipped).toEqual([
        {
          where: 'row 4',
          reason: 'no lawful basis: the consent in "Newsletter-Einwilligung" of 2023-01-05 expired on 2025-01-05; no order',
        },
        { where: 'row 6', reason: 'the e-mail address in column "E-Mail-Adresse" is not valid' },
        { where: 'row 7', reason: 'no lawful basis: no consent column says yes and no order' },
      ]);
      expect(report.details.consents).toEqual({ granted: 5, renewed: 0, unchanged: 0 });

      const erika = await contactByEmail('erika.mustermann@example.org');
      // Newsletter and recommendations justify name, year of birth and interests; phone and postcode need post or ticketing.
      expect(erika).toMatchObject({ name: 'Erika Mustermann', birth_year: 1968, language: 'de', phone: null, postal_code: null });
      expect(fromJson(erika?.interests ?? null, [])).toEqual(['opera', 'reading']);
      const erikaConsents = await consentsOf(erika?.id ?? '');
      expect(erikaConsents.map((c) => [c.purpose, c.legal_basis, c.granted_at, c.expires_at])).toEqual([
        ['newsletter', 'consent', '2026-03-11T23:00:00.000Z', '2028-03-11T23:00:00.000Z'],
        ['recommendations', 'consent', '2026-03-11T23:00:00.000Z', '2028-03-11T23:00:00.000Z'],
      ]);
      expect(fromJson(erikaConsents[0]?.proof ?? null, {})).toEqual({ importRunId: runId, importRow: 3, note: 'Newsletter-Einwilligung' });

      // No date: the consent counts from the import. Post and phone justify phone and postcode.
      const lea = await contactByEmail('lea.fischer@example.com');
      expect(lea).toMatchObject({ phone: '0221 555123', postal_code: '50667' });
      expect(fromJson(lea?.interests ?? null, [])).toEqual(['contemporary_dance']);
      expect((await consentsOf(lea?.id ?? '')).map((c) => [c.purpose, c.granted_at, c.expires_at])).toEqual([
        ['newsletter', '2026-09-01T08:00:00.000Z', '2028-09-01T08:00:00.000Z'],
        ['post_phone', '2026-09-01T08:00:00.000Z', '2028-09-01T08:00:00.000Z'],
      ]);

      const sofia = await contactByEmail('sofia.rossi@example.org');
      expect(sofia).toMatchObject({ birth_year: null, language: null });

      expect(report.warnings).toEqual(
        expect.arrayContaining([
          { where: 'row 2', message: 'column "Geburtsdatum": only the year of birth is kept, never the date (Foyer needs no more for age bands)' },
          { where: 'row 5', message: 'interest "Poetry-Slam-Abende" is not a genre Foyer knows: left out' },
          { where: 'row 9', message: 'language "it" is not one Foyer writes in (de, en): left out' },
          { where: 'row 3', message: 'phone number left out: none of the person\'s purposes needs it (post and phone or ticketing would)' },
          { where: 'row 3', message: "postcode left out: none of the person's purposes needs it (post and phone or ticketing or behavioural analysis would)" },
          { where: 'row 9', message: expect.stringMatching(/^year of birth left out/) },
          { where: 'row 4', message: 'column "Newsletter-Einwilligung": the consent expired before the import (after 24 months): not imported' },
        ]),
      );
    });

    it('reads a Windows-1252 file and says so', async () => {
      const { report } = await run(fixture('newsletter-cp1252.csv'));
      expect(report.created).toBe(2);
      expect(report.warnings[0]).toEqual({ message: 'the file is not valid UTF-8: it was read as Windows-1252 (Western European); check umlauts and the euro sign' });
      expect((await contacts()).map((c) => c.name)).toEqual(['Jürgen Müller', 'Zoë Brontë']);
      const zoe = await contactByEmail('zoe.bronte@example.org');
      expect((await consentsOf(zoe?.id ?? ''))[0]?.granted_at).toBe('2026-08-14T22:00:00.000Z');
    });

    it('reads an English export with a date and time in its opt-in column', async () => {
      const { report } = await run(fixture('newsletter-en.csv'));
      expect(report).toMatchObject({ created: 1, skipped: [{ where: 'row 3', reason: 'no lawful basis: no consent column says yes and no order' }] });
      const olivia = await contactByEmail('olivia.hart@example.co.uk');
      expect(olivia).toMatchObject({ name: 'Olivia Hart', language: 'en', birth_year: 1985 });
      expect(fromJson(olivia?.interests ?? null, [])).toEqual(['opera', 'jazz']);
      expect((await consentsOf(olivia?.id ?? '')).map((c) => [c.purpose, c.granted_at])).toEqual([
        ['newsletter', '2026-05-02T16:04:11.000Z'],
        ['recommendations', '2026-05-02T16:04:11.000Z'],
      ]);
      expect(report.warnings).toContainEqual({ where: 'row 2', message: 'interest "Stand-up" is not a genre Foyer knows: left out' });
    });

    it('takes an explicit column mapping over the header names it knows', async () => {
      const columns = { email: 'Mail', name: 'Wer', consentDate: 'Seit', consent: { newsletter: 'NL' } };
      const { report } = await run(fixture('custom-columns.csv'), { columns });
      expect(report).toMatchObject({ created: 1, skipped: [{ where: 'row 3', reason: 'no lawful basis: no consent column says yes and no order' }] });
      expect(report.warnings).toContainEqual({ where: 'row 1', message: 'columns not imported: "Notiz"' });
      const hanna = await contactByEmail('hanna.koch@example.org');
      expect(hanna?.name).toBe('Hanna Koch');
      expect((await consentsOf(hanna?.id ?? '')).map((c) => [c.purpose, c.granted_at])).toEqual([['newsletter', '2026-05-31T22:00:00.000Z']]);

      await expect(run(fixture('custom-columns.csv'), { columns: { email: 'Mail', consent: { newsletter: 'Abo' } } })).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('columns.consent.newsletter: the file has no column "Abo"'),
      });
    });
  });

  describe('importing again and existing contacts', () => {
    it('changes nothing when the same file is imported again', async () => {
      await run(fixture('newsletter-de.csv'));
      await run(fixture('pretix-orders.csv'));
      const before = await countAll();
      clock.advance(3 * 86_400_000);
      const again = await run(fixture('newsletter-de.csv'));
      expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 3, details: { consents: { granted: 0, renewed: 0, unchanged: 5 } } });
      const pretix = await run(fixture('pretix-orders.csv'));
      expect(pretix.report).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
      expect(await countAll()).toEqual(before);
    });

    it('fills only empty fields of an existing contact and never overwrites what is there', async () => {
      const id = await insertContact(database.db, scope.houseId, { email: 'Anna.Schmidt@example.org', name: 'Dr. Anna Schmidt', phone: null, postalCode: null, language: null });
      const { report } = await run(fixture('pretix-orders.csv'));
      expect(report).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
      expect(await contactByEmail('anna.schmidt@example.org')).toMatchObject({
        id,
        email: 'Anna.Schmidt@example.org',
        name: 'Dr. Anna Schmidt',
        phone: '+49301234567',
        postal_code: '10969',
        language: 'de',
        source: 'staff',
      });
      const imported = (await audit()).find((e) => e.action === 'contact.imported' && e.contact_id === id);
      expect(fromJson(imported?.details ?? null, {})).toMatchObject({ created: false, fields: ['phone', 'language', 'postalCode'] });
    });

    it('does not revoke a consent because an old export says no, and warns', async () => {
      const id = await insertContact(database.db, scope.houseId, { email: 'paul.becker@example.org' });
      await insertConsent(database.db, scope.houseId, id, 'newsletter', { grantedAt: '2026-02-01T10:00:00.000Z', expiresAt: '2028-02-01T10:00:00.000Z' });
      const { report } = await run(fixture('newsletter-de.csv'));
      expect(report.warnings).toContainEqual({
        where: 'row 7',
        message:
          'column "Newsletter-Einwilligung" says no, but the person has a valid newsletter consent in Foyer: kept (an export is no revocation; revoke it on the contact page or in the preference centre)',
      });
      expect((await consentsOf(id)).map((c) => c.status)).toEqual(['granted']);
    });

    it('never gives back a consent the person revoked in Foyer', async () => {
      const id = await insertContact(database.db, scope.houseId, { email: 'hanna.koch@example.org' });
      await insertConsent(database.db, scope.houseId, id, 'newsletter', { status: 'revoked', revokedAt: '2026-07-01T10:00:00.000Z' });
      const { report } = await run(fixture('custom-columns.csv'), { columns: { email: 'Mail', consentDate: 'Seit', consent: { newsletter: 'NL' } } });
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      expect(report.skipped[0]).toEqual({
        where: 'row 2',
        reason: 'no lawful basis: the person revoked the newsletter consent in Foyer on 2026-07-01: an import does not give it back',
      });
      expect((await consentsOf(id)).map((c) => c.status)).toEqual(['revoked']);
    });

    it('renews a consent only with a later date than the one Foyer has', async () => {
      const id = await insertContact(database.db, scope.houseId, { email: 'hanna.koch@example.org' });
      await insertConsent(database.db, scope.houseId, id, 'newsletter', { grantedAt: '2026-01-10T10:00:00.000Z', expiresAt: '2028-01-10T10:00:00.000Z' });
      const columns = { email: 'Mail', consentDate: 'Seit', consent: { newsletter: 'NL' } };
      const first = await run(fixture('custom-columns.csv'), { columns });
      expect(first.report).toMatchObject({ updated: 1, details: { consents: { renewed: 1 } } });
      expect((await consentsOf(id))[0]).toMatchObject({ granted_at: '2026-05-31T22:00:00.000Z', expires_at: '2028-05-31T22:00:00.000Z', source: 'import' });
      const older = text('older.csv', 'Mail;NL;Seit\nhanna.koch@example.org;ja;2026-03-01\n');
      const second = await run(older, { columns });
      expect(second.report).toMatchObject({ updated: 0, unchanged: 1, details: { consents: { renewed: 0, unchanged: 1 } } });
    });

    it('grants a pending double opt-in and spends its link', async () => {
      const id = await insertContact(database.db, scope.houseId, { email: 'hanna.koch@example.org' });
      await insertConsent(database.db, scope.houseId, id, 'newsletter', { status: 'pending' });
      await database.db.updateTable('consent').set({ confirmation_token_hash: 'abc' }).where('contact_id', '=', id).execute();
      await run(fixture('custom-columns.csv'), { columns: { email: 'Mail', consentDate: 'Seit', consent: { newsletter: 'NL' } } });
      const row = await database.db.selectFrom('consent').select(['status', 'confirmation_token_hash', 'token_spent_at']).where('contact_id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'granted', confirmation_token_hash: null, token_spent_at: '2026-09-01T08:00:00.000Z' });
    });
  });

  describe('dry runs, broken files and units', () => {
    it('writes nothing on a dry run and reports exactly what the real run does', async () => {
      await run(fixture('pretix-orders.csv'));
      const before = await countAll();
      const dry = await run(fixture('newsletter-de.csv'), { dryRun: true });
      expect(await countAll()).toEqual(before);
      const real = await run(fixture('newsletter-de.csv'));
      expect({ ...dry.report, details: { ...dry.report.details, dryRun: false } }).toEqual(real.report);
      const runs = await database.db.selectFrom('contact_import_run').select(['dry_run', 'status']).orderBy('started_at').orderBy('id').execute();
      expect(runs).toEqual([
        { dry_run: 0, status: 'ok' },
        { dry_run: 1, status: 'ok' },
        { dry_run: 0, status: 'ok' },
      ]);
    });

    it('refuses a file it cannot read as a whole, writes nothing and records the failed run', async () => {
      const workbook = { name: 'contacts.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]) };
      await expect(run(workbook)).rejects.toMatchObject({ code: 'unreadable_input', message: expect.stringContaining('Excel workbook') });
      await expect(run(text('names.csv', 'Vorname;Nachname\nErika;Mustermann\n'))).rejects.toMatchObject({
        code: 'unreadable_input',
        message: expect.stringContaining('no header row with an e-mail column'),
      });
      await expect(run(text('empty.csv', '\n\n'))).rejects.toMatchObject({ code: 'unreadable_input' });
      expect(await countAll()).toEqual({ contact: 0, consent: 0, interaction: 0, contact_unit: 0, audit_entry: 0 });
      const runs = await database.db.selectFrom('contact_import_run').select(['status', 'report']).execute();
      expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
      expect(fromJson(runs[0]?.report ?? null, {})).toMatchObject({ error: { code: 'unreadable_input' } });
    });

    it('rolls everything back when a write fails half way', async () => {
      // A trigger stands in for any failure after the contacts and consents are written.
      if (testEngine === 'sqlite') {
        await sql`create trigger no_bookings before insert on interaction begin select raise(abort, 'boom'); end`.execute(database.db);
      } else {
        await sql`create function boom() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(database.db);
        await sql`create trigger no_bookings before insert on interaction for each row execute function boom()`.execute(database.db);
      }
      await expect(run(fixture('pretix-orders.csv'))).rejects.toThrow('boom');
      expect(await countAll()).toEqual({ contact: 0, consent: 0, interaction: 0, contact_unit: 0, audit_entry: 0 });
    });

    it('links the imported contacts to the unit, and unit staff import only into their own unit', async () => {
      const school = await insertUnit('schule');
      const youth = await insertUnit('junges-haus');
      const known = await insertContact(database.db, scope.houseId, { email: 'ben.okafor@example.com' });
      const staff: Scope = { houseId: scope.houseId, unitId: school };
      await expect(run(fixture('pretix-orders.csv'), { unitId: youth }, staff)).rejects.toMatchObject({ code: 'forbidden' });

      const { report } = await run(fixture('pretix-orders.csv'), {}, staff);
      expect(report).toMatchObject({ created: 2, updated: 1, details: { unitMemberships: 3 } });
      const members = await database.db.selectFrom('contact_unit').select(['contact_id', 'unit_id']).where('house_id', '=', scope.houseId).execute();
      expect(members).toHaveLength(3);
      expect(members.every((m) => m.unit_id === school)).toBe(true);
      expect(members.map((m) => m.contact_id)).toContain(known);
      expect((await bookings()).every((b) => b.unit_id === school)).toBe(true);

      const again = await run(fixture('pretix-orders.csv'), {}, staff);
      expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 3, details: { unitMemberships: 0 } });
      await expect(run(fixture('pretix-orders.csv'), { unitId: newId() })).rejects.toMatchObject({ code: 'validation' });
    });

    it('refuses a file over the import limit', async () => {
      const small = createContactImportService({ database, clock, limits: { importMaxBytes: 100 } });
      await expect(small.runImport(scope, { file: fixture('pretix-orders.csv'), actor: 'staff:tester' })).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('FOYER_IMPORT_MAX_MB'),
      });
    });

    it('imports 5,000 rows in one transaction with a bounded number of statements', async () => {
      const lines = ['E-Mail;Vorname;Nachname;Newsletter;Einwilligung am;Bestellnummer;Bestelldatum'];
      for (let i = 0; i < 5000; i += 1) lines.push(`person${i}@example.org;Vorname${i};Nachname${i};ja;2026-0${(i % 8) + 1}-15;ORD${i};2026-08-${String((i % 28) + 1).padStart(2, '0')}`);
      let statements = 0;
      const counting: KyselyPlugin = {
        transformQuery: (args) => {
          statements += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const counted = createContactImportService({ database: { ...database, db: database.db.withPlugin(counting) }, clock, limits: { importMaxBytes: 1024 * 1024 } });
      const { report } = await counted.runImport(scope, { file: text('big.csv', lines.join('\n')), actor: 'staff:tester' });
      // Chunks of 500: a few dozen statements for reading and writing 5,000 rows, not thousands.
      expect(statements).toBeLessThan(100);
      expect(report).toMatchObject({ created: 5000, skipped: [], details: { bookings: { created: 5000 }, consents: { granted: 10_000 } } });
      expect(await countAll()).toEqual({ contact: 5000, consent: 10_000, interaction: 5000, contact_unit: 0, audit_entry: 15_000 });
      const again = await run(text('big.csv', lines.join('\n')));
      expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 5000 });
    });
  });
});
