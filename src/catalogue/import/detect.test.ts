import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, detectFormat, readBatch, repairFoldedUtf8 } from './detect.ts';
import type { ParseOptions } from './model.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/import/${name}`, import.meta.url));
const options: ParseOptions = { timeZone: 'Europe/Berlin', language: 'de', now: new Date('2026-09-01T00:00:00Z') };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('format detection', () => {
  it.each([
    ['theatre-feed.ics', 'ics'],
    ['theatre-programme.html', 'jsonld'],
    ['season.json', 'jsonld'],
    ['festival.jsonld', 'jsonld'],
    ['ticketing-de.csv', 'csv'],
    ['export-tab.tsv', 'csv'],
  ] as const)('recognises %s by its content', (name, format) => {
    expect(detectFormat({ bytes: fixture(name) })).toBe(format);
  });

  it('trusts the content over a wrong content type or name', () => {
    expect(detectFormat({ bytes: fixture('theatre-feed.ics'), name: 'feed.php', contentType: 'text/html; charset=utf-8' })).toBe('ics');
    expect(detectFormat({ bytes: fixture('season.json'), contentType: 'text/plain' })).toBe('jsonld');
  });

  it('falls back on the content type, then the file name, when the content does not tell', () => {
    const text = bytes('Spielplan\nFaust\n');
    expect(detectFormat({ bytes: text, contentType: 'text/csv', name: 'x.ics' })).toBe('csv');
    expect(detectFormat({ bytes: text, name: 'https://theater.example/export.csv?season=2026' })).toBe('csv');
    expect(detectFormat({ bytes: text, contentType: 'text/calendar' })).toBe('ics');
  });

  it.each([
    ['application/csv', 'csv'],
    ['application/vnd.ms-excel', 'csv'],
    ['text/csv; charset=utf-8', 'csv'],
    ['application/calendar', 'ics'],
    ['application/ics', 'ics'],
    ['application/ld+json', 'jsonld'],
  ] as const)('takes the content type %s to mean %s', (contentType, format) => {
    expect(detectFormat({ bytes: bytes('Spielplan\nFaust\n'), contentType })).toBe(format);
  });

  it('says clearly when a calendar URL answers with an HTML page', () => {
    expect(() => detectFormat({ bytes: fixture('not-a-calendar.ics'), name: 'not-a-calendar.ics' })).toThrow(
      expect.objectContaining({ code: 'unreadable_input', message: 'expected an iCalendar file, but this is an HTML page (an error or login page?)' }),
    );
  });

  it('names spreadsheets and PDFs instead of failing on them', () => {
    expect(() => detectFormat({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), name: 'spielplan.xlsx' })).toThrow(/save the sheet as CSV/);
    expect(() => detectFormat({ bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), name: 'spielplan.xls', contentType: 'application/vnd.ms-excel' })).toThrow(/old Excel workbook/);
    expect(() => detectFormat({ bytes: bytes('%PDF-1.7\n...') })).toThrow(/this is a PDF/);
    expect(() => detectFormat({ bytes: bytes('Hallo Welt') })).toThrow(expect.objectContaining({ code: 'unreadable_input' }));
  });
});

describe('text decoding', () => {
  it('reads UTF-8 with and without a byte order mark', () => {
    expect(decodeText(bytes('Großes Haus'))).toEqual({ text: 'Großes Haus', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('Bühne')]))).toEqual({ text: 'Bühne', encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeText(new Uint8Array([0x42, 0xfc, 0x68, 0x6e, 0x65, 0x20, 0x80]))).toEqual({ text: 'Bühne €', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with a byte order mark, as Excel writes "Unicode text"', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x42, 0x00, 0xfc, 0x00, 0x68, 0x00]);
    expect(decodeText(utf16)).toEqual({ text: 'Büh', encoding: 'utf-16le' });
  });

  it('mends a UTF-8 character cut by an iCalendar fold without moving line breaks', () => {
    const cut = new Uint8Array([...bytes('SUMMARY:Gro'), 0xc3, 0x0d, 0x0a, 0x20, 0x9f, ...bytes('es Haus\r\n')]);
    const mended = repairFoldedUtf8(cut);
    expect(mended).toHaveLength(cut.length);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(mended)).toBe('SUMMARY:Gro\r\n ßes Haus\r\n');
    const whole = bytes('SUMMARY:Groß\r\n es Haus\r\n');
    expect(repairFoldedUtf8(whole)).toBe(whole);
  });
});

describe('reading a file', () => {
  it('uses the format asked for, and refuses an unknown one', () => {
    expect(() => readBatch({ bytes: fixture('ticketing-de.csv'), format: 'ics' }, options)).toThrow(/not an iCalendar file/);
    expect(() => readBatch({ bytes: fixture('ticketing-de.csv'), format: 'xlsx' }, options)).toThrow(
      expect.objectContaining({ code: 'unreadable_input', message: 'unknown format "xlsx": use auto, ics, jsonld or csv' }),
    );
  });

  it('passes the column mapping to the CSV parser', () => {
    const batch = readBatch({ bytes: fixture('custom-columns.csv'), format: 'auto', columns: { title: 'Titel intern' } }, options);
    expect(batch.productions.map((p) => p.title.de)).toEqual(['WOY-26']);
  });
});
