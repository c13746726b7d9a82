import { DateTime } from 'luxon';
import { z } from 'zod';
import { appendAudit } from '../audience/audit/store.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { fromJson, toJson } from '../core/db/json.ts';
import { notFound } from '../core/errors.ts';
import { parseInput } from '../core/input.ts';
import { knowledgeTopics } from './nlu/types.ts';

/*
 * A house's assistant settings: whether the assistant answers at all, the dialogue
 * team's weekly hours (the widget says honestly whether a person is there now), the
 * topics only a person answers, and how long conversations are kept. A house that never
 * saved gets the defaults; every save is an entry in the audit log, like the consent
 * policy's.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Local wall-clock intervals [from, to) per weekday, "HH:MM"; "24:00" ends a day. */
export type TeamHours = Record<Weekday, [string, string][]>;

export interface AssistantSettings {
  enabled: boolean;
  teamHours: TeamHours;
  humanOnlyTopics: string[];
  retentionDays: number;
}

/** Besides the knowledge topics: a complaint, and an accessibility request that needs a personal answer. */
export const humanOnlyTopicChoices: readonly string[] = [...knowledgeTopics, 'complaint', 'accessibility_request'];

export const retentionRange = { min: 1, max: 730 } as const;

export function defaultAssistantSettings(): AssistantSettings {
  const office: [string, string][] = [['10:00', '18:00']];
  return {
    enabled: true,
    teamHours: { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [['10:00', '14:00']], sun: [] },
    humanOnlyTopics: ['complaint', 'accessibility_request'],
    retentionDays: 90,
  };
}

const clockPattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clockTime = z.string().regex(clockPattern, 'a time like 09:30 (00:00 to 24:00)');
// A malformed time is already named on its own; the order is only checked between two good ones.
const interval = z.tuple([clockTime, clockTime]).refine(([from, to]) => !clockPattern.test(from) || !clockPattern.test(to) || from < to, 'from must be before to');
const dayHours = z
  .array(interval)
  .max(6)
  .superRefine((intervals, context) => {
    const sorted = [...intervals].sort(([a], [b]) => a.localeCompare(b));
    for (let i = 1; i < sorted.length; i += 1) {
      const previous = sorted[i - 1] as [string, string];
      const current = sorted[i] as [string, string];
      if (current[0] < previous[1]) context.addIssue({ code: 'custom', message: `${current[0]}–${current[1]} overlaps ${previous[0]}–${previous[1]}` });
    }
  });

export const teamHoursSchema = z.object({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours });

export const assistantSettingsInput = z.object({
  enabled: z.boolean(),
  teamHours: teamHoursSchema,
  humanOnlyTopics: z
    .array(z.enum(humanOnlyTopicChoices as [string, ...string[]]))
    .max(humanOnlyTopicChoices.length)
    .transform((topics) => [...new Set(topics)]),
  retentionDays: z.number().int().min(retentionRange.min).max(retentionRange.max),
});
export type AssistantSettingsInput = z.input<typeof assistantSettingsInput>;

/** "HH:MM" as minutes after midnight. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * Whether the dialogue team is there at `now`, and when it next opens. Pure. The hours are
 * wall-clock times in the house's zone, so on the night the clocks change a shift from
 * 10:00 to 18:00 is still 10:00 to 18:00 local time; an opening that falls into the hour
 * skipped in spring is moved forward to the first minute that exists.
 */
export function teamAvailability(settings: Pick<AssistantSettings, 'teamHours'>, timeZone: string, now: Date): { available: boolean; nextOpening: string | null } {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const today = weekdays[local.weekday - 1] as Weekday;
  const minute = local.hour * 60 + local.minute;
  const available = settings.teamHours[today].some(([from, to]) => minutesOf(from) <= minute && minute < minutesOf(to));
  if (available) return { available, nextOpening: null };
  // A week and a day: the latest an opening can be is the same weekday next week, earlier in the day.
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = local.startOf('day').plus({ days: offset });
    const starts = settings.teamHours[weekdays[day.weekday - 1] as Weekday].map(([from]) => minutesOf(from)).sort((a, b) => a - b);
    for (const start of starts) {
      if (offset === 0 && start <= minute) continue;
      const opening = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(start / 60), minute: start % 60 }, { zone: timeZone });
      if (opening.toMillis() > now.getTime()) return { available, nextOpening: opening.toUTC().toISO() };
    }
  }
  return { available, nextOpening: null };
}

interface SettingsRow {
  enabled: number;
  team_hours: string;
  human_only_topics: string;
  retention_days: number;
}

function fromRow(row: SettingsRow): AssistantSettings {
  const defaults = defaultAssistantSettings();
  return {
    enabled: row.enabled === 1,
    teamHours: { ...defaults.teamHours, ...fromJson<Partial<TeamHours>>(row.team_hours, {}) },
    humanOnlyTopics: fromJson<string[]>(row.human_only_topics, defaults.humanOnlyTopics),
    retentionDays: row.retention_days,
  };
}

export async function findAssistantSettings(db: Executor, houseId: string): Promise<AssistantSettings> {
  const row = await db
    .selectFrom('assistant_settings')
    .select(['enabled', 'team_hours', 'human_only_topics', 'retention_days'])
    .where('house_id', '=', houseId)
    .executeTakeFirst();
  return row === undefined ? defaultAssistantSettings() : fromRow(row);
}

export function createAssistantSettings({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function get(houseId: string): Promise<AssistantSettings> {
    return findAssistantSettings(db, houseId);
  }

  /** Saves the settings of the house; the audit entry records what changed, without any visitor's data. */
  async function put(houseId: string, input: AssistantSettingsInput, actor: string): Promise<AssistantSettings> {
    const parsed = parseInput(assistantSettingsInput, input);
    const at = clock.now().toISOString();
    const values = {
      enabled: parsed.enabled ? 1 : 0,
      team_hours: toJson(parsed.teamHours),
      human_only_topics: toJson(parsed.humanOnlyTopics),
      retention_days: parsed.retentionDays,
      updated_by: actor,
      updated_at: at,
    };
    await db.transaction().execute(async (trx) => {
      const before = await findAssistantSettings(trx, houseId);
      await trx
        .insertInto('assistant_settings')
        .values({ house_id: houseId, ...values })
        .onConflict((oc) => oc.column('house_id').doUpdateSet(values))
        .execute();
      const changed = (Object.keys(parsed) as (keyof AssistantSettings)[]).filter((key) => toJson(before[key]) !== toJson(parsed[key]));
      await appendAudit(trx, {
        houseId,
        at,
        actor,
        action: 'assistant.settings_changed',
        contactId: null,
        details: { changed, enabled: parsed.enabled, retentionDays: parsed.retentionDays, previousRetentionDays: before.retentionDays, humanOnlyTopics: parsed.humanOnlyTopics },
      });
    });
    return get(houseId);
  }

  /** The settings with whether the team is there right now, in the house's zone. */
  async function withAvailability(houseId: string): Promise<AssistantSettings & { teamAvailableNow: boolean; nextOpening: string | null }> {
    const house = await db.selectFrom('house').select('time_zone').where('id', '=', houseId).executeTakeFirst();
    if (house === undefined) throw notFound('house', houseId);
    const settings = await get(houseId);
    const { available, nextOpening } = teamAvailability(settings, house.time_zone, clock.now());
    return { ...settings, teamAvailableNow: available, nextOpening };
  }

  return { get, put, withAvailability };
}

export type AssistantSettingsService = ReturnType<typeof createAssistantSettings>;
