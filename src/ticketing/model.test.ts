import { describe, expect, it } from 'vitest';
import { normaliseTicketCode, newOrderNumber, newTicketCode } from './codes.ts';
import { available, checkInDecision, countedAs, decideSeats, plannedQuotas, priceOf, quotaKeysFor, salesCurve, stateAfterCancel } from './model.ts';

const balcony = { id: 'ii', quota: 40, amountMinor: 2900, currency: 'EUR', reductions: [{ code: 'ermaessigt', amountMinor: 1450 }] };
const stalls = { id: 'i', quota: null, amountMinor: 4800, currency: 'EUR', reductions: [] };

describe('ticketing model', () => {
  it('plans a capacity quota and one for each category that keeps seats', () => {
    expect(plannedQuotas({ capacity: 500, categories: [stalls, balcony] })).toEqual([
      { key: 'capacity', size: 500 },
      { key: 'category:ii', size: 40 },
    ]);
  });

  it.each([
    ['full price without own quota', 'i', null, ['capacity', 'category:ii', 'reduced'], ['capacity']],
    ['full price with own quota', 'ii', null, ['capacity', 'category:ii', 'reduced'], ['capacity', 'category:ii']],
    ['reduced with reduced seats', 'ii', 'ermaessigt', ['capacity', 'category:ii', 'reduced'], ['capacity', 'category:ii', 'reduced']],
    ['reduced without reduced seats', 'i', 'ermaessigt', ['capacity'], ['capacity']],
  ] as const)('counts a ticket against its quotas: %s', (_what, category, tariff, existing, expected) => {
    expect(quotaKeysFor(category, tariff, new Set(existing))).toEqual(expected);
  });

  it.each([
    [{ size: 10, sold: 3, pending: 2, held: 1 }, 4],
    [{ size: 10, sold: 8, pending: 2, held: 1 }, 0],
    [{ size: 5, sold: 7, pending: 0, held: 0 }, 0],
  ])('availability of %o is %i, never below zero', (quota, expected) => {
    expect(available(quota)).toBe(expected);
  });

  it('lets lines that share a quota take from one pool', () => {
    const left = new Map([
      ['capacity', 5],
      ['category:ii', 2],
    ]);
    expect(decideSeats([{ quotaIds: ['capacity'], quantity: 3 }, { quotaIds: ['capacity', 'category:ii'], quantity: 2 }], left)).toEqual({ ok: true });
    expect(decideSeats([{ quotaIds: ['capacity'], quantity: 4 }, { quotaIds: ['capacity', 'category:ii'], quantity: 2 }], left)).toMatchObject({
      ok: false,
      code: 'sold_out',
      shortBy: [
        { line: 0, available: 5 },
        { line: 1, available: 2 },
      ],
    });
    expect(decideSeats([{ quotaIds: ['capacity', 'category:ii'], quantity: 3 }], left)).toMatchObject({ ok: false, shortBy: [{ line: 0, available: 2 }] });
  });

  it('prices the full and the reduced tariff, and refuses an unknown one', () => {
    expect(priceOf(balcony, null)).toEqual({ ok: true, amountMinor: 2900, currency: 'EUR' });
    expect(priceOf(balcony, 'ermaessigt')).toEqual({ ok: true, amountMinor: 1450, currency: 'EUR' });
    expect(priceOf(stalls, 'ermaessigt')).toEqual({ ok: false, code: 'unknown_tariff' });
  });

  it.each([
    ['pending', 'cancelled', 'pending'],
    ['paid', 'refunded', 'sold'],
    ['cancelled', null, null],
    ['refunded', null, null],
  ] as const)('an order %s becomes %s when cancelled and counts as %s', (state, after, counted) => {
    expect(stateAfterCancel(state)).toBe(after);
    expect(countedAs(state)).toBe(counted);
  });

  it.each([
    ['unknown', undefined, 'unknown'],
    ['cancelled', { performanceId: 'p', state: 'cancelled', checkedInAt: null }, 'cancelled'],
    ['another evening', { performanceId: 'q', state: 'valid', checkedInAt: null }, 'wrong_performance'],
    ['already used', { performanceId: 'p', state: 'valid', checkedInAt: '2026-10-03T17:01:00Z' }, 'already_used'],
    ['valid', { performanceId: 'p', state: 'valid', checkedInAt: null }, 'valid'],
  ] as const)('a scanned code at the door of p: %s', (_what, ticket, expected) => {
    expect(checkInDecision(ticket, 'p')).toBe(expected);
  });

  it('draws the sales curve cumulatively by days before the performance', () => {
    const start = '2026-10-10T18:00:00.000Z';
    expect(salesCurve(['2026-10-01T10:00:00.000Z', '2026-10-01T12:00:00.000Z', '2026-10-09T10:00:00.000Z', '2026-10-10T17:00:00.000Z'], start)).toEqual([
      { daysBefore: 9, tickets: 2 },
      { daysBefore: 1, tickets: 3 },
      { daysBefore: 0, tickets: 4 },
    ]);
    expect(salesCurve([], start)).toEqual([]);
  });

  it('makes codes people can read aloud and type back', () => {
    const code = newTicketCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(newOrderNumber()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseTicketCode(` ${code.slice(0, 5).toLowerCase()}-${code.slice(5)} `)).toBe(code);
    expect(normaliseTicketCode('O0-Il1')).toBe('00111');
  });
});
