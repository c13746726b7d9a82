import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../schemas.ts';
import { signTicketsLink, verifyTicketsLink } from './links.ts';
import { fileSlug, formatMoney, localDateTime, paymentNoteOf, validTicketsByPerformance } from './model.ts';

const orderId = '01a21b8b-350a-7773-85cc-4156e1a681ca';

describe('signed tickets links', () => {
  const key = randomBytes(32);
  const sig = signTicketsLink(key, orderId);

  it.each([
    ['the signature made for the order', key, orderId, sig, true],
    ['the same id in upper case', key, orderId.toUpperCase(), sig, true],
    ['another order', key, '01a21b8b-350a-7773-85cc-4156e1a681cb', sig, false],
    ['another house’s key', randomBytes(32), orderId, sig, false],
    ['a tampered signature', key, orderId, `${sig.slice(0, -2)}AA`, false],
    ['another version', key, orderId, sig.replace('t1.', 't2.'), false],
    ['a truncated signature', key, orderId, sig.slice(0, 10), false],
    ['no signature', key, orderId, '', false],
    ['garbage', key, orderId, 't1.<script>', false],
  ])('%s → %s', (_name, withKey, id, signature, expected) => {
    expect(verifyTicketsLink(withKey, id, signature)).toBe(expected);
  });
});

describe('what the documents say', () => {
  it.each([
    [{ state: 'pending', paymentMethod: 'box_office', totalMinor: 4800 }, 'box_office'],
    [{ state: 'pending', paymentMethod: 'invoice', totalMinor: 4800 }, 'invoice'],
    [{ state: 'pending', paymentMethod: 'card', totalMinor: 4800 }, 'awaiting'],
    [{ state: 'paid', paymentMethod: 'cash', totalMinor: 4800 }, 'paid'],
    [{ state: 'paid', paymentMethod: 'free', totalMinor: 0 }, 'free'],
    [{ state: 'cancelled', paymentMethod: 'invoice', totalMinor: 4800 }, 'cancelled'],
    [{ state: 'refunded', paymentMethod: 'cash', totalMinor: 4800 }, 'refunded'],
  ] as const)('payment note of %o is %s', (order, note) => {
    expect(paymentNoteOf(order)).toBe(note);
  });

  it('groups valid tickets by performance, earliest first, and leaves cancelled ones out', () => {
    const ticket = (id: string, performanceId: string, startsAt: string, state: 'valid' | 'cancelled'): Ticket => ({
      id,
      code: id,
      performanceId,
      productionId: 'p',
      title: { de: 'Carmen', en: null },
      startsAt,
      hall: null,
      priceCategoryId: 'c',
      category: { de: 'Parkett', en: null },
      tariff: null,
      priceMinor: 100,
      currency: 'EUR',
      state,
      checkedInAt: null,
    });
    const groups = validTicketsByPerformance([
      ticket('a', 'late', '2026-12-01T18:00:00.000Z', 'valid'),
      ticket('b', 'early', '2026-10-01T18:00:00.000Z', 'cancelled'),
      ticket('c', 'early', '2026-10-01T18:00:00.000Z', 'valid'),
      ticket('d', 'gone', '2026-09-01T18:00:00.000Z', 'cancelled'),
    ]);
    expect(groups.map((g) => [g.performanceId, g.tickets.map((t) => t.id)])).toEqual([
      ['early', ['c']],
      ['late', ['a']],
    ]);
  });

  it('formats money and local times for the reader', () => {
    expect(formatMoney(1450, 'EUR', 'de').replace('\u00a0', ' ')).toBe('14,50 €');
    expect(formatMoney(1450, 'EUR', 'en')).toBe('€14.50');
    expect(formatMoney(1450, 'JPY', 'en')).toBe('JP¥1,450');
    expect(localDateTime('2026-10-25T01:30:00.000Z', 'Europe/Berlin', 'de')).toEqual({ date: 'Sonntag, 25. Oktober 2026', time: '02:30' });
    expect(localDateTime('2026-03-29T01:30:00.000Z', 'Europe/Berlin', 'en')).toEqual({ date: 'Sunday, 29 March 2026', time: '03:30' });
    expect(fileSlug('Die Zauberflöte – Oper für Kinder')).toBe('die-zauberfloete-oper-fuer-kinder');
    expect(fileSlug('!!!')).toBe('performance');
  });
});
