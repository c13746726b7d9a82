import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { notFound } from '../core/errors.ts';
import { parseInput } from '../core/input.ts';
import { thresholds } from './dialogue/model.ts';

/*
 * The assistant's figures for a period of whole days in the house's zone, today
 * included: conversations, visitor messages and the share the assistant answered itself,
 * handovers by reason, bookings it took, the open unanswered questions, the most asked
 * intents and a series per day. Counts only: no visitor in the answer.
 */

export const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });

export interface AssistantStats {
  conversations: number;
  visitorMessages: number;
  /** 0..1: visitor messages understood (an intent above the fallback threshold). */
  answeredShare: number;
  handovers: { total: number; requested: number; not_understood: number; human_only: number };
  bookings: { orders: number; tickets: number };
  unansweredOpen: number;
  topIntents: { intent: string; count: number }[];
  perDay: { date: string; conversations: number; handovers: number }[];
}

const TOP_INTENTS = 10;

/** The local days of the period, oldest first, and the instant the first one starts. Pure. */
export function periodDays(now: Date, timeZone: string, days: number): { from: string; dates: string[] } {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const first = today.minus({ days: days - 1 });
  const dates = Array.from({ length: days }, (_, i) => first.plus({ days: i }).toISODate() as string);
  return { from: first.toUTC().toISO() as string, dates };
}

/** Counts instants per local date of the zone; instants outside `dates` are not counted. Pure. */
export function countPerDay(instants: readonly string[], timeZone: string, dates: readonly string[]): Map<string, number> {
  const counts = new Map(dates.map((date) => [date, 0]));
  for (const instant of instants) {
    const date = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).toISODate();
    if (date !== null && counts.has(date)) counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return counts;
}

export function createAssistantStats({ database, clock }: { database: Database; clock: Clock }) {
  const { db } = database;

  async function forHouse(houseId: string, query: z.input<typeof statsQuery> = {}): Promise<AssistantStats> {
    const { days } = parseInput(statsQuery, query);
    const house = await db.selectFrom('house').select('time_zone').where('id', '=', houseId).executeTakeFirst();
    if (house === undefined) throw notFound('house', houseId);
    const { from, dates } = periodDays(clock.now(), house.time_zone, days);

    const started = await db.selectFrom('assistant_conversation').select('created_at').where('house_id', '=', houseId).where('created_at', '>=', from).execute();
    const handedOver = await db
      .selectFrom('assistant_conversation')
      .select(['handed_over_at', 'handover_reason'])
      .where('house_id', '=', houseId)
      .where('handed_over_at', '>=', from)
      .execute();
    // Understood: an intent other than 'unknown' at or above the dialogue's fallback threshold.
    const messages = await db
      .selectFrom('assistant_message')
      .select([
        sql<number | string>`count(*)`.as('n'),
        sql<number | string>`coalesce(sum(case when intent is not null and intent <> 'unknown' and coalesce(confidence, 0) >= ${thresholds.fallback} then 1 else 0 end), 0)`.as('understood'),
      ])
      .where('house_id', '=', houseId)
      .where('author', '=', 'visitor')
      .where('created_at', '>=', from)
      .executeTakeFirstOrThrow();
    const intents = await db
      .selectFrom('assistant_message')
      .select(['intent', sql<number | string>`count(*)`.as('n')])
      .where('house_id', '=', houseId)
      .where('author', '=', 'visitor')
      .where('created_at', '>=', from)
      .where('intent', 'is not', null)
      .where('intent', '<>', 'unknown')
      .groupBy('intent')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('intent')
      .limit(TOP_INTENTS)
      .execute();
    const assistantOrders = db
      .selectFrom('ticket_order')
      .select('id')
      .where('house_id', '=', houseId)
      .where('source', '=', 'assistant')
      .where('placed_at', '>=', from)
      .where('state', 'not in', ['cancelled', 'refunded']);
    const orders = await db.selectFrom(assistantOrders.as('o')).select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const tickets = await db
      .selectFrom('ticket')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('house_id', '=', houseId)
      .where('order_id', 'in', assistantOrders)
      .executeTakeFirstOrThrow();
    const unanswered = await db
      .selectFrom('assistant_unanswered')
      .select(sql<number | string>`count(*)`.as('n'))
      .where('house_id', '=', houseId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();

    const reasonCount = (reason: string) => handedOver.filter((row) => row.handover_reason === reason).length;
    const visitorMessages = Number(messages.n);
    const conversationsPerDay = countPerDay(started.map((row) => row.created_at), house.time_zone, dates);
    const handoversPerDay = countPerDay(handedOver.map((row) => row.handed_over_at as string), house.time_zone, dates);
    return {
      conversations: started.length,
      visitorMessages,
      answeredShare: visitorMessages === 0 ? 0 : Number(messages.understood) / visitorMessages,
      handovers: { total: handedOver.length, requested: reasonCount('requested'), not_understood: reasonCount('not_understood'), human_only: reasonCount('human_only') },
      bookings: { orders: Number(orders.n), tickets: Number(tickets.n) },
      unansweredOpen: Number(unanswered.n),
      topIntents: intents.map((row) => ({ intent: row.intent as string, count: Number(row.n) })),
      perDay: dates.map((date) => ({ date, conversations: conversationsPerDay.get(date) ?? 0, handovers: handoversPerDay.get(date) ?? 0 })),
    };
  }

  return { forHouse };
}

export type AssistantStatsService = ReturnType<typeof createAssistantStats>;
