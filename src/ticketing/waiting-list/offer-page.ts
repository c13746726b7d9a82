import type { PublicAudienceService } from '../../audience/public/service.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, notFound } from '../../core/errors.ts';
import type { Hold } from '../schemas.ts';
import type { TicketingService } from '../service.ts';
import { offerFacts } from './offers.ts';
import type { OfferFormState, OfferView, PublicPaymentMethod } from './page.ts';
import { offerFormInput } from './schemas.ts';
import * as store from './store.ts';
import { type Language, languageOf } from './texts.ts';

/*
 * The offer page's use cases: open the link (the hold's token is the key), show the
 * offer with its form, book it. The answers are outcomes the routes render as pages:
 * the open offer (again with the refused fields marked), the booking, or that the offer
 * ran out. One booking per offer: the idempotency key is derived from the entry.
 */

export interface OfferPageDeps {
  database: Database;
  clock: Clock;
  ticketing: Pick<TicketingService, 'getHold' | 'place' | 'inventory' | 'settings'>;
  catalogue: Pick<CatalogueService, 'getHouse'>;
  consentProof: Pick<PublicAudienceService, 'proofOf'>;
}

/** What the offer page shows: the offer with its form, the booking, or that it ran out. */
export type OfferOutcome =
  | { kind: 'open'; view: OfferView; form: OfferFormState; status: 200 | 400 }
  | { kind: 'booked'; language: Language; house: { name: string }; order: { number: string; ticketsUrl?: string | undefined }; again: boolean }
  | { kind: 'ranOut'; language: Language; houseName: string };

interface OpenedOffer {
  entry: store.EntryRow & { hold_id: string };
  hold: Hold;
  holdToken: string;
  house: { name: string; timeZone: string };
  language: Language;
}

export function createOfferPage(deps: OfferPageDeps) {
  const { database, clock, ticketing, catalogue, consentProof } = deps;
  const { db } = database;
  const now = () => clock.now().toISOString();

  // ---------- the offer page ----------

  /** The link is the key: an unknown entry and a wrong hold token are the same not_found. */
  async function openOffer(entryId: string, holdToken: string, asked: Language | undefined): Promise<OpenedOffer> {
    const entry = await store.findEntryById(db, entryId);
    if (entry === undefined || entry.hold_id === null) throw notFound('offer', entryId);
    const hold = await ticketing.getHold(entry.house_id, entry.hold_id, holdToken);
    const house = await catalogue.getHouse(entry.house_id);
    return { entry: { ...entry, hold_id: entry.hold_id }, hold, holdToken, house: { name: house.name, timeZone: house.timeZone }, language: asked ?? languageOf(entry.language) };
  }

  /** Booked already, or ran out; null while the offer is open. */
  async function settledOutcome(offer: OpenedOffer): Promise<OfferOutcome | null> {
    const { entry, hold, house, language } = offer;
    if (hold.state === 'converted') {
      const order = await store.orderOfHold(db, entry.house_id, entry.hold_id);
      if (entry.state !== 'booked') await store.changeState(db, entry.id, ['offered', 'expired'], 'booked', now());
      if (order !== undefined) return { kind: 'booked', language, house, order: { number: order.number }, again: true };
    }
    const ranOut = entry.state !== 'offered' || hold.state !== 'active' || entry.offer_expires_at === null || entry.offer_expires_at <= now();
    return ranOut ? { kind: 'ranOut', language, houseName: house.name } : null;
  }

  async function viewOf(offer: OpenedOffer): Promise<OfferView> {
    const { entry, hold, house, language } = offer;
    const facts = await offerFacts(ticketing, entry, hold, language);
    const enabled = (await ticketing.settings.get(entry.house_id)).paymentMethods;
    const methods = (['box_office', 'invoice'] as const).filter((method) => enabled.includes(method));
    return {
      language,
      house,
      entryId: entry.id,
      holdToken: offer.holdToken,
      title: facts.title,
      startsAt: facts.startsAt,
      hall: facts.hall,
      category: facts.category,
      tariff: facts.tariff,
      quantity: facts.quantity,
      totalMinor: hold.totalMinor,
      currency: hold.currency,
      expiresAt: hold.expiresAt,
      paymentMethods: methods.length === 0 ? (['box_office'] satisfies PublicPaymentMethod[]) : methods,
    };
  }

  /** GET of the offer link: the offer and its form, prefilled with what the person gave when joining. */
  async function offerPage(entryId: string, holdToken: string, asked?: Language): Promise<OfferOutcome> {
    const offer = await openOffer(entryId, holdToken, asked);
    const settled = await settledOutcome(offer);
    if (settled !== null) return settled;
    const { entry } = offer;
    const form: OfferFormState = { name: entry.name, email: entry.email ?? '', language: languageOf(entry.language), newsletter: false, recommendations: false, paymentMethod: null, errors: [] };
    return { kind: 'open', view: await viewOf(offer), form, status: 200 };
  }

  function textOf(value: string | string[] | undefined): string | undefined {
    return Array.isArray(value) ? value[0] : value;
  }

  /** The fields of a refused booking, named as the form names them. */
  function formErrors(details: readonly { field?: string; message: string }[]): { field: string; message: string }[] {
    return details.map((d) => ({ field: (d.field ?? 'name').replace(/^buyer\./, ''), message: d.message }));
  }

  /** The form's post: books the held seats for the person, then marks the entry booked. */
  async function bookOffer(entryId: string, body: Record<string, string | string[]>, asked: Language | undefined, meta: { ip: string; userAgent: string | undefined }): Promise<OfferOutcome> {
    const fields = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, textOf(value)]));
    const offer = await openOffer(entryId, fields.hold ?? '', asked);
    const settled = await settledOutcome(offer);
    if (settled !== null) return settled;
    const { entry, house, language } = offer;
    const parsed = offerFormInput.safeParse(fields);
    // A refused form comes back as the person typed it, each error beside its field.
    const refusedForm = async (errors: { field: string; message: string }[]): Promise<OfferOutcome> => ({
      kind: 'open',
      status: 400,
      view: await viewOf(offer),
      form: {
        name: fields.name ?? '',
        email: fields.email ?? '',
        language: languageOf(fields.language),
        newsletter: (fields.newsletter ?? '') !== '',
        recommendations: (fields.recommendations ?? '') !== '',
        paymentMethod: fields.paymentMethod ?? null,
        errors,
      },
    });
    if (!parsed.success) return refusedForm(parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'name'), message: issue.message })));
    const form = parsed.data;
    const ticked = form.newsletter || form.recommendations;
    const proof = ticked ? await consentProof.proofOf(entry.house_id, meta) : undefined;
    const refusal = async (code: string, details: readonly { field?: string; message: string }[]): Promise<OfferOutcome> => {
      if (code === 'validation') return refusedForm(formErrors(details));
      if (code === 'hold_expired' || code === 'sold_out' || code === 'idempotency_mismatch') {
        // Booked meanwhile by a second post, or truly gone: the page says which.
        const again = await settledOutcome(await openOffer(entryId, offer.holdToken, asked));
        return again ?? { kind: 'ranOut', language, houseName: house.name };
      }
      throw new DomainError('conflict', `the offer could not be booked (${code})`);
    };
    let result: Awaited<ReturnType<TicketingService['place']>>;
    try {
      result = await ticketing.place(
        entry.house_id,
        {
          holdId: entry.hold_id,
          holdToken: offer.holdToken,
          buyer: { name: form.name, email: form.email, language: form.language },
          consents: { newsletter: form.newsletter, recommendations: form.recommendations },
          paymentMethod: form.paymentMethod,
        },
        // One booking per offer: a second click or a retry after a lost answer gets the same order.
        { source: 'waiting_list', staff: false, actor: 'visitor', idempotencyKey: `waiting-list-offer:${entry.id}`, consentProof: proof },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'busy') return refusal(error.code, error.details);
      throw error;
    }
    const placed = result.body;
    if ('error' in placed) return refusal(placed.error.code, placed.error.details);
    await store.changeState(db, entry.id, ['offered', 'expired'], 'booked', now());
    return { kind: 'booked', language, house, order: { number: placed.number, ticketsUrl: placed.ticketsUrl }, again: false };
  }

  return { offerPage, bookOffer };
}
