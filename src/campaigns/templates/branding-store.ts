import type { Executor } from '../../core/db/database.ts';
import type { CampaignBrandingTable } from '../tables.ts';

/* The campaign_branding row of a house: one per house, keyed by it. */

export type BrandingRow = CampaignBrandingTable;

export async function findBranding(db: Executor, houseId: string): Promise<BrandingRow | undefined> {
  return db
    .selectFrom('campaign_branding')
    .select(['house_id', 'logo_url', 'primary_colour', 'accent_colour', 'footer_de', 'footer_en', 'imprint_url', 'privacy_url', 'sender_name', 'updated_at'])
    .where('house_id', '=', houseId)
    .executeTakeFirst();
}

/** Insert or replace: the settings form always sends the whole branding. */
export async function saveBranding(db: Executor, row: BrandingRow): Promise<void> {
  const { house_id: _houseId, ...changes } = row;
  await db
    .insertInto('campaign_branding')
    .values(row)
    .onConflict((conflict) => conflict.column('house_id').doUpdateSet(changes))
    .execute();
}
