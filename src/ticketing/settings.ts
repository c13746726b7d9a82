import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { fromJson, toJson } from '../core/db/json.ts';
import { invalid } from '../core/errors.ts';
import { parseInput } from '../core/input.ts';
import { DEFAULT_HOLD_MINUTES } from './model.ts';
import type { PaymentProviders } from './payments.ts';
import { type TicketingSettings, ticketingSettingsInput } from './schemas.ts';
import * as store from './store.ts';

/*
 * Per house: how long a hold keeps its seats, how long a waiting-list offer stays open,
 * and which payment methods visitors may choose. Read on every booking, so kept in
 * memory for a few seconds.
 */

const CACHE_SECONDS = 5;
const DEFAULT_OFFER_MINUTES = 120;
const DEFAULT_RELEASE_MINUTES = 30;
const DEFAULT_METHODS = ['box_office', 'invoice', 'free'];

export interface HouseTicketing {
  holdMinutes: number;
  offerMinutes: number;
  /** Minutes before the performance when uncollected box-office reservations go back on sale; 0: never. */
  releaseMinutes: number;
  paymentMethods: string[];
}

export function createTicketingSettings({ database, clock, payments }: { database: Database; clock: Clock; payments: PaymentProviders }) {
  const cache = new Map<string, { value: HouseTicketing; until: number }>();

  async function get(houseId: string): Promise<HouseTicketing> {
    const now = clock.now().getTime();
    const cached = cache.get(houseId);
    if (cached !== undefined && cached.until > now) return cached.value;
    const row = await store.settingsOf(database.db, houseId);
    const value: HouseTicketing =
      row === undefined
        ? { holdMinutes: DEFAULT_HOLD_MINUTES, offerMinutes: DEFAULT_OFFER_MINUTES, releaseMinutes: DEFAULT_RELEASE_MINUTES, paymentMethods: DEFAULT_METHODS }
        : {
            holdMinutes: Number(row.hold_minutes),
            offerMinutes: Number(row.offer_minutes),
            releaseMinutes: Number(row.release_minutes),
            paymentMethods: fromJson<string[]>(row.payment_methods, DEFAULT_METHODS),
          };
    if (cache.size > 1000) cache.clear();
    cache.set(houseId, { value, until: now + CACHE_SECONDS * 1000 });
    return value;
  }

  function dtoOf(value: HouseTicketing): TicketingSettings {
    return {
      ...value,
      availableMethods: payments.all().map((p) => ({ method: p.method, label: { de: p.label.de, en: p.label.en }, public: p.public })),
    };
  }

  async function read(houseId: string): Promise<TicketingSettings> {
    return dtoOf(await get(houseId));
  }

  async function update(houseId: string, input: unknown): Promise<TicketingSettings> {
    const parsed = parseInput(ticketingSettingsInput, input);
    const current = await get(houseId);
    const methods = parsed.paymentMethods ?? current.paymentMethods;
    methods.forEach((method, index) => {
      const provider = payments.all().find((p) => p.method === method);
      if (provider === undefined) throw invalid(`paymentMethods.${index}`, `unknown payment method ${method}`);
      if (!provider.public) throw invalid(`paymentMethods.${index}`, `${method} is for the desk only and cannot be offered to visitors`);
    });
    const next: HouseTicketing = {
      holdMinutes: parsed.holdMinutes ?? current.holdMinutes,
      offerMinutes: parsed.offerMinutes ?? current.offerMinutes,
      releaseMinutes: parsed.releaseMinutes ?? current.releaseMinutes,
      paymentMethods: [...new Set(methods)],
    };
    await store.saveSettings(database.db, houseId, { hold_minutes: next.holdMinutes, offer_minutes: next.offerMinutes, release_minutes: next.releaseMinutes, payment_methods: toJson(next.paymentMethods) }, clock.now().toISOString());
    cache.delete(houseId);
    return dtoOf(next);
  }

  return { get, read, update };
}

export type TicketingSettingsService = ReturnType<typeof createTicketingSettings>;
