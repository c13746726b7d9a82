import { describe, expect, it } from 'vitest';
import { readMemberFile } from './member-file.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a static list file', () => {
  it('reads the e-mail column under a German header, with title lines and semicolons', () => {
    const file = readMemberFile(bytes('Premiere am 3. Oktober\n\nName;E-Mail-Adresse;Plätze\nAda;ada@example.org;2\nBert; Bert@Example.ORG ;1\nAda;ADA@example.org;1\n'));
    expect(file).toEqual({ addresses: [{ row: 4, email: 'ada@example.org' }, { row: 5, email: 'bert@example.org' }], invalid: [] });
  });

  it('reads commas, an English header and Windows-1252 text, and reports what is no address', () => {
    const latin1 = Uint8Array.from([...'Name,Email\nJ\xfcrgen,juergen@example.org\nNobody,\nBroken,broken.example.org\n'].map((c) => c.charCodeAt(0)));
    expect(readMemberFile(latin1)).toEqual({
      addresses: [{ row: 2, email: 'juergen@example.org' }],
      invalid: [
        { row: 3, value: '', reason: 'no e-mail address' },
        { row: 4, value: 'broken.example.org', reason: 'not an e-mail address' },
      ],
    });
  });

  it('refuses a file without an e-mail column, and a workbook', () => {
    expect(() => readMemberFile(bytes('Name;Telefon\nAda;123\n'))).toThrow(/no header row with an e-mail column/);
    expect(() => readMemberFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toThrow(/not a CSV file/);
  });
});
