import { purposeLabels } from '../../audience/public/texts.ts';
import type { ConsentService } from '../../audience/consents/service.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { TicketingSettingsService } from '../settings.ts';
import { bookingScript } from './script.ts';

/*
 * Gathers what the booking widget of one house needs to know before its first request:
 * the house, the payment methods visitors may choose (the house's choice, public
 * providers only, with their labels), and the consent texts in force, so the boxes show
 * exactly the wording the consent will be recorded with.
 */

export interface BookingWidgetDeps {
  catalogue: Pick<CatalogueService, 'getHouseBySlug'>;
  settings: Pick<TicketingSettingsService, 'read'>;
  consents: Pick<ConsentService, 'policies'>;
  publicUrl: string;
}

export function createBookingWidget({ catalogue, settings, consents, publicUrl }: BookingWidgetDeps) {
  async function script(houseSlug: string): Promise<{ body: string; etag: string }> {
    const house = await catalogue.getHouseBySlug(houseSlug);
    const [ticketing, policies] = await Promise.all([settings.read(house.id), consents.policies(house.id)]);
    const policy = (purpose: 'newsletter' | 'recommendations' | 'ticketing') => policies.find((p) => p.purpose === purpose);
    const consent = (purpose: 'newsletter' | 'recommendations') => ({
      label: { de: purposeLabels.de[purpose], en: purposeLabels.en[purpose] },
      textDe: policy(purpose)?.textDe ?? '',
      textEn: policy(purpose)?.textEn ?? null,
    });
    const paymentMethods = ticketing.paymentMethods.flatMap((method) => {
      const provider = ticketing.availableMethods.find((p) => p.method === method);
      // A method the house once enabled but whose provider is gone or desk-only is not offered.
      return provider === undefined || !provider.public ? [] : [{ method, label: { de: provider.label.de, en: provider.label.en ?? provider.label.de } }];
    });
    return bookingScript({
      endpoint: `${publicUrl}/public/houses/${encodeURIComponent(house.slug)}/`,
      house: { name: house.name, timeZone: house.timeZone, defaultLanguage: house.defaultLanguage === 'en' ? 'en' : 'de', currency: house.currency },
      paymentMethods,
      consents: { newsletter: consent('newsletter'), recommendations: consent('recommendations') },
      privacy: { de: policy('ticketing')?.textDe ?? '', en: policy('ticketing')?.textEn ?? null },
    });
  }

  return { script };
}

export type BookingWidget = ReturnType<typeof createBookingWidget>;
