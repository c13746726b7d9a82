import type { Executor } from '../../core/db/database.ts';
import type { AutopilotRuleTable } from '../tables.ts';

/* The autopilot's own rows: which rules a house switched on, how, and the journey behind each. */

const columns = ['house_id', 'rule', 'enabled', 'mode', 'params', 'journey_id', 'enabled_at', 'updated_by', 'updated_at'] as const;
export type AutopilotRuleRow = Pick<AutopilotRuleTable, (typeof columns)[number]>;

export async function listRules(db: Executor, houseId: string): Promise<AutopilotRuleRow[]> {
  return db.selectFrom('autopilot_rule').select(columns).where('house_id', '=', houseId).execute();
}

export async function findRule(db: Executor, houseId: string, rule: string): Promise<AutopilotRuleRow | undefined> {
  return db.selectFrom('autopilot_rule').select(columns).where('house_id', '=', houseId).where('rule', '=', rule).executeTakeFirst();
}

export async function saveRule(db: Executor, row: AutopilotRuleRow): Promise<void> {
  await db
    .insertInto('autopilot_rule')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['house_id', 'rule']).doUpdateSet({ enabled: row.enabled, mode: row.mode, params: row.params, journey_id: row.journey_id, enabled_at: row.enabled_at, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

/** Houses with a scanned rule switched on, for the hourly scan. */
export async function housesWithRule(db: Executor, rule: string): Promise<AutopilotRuleRow[]> {
  return db.selectFrom('autopilot_rule').select(columns).where('rule', '=', rule).where('enabled', '=', 1).execute();
}

/**
 * Whether the autopilot already wrote a newsletter about this production or performance:
 * the scan runs every hour and must announce and push each at most once, whatever
 * became of the first campaign (sent, cancelled, rejected).
 */
export async function campaignExists(db: Executor, houseId: string, rule: string, about: { productionId?: string; performanceId?: string }): Promise<boolean> {
  let query = db.selectFrom('campaign').select('id').where('house_id', '=', houseId).where('autopilot_rule', '=', rule);
  if (about.productionId !== undefined) query = query.where('production_id', '=', about.productionId);
  if (about.performanceId !== undefined) query = query.where('performance_id', '=', about.performanceId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}
