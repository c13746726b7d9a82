import type { CatalogueService } from '../../catalogue/service.ts';
import { chatScript } from './script.ts';

/*
 * The chat widget of one house: its name and language baked into the script. Whether the
 * house has the assistant switched on is not baked in: the first call says so (409
 * assistant_disabled), so switching it on or off takes effect at once, not after the
 * script's cache time.
 */

export interface AssistantWidgetDeps {
  catalogue: Pick<CatalogueService, 'getHouseBySlug'>;
  publicUrl: string;
}

export function createAssistantWidget({ catalogue, publicUrl }: AssistantWidgetDeps) {
  async function script(houseSlug: string): Promise<{ body: string; etag: string }> {
    const house = await catalogue.getHouseBySlug(houseSlug);
    return chatScript({
      endpoint: `${publicUrl}/public/houses/${encodeURIComponent(house.slug)}/`,
      houseSlug: house.slug,
      house: { name: house.name, defaultLanguage: house.defaultLanguage === 'en' ? 'en' : 'de' },
    });
  }

  return { script };
}

export type AssistantWidget = ReturnType<typeof createAssistantWidget>;
