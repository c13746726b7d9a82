import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { parseInput } from '../../core/input.ts';
import { type SendSettings, settingsInput } from './schemas.ts';
import * as store from './store.ts';

/*
 * A house's frequency cap and quiet hours. The defaults hold until the house saves its
 * own: at most 3 marketing mails per person in 7 days (across all campaigns and journeys),
 * and none between 21:00 and 08:00 in the house's time zone.
 */

export const defaultSendSettings: SendSettings = { frequencyCap: 3, frequencyDays: 7, quietStart: '21:00', quietEnd: '08:00' };

export interface SendSettingsSource {
  forHouse(houseId: string): Promise<SendSettings & { timeZone: string }>;
}

export function createSendSettings({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function get(houseId: string): Promise<SendSettings> {
    const row = await store.findSettings(db, houseId);
    if (row === undefined) return { ...defaultSendSettings };
    return { frequencyCap: row.frequency_cap, frequencyDays: row.frequency_days, quietStart: row.quiet_start, quietEnd: row.quiet_end };
  }

  async function put(houseId: string, input: SendSettings): Promise<SendSettings> {
    const parsed = parseInput(settingsInput, input);
    await store.saveSettings(db, {
      house_id: houseId,
      frequency_cap: parsed.frequencyCap,
      frequency_days: parsed.frequencyDays,
      quiet_start: parsed.quietStart,
      quiet_end: parsed.quietEnd,
      updated_at: clock.now().toISOString(),
    });
    return get(houseId);
  }

  async function forHouse(houseId: string): Promise<SendSettings & { timeZone: string }> {
    const [settings, zones] = await Promise.all([get(houseId), store.houseZones(db, [houseId])]);
    return { ...settings, timeZone: zones.get(houseId) ?? 'Europe/Berlin' };
  }

  return { get, put, forHouse };
}

export type SendSettingsService = ReturnType<typeof createSendSettings>;
