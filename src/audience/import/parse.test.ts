import { describe, expect, it } from 'vitest';
import type { ContactColumns } from './model.ts';
import { parseContactCsv, readContactFile } from './parse.ts';
import { readBirthDateYear, readConsentCell, readEmail, readInterests, readLanguage } from './values.ts';

const now = new Date('2026-09-01T08:00:00.000Z');
const parse = (text: string, columns?: ContactColumns) => parseContactCsv(text, { timeZone: 'Europe/Berlin', now, ...(columns === undefined ? {} : { columns }) });

describe('reading contact files', () => {
  it.each([
    ['E-Mail;Vorname;Nachname;Telefon;Sprache;PLZ;Geburtsjahr', 'erika@example.org;Erika;Mustermann;030 1;de;10115;1968'],
    ['Email,First name,Last name,Phone,Language,Postcode,Year of birth', 'erika@example.org,Erika,Mustermann,030 1,de,10115,1968'],
    ['E-mail-Adresse\tName\tTelefonnummer\tLanguage\tZIP\tJahrgang', 'erika@example.org\tErika Mustermann\t030 1\tDeutsch\t10115\t1968'],
    ['"Email Address";"Full name";"Mobile";"Locale";"Postleitzahl";"Birth year"', '"erika@example.org";"Erika Mustermann";"030 1";"de-DE";"10115";"1968"'],
  ])('reads German and English headers: %s', (header, row) => {
    const parsed = parse(`${header}\n${row}\n`);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        email: 'erika@example.org',
        emailNormalised: 'erika@example.org',
        name: 'Erika Mustermann',
        phone: '030 1',
        language: 'de',
        postalCode: '10115',
        birthYear: 1968,
        interests: [],
        consents: [],
      },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it.each([
    ['Newsletter', 'newsletter'],
    ['Einwilligung Newsletter', 'newsletter'],
    ['Newsletter-Einwilligung', 'newsletter'],
    ['Opt-in', 'newsletter'],
    ['Marketing', 'newsletter'],
    ['Empfehlungen', 'recommendations'],
    ['Recommendations', 'recommendations'],
    ['Verhaltensanalyse', 'behavioural_analysis'],
    ['Post/Telefon', 'post_phone'],
    ['Post und Telefon', 'post_phone'],
  ])('knows the consent column %s', (header, purpose) => {
    const parsed = parse(`E-Mail;${header}\nerika@example.org;ja\n`);
    expect(parsed.hasConsentColumns).toBe(true);
    expect(parsed.rows[0]?.consents).toEqual([{ purpose, answer: 'yes', column: header }]);
  });

  it.each([
    ['ja', 'yes'],
    ['Ja', 'yes'],
    ['yes', 'yes'],
    ['1', 'yes'],
    ['x', 'yes'],
    ['X', 'yes'],
    ['true', 'yes'],
    ['TRUE', 'yes'],
    ['nein', 'no'],
    ['no', 'no'],
    ['0', 'no'],
    ['false', 'no'],
  ])('reads the consent value %s as %s', (value, answer) => {
    expect(readConsentCell(value, 'Europe/Berlin')).toEqual({ answer });
  });

  it('reads a date in a consent cell as a yes on that date, and an empty cell as no answer', () => {
    expect(readConsentCell('2026-05-02 18:04:11', 'Europe/Berlin')).toEqual({ answer: 'yes', at: '2026-05-02T16:04:11.000Z' });
    expect(readConsentCell('', 'Europe/Berlin')).toBeUndefined();
    expect(readConsentCell('vielleicht', 'Europe/Berlin')).toBe('invalid');
  });

  it('takes the consent date column as the time of consent, in the house zone', () => {
    const parsed = parse('E-Mail;Newsletter;Empfehlungen;Einwilligung am\nerika@example.org;ja;nein;12.03.2026\n');
    expect(parsed.rows[0]?.consents).toEqual([
      { purpose: 'newsletter', answer: 'yes', column: 'Newsletter', grantedAt: '2026-03-11T23:00:00.000Z' },
      { purpose: 'recommendations', answer: 'no', column: 'Empfehlungen' },
    ]);
  });

  it('reads a date in the future as the time of the import, and says so', () => {
    const parsed = parse('E-Mail;Newsletter;Opt-in date\nerika@example.org;yes;2027-01-01\n');
    expect(parsed.rows[0]?.consents[0]?.grantedAt).toBeUndefined();
    expect(parsed.warnings).toEqual([{ where: 'row 2', message: 'column "Opt-in date": a date in the future is read as the time of the import' }]);
  });

  it('warns once for values many rows share, listing the rows', () => {
    const rows = ['E-Mail;Newsletter;Interessen', ...Array.from({ length: 25 }, (_, i) => `p${i}@example.org;vielleicht;Gala`)];
    const parsed = parse(rows.join('\n'));
    expect(parsed.warnings).toEqual([
      { where: 'row 2', message: expect.stringMatching(/^interest "Gala" is not a genre Foyer knows: left out \(25 rows/) },
      { where: 'row 2', message: expect.stringMatching(/^column "Newsletter": "vielleicht" is neither yes nor no, read as no answer \(25 rows: 2, 3, .*, 21, and 5 more\)$/) },
    ]);
  });

  it('keeps only the year of a date of birth, and says so', () => {
    const parsed = parse('E-Mail;Geburtsdatum\nerika@example.org;14.03.1968\nmax@example.org;1990-07-01\n');
    expect(parsed.rows.map((row) => row.birthYear)).toEqual([1968, 1990]);
    expect(parsed.warnings).toEqual([{ where: 'row 1', message: 'column "Geburtsdatum": only the year of birth is kept, never the date (Foyer needs no more for age bands)' }]);
    expect(readBirthDateYear('31.02.1990', now)).toBe('invalid');
    expect(readBirthDateYear('1800', now)).toBe('invalid');
  });

  it('maps interests to genre codes through their words, singular or plural', () => {
    expect(readInterests('Oper, Lesungen; Konzerte / Jazz')).toEqual({ codes: ['opera', 'reading', 'orchestral', 'jazz'], unknown: [] });
    expect(readInterests('Theater, Gala-Abende')).toEqual({ codes: ['drama'], unknown: ['Gala-Abende'] });
  });

  it.each([
    ['erika@example.org', 'erika@example.org'],
    ['  Erika@Example.ORG ', 'Erika@Example.ORG'],
    ['Erika Mustermann <erika@example.org>', 'erika@example.org'],
    ['mailto:erika@example.org', 'erika@example.org'],
    ['erika.example.org', 'invalid'],
    ['erika@example', 'invalid'],
    ['erika@@example.org', 'invalid'],
    ['erika@example..org', 'invalid'],
    ['erika @example.org', 'invalid'],
    ['a@b.org, c@d.org', 'invalid'],
  ])('reads the address %j as %j', (cell, expected) => {
    expect(readEmail(cell)).toBe(expected);
  });

  it.each([
    ['de', 'de'],
    ['de-informal', 'de'],
    ['de_AT', 'de'],
    ['Englisch', 'en'],
    ['en-GB', 'en'],
    ['fr', 'invalid'],
  ])('reads the language %s as %s', (cell, expected) => {
    expect(readLanguage(cell)).toBe(expected);
  });

  it('skips rows without a valid address with the line, and names no address in the report', () => {
    const parsed = parse('E-Mail;Name;Newsletter\n;Erika;ja\nerika(at)example.org;Erika;ja\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.skipped).toEqual([
      { where: 'row 2', reason: 'has no e-mail address' },
      { where: 'row 3', reason: 'the e-mail address in column "E-Mail" is not valid' },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('erika(at)');
  });

  it('reads the positions sheet of a pretix export: attendee name when there is no invoice name', () => {
    const header = '"Event slug","Order code","Position ID","Status","Email","Phone number","Order date","Order time","Product","Attendee name","Attendee email"';
    const parsed = parse(`${header}\n"herbst","AB12C",1,"paid","buyer@example.org","","2026-08-01","12:00:00","Parkett","Jo Lee","jo@example.org"\n`);
    expect(parsed.rows[0]).toMatchObject({ email: 'buyer@example.org', name: 'Jo Lee', order: { ref: 'herbst-AB12C', at: '2026-08-01T10:00:00.000Z', cancelled: false } });
    expect(parsed.warnings[0]?.message).toBe('columns not imported: "Position ID", "Product", "Attendee email"');
  });

  it('finds the header below title lines and honours an explicit mapping', () => {
    const parsed = parse('Abonnenten\nStand: August\nMail;Wer;NL\nerika@example.org;Erika;J\n', { email: 'Mail', name: 'Wer', consent: { newsletter: 'NL' } });
    expect(parsed.rows[0]).toMatchObject({ line: 4, name: 'Erika', consents: [{ purpose: 'newsletter', answer: 'yes', column: 'NL' }] });
  });

  it('reads a subscriber list without a yes/no column when its opt-in time is mapped as the consent', () => {
    const mailchimp = 'Email Address,First Name,Last Name,OPTIN_TIME,CONFIRM_TIME\nerika@example.org,Erika,Mustermann,2026-05-02 18:04:11,2026-05-02 18:05:40\n';
    expect(parse(mailchimp).rows[0]?.consents).toEqual([]);
    const parsed = parse(mailchimp, { consent: { newsletter: 'OPTIN_TIME' } });
    expect(parsed.rows[0]?.consents).toEqual([{ purpose: 'newsletter', answer: 'yes', column: 'OPTIN_TIME', grantedAt: '2026-05-02T16:04:11.000Z' }]);
  });

  it('refuses what is no CSV file at all', () => {
    expect(() => readContactFile(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), { timeZone: 'Europe/Berlin', now })).toThrow(/PDF/);
    expect(() => parse('Vorname;Nachname\nErika;Mustermann\n')).toThrow(/no header row with an e-mail column/);
    expect(() => parse('E-Mail;Name\nerika@example.org;Erika\n', { email: 'E-Mail', consent: { newsletter: 'NL' } })).toThrow(/columns.consent.newsletter: the file has no column "NL"/);
  });
});
