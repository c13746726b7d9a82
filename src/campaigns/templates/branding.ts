import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { parseInput } from '../../core/input.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import * as store from './branding-store.ts';
import { type Branding, type BrandingSettings, effectiveBranding, emptyBranding } from './model.ts';
import { type BrandingInput, brandingInput } from './schemas.ts';

export interface BrandingView {
  settings: BrandingSettings;
  effective: Branding;
  updatedAt: string | null;
}

function settingsFromRow(row: store.BrandingRow | undefined): BrandingSettings {
  if (row === undefined) return emptyBranding;
  return {
    logoUrl: row.logo_url,
    primaryColour: row.primary_colour,
    accentColour: row.accent_colour,
    footer: { de: row.footer_de, en: row.footer_en },
    imprintUrl: row.imprint_url,
    privacyUrl: row.privacy_url,
    senderName: row.sender_name,
  };
}

/** A house's branding for mails; the defaults come from the house (name, address, website). */
export function createBrandingService({ database, clock, catalogue }: { database: Database; clock: Clock; catalogue: Pick<CatalogueService, 'getHouse'> }) {
  const { db } = database;

  async function get(houseId: string): Promise<BrandingView> {
    const [house, row] = await Promise.all([catalogue.getHouse(houseId), store.findBranding(db, houseId)]);
    const settings = settingsFromRow(row);
    return { settings, effective: effectiveBranding(settings, house), updatedAt: row?.updated_at ?? null };
  }

  async function update(houseId: string, input: BrandingInput): Promise<BrandingView> {
    const parsed = parseInput(brandingInput, input);
    await catalogue.getHouse(houseId);
    await store.saveBranding(db, {
      house_id: houseId,
      logo_url: parsed.logoUrl,
      primary_colour: parsed.primaryColour?.toLowerCase() ?? null,
      accent_colour: parsed.accentColour?.toLowerCase() ?? null,
      footer_de: parsed.footer.de === '' ? null : parsed.footer.de,
      footer_en: parsed.footer.en === '' ? null : parsed.footer.en,
      imprint_url: parsed.imprintUrl,
      privacy_url: parsed.privacyUrl,
      sender_name: parsed.senderName,
      updated_at: clock.now().toISOString(),
    });
    return get(houseId);
  }

  return { get, update, effective: async (houseId: string) => (await get(houseId)).effective };
}

export type BrandingService = ReturnType<typeof createBrandingService>;
