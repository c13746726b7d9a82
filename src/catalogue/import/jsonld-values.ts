import { multiLine, oneLine } from './classify.ts';
import { isObject, type Json, type JsonObject } from './jsonld-extract.ts';
import type { ImportedPrice, ImportedVenue, Language, LocalizedText, Person } from './model.ts';
import { parseAmount } from './prices.ts';

/*
 * Reading schema.org values in the shapes pages really use: a value or an array of
 * them, a string or a typed object, a full node or a reference by @id.
 */

export type Ids = ReadonlyMap<string, JsonObject>;

/** schema.org types without their prefix: "https://schema.org/TheaterEvent" and "schema:TheaterEvent" are "TheaterEvent". */
export function typesOf(node: JsonObject): string[] {
  return list(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.slice(Math.max(t.lastIndexOf('/'), t.lastIndexOf(':')) + 1));
}

const eventTypes = new Set([
  'Event', 'TheaterEvent', 'MusicEvent', 'DanceEvent', 'ExhibitionEvent', 'ChildrensEvent', 'ComedyEvent', 'Festival',
  'ScreeningEvent', 'EducationEvent', 'LiteraryEvent', 'VisualArtsEvent', 'SocialEvent', 'BusinessEvent', 'FoodEvent',
  'SaleEvent', 'SportsEvent', 'Hackathon', 'PublicationEvent', 'BroadcastEvent', 'OnDemandEvent', 'DeliveryEvent',
  'EventSeries', 'CourseInstance', 'UserInteraction',
]);

export function isEvent(node: JsonObject): boolean {
  return typesOf(node).some((t) => eventTypes.has(t));
}

export function list(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A full node for a value that may be a reference ({"@id": ...}) or a URL string naming a node. */
export function resolve(value: Json | undefined, ids: Ids): Json | undefined {
  if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) return ids.get(value['@id']) ?? value;
  if (typeof value === 'string' && ids.has(value)) return ids.get(value);
  return value;
}

export function nodes(value: Json | undefined, ids: Ids): JsonObject[] {
  return list(value)
    .map((item) => resolve(item, ids))
    .filter((item): item is JsonObject => isObject(item));
}

function languageOf(tag: Json | undefined): Language | undefined {
  if (typeof tag !== 'string') return undefined;
  const lower = tag.toLowerCase();
  return lower.startsWith('de') ? 'de' : lower.startsWith('en') ? 'en' : undefined;
}

/** Plain text of a value: a string, a number, or {"@value": ...}. */
export function plain(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isObject(value)) return plain(value['@value']);
  if (Array.isArray(value)) return plain(value[0]);
  return undefined;
}

/** Text in de and en: language-tagged values go to their language, plain ones to the source's language. */
export function localized(value: Json | undefined, language: Language, multi = false): LocalizedText | undefined {
  const text: LocalizedText = {};
  const clean = multi ? multiLine : oneLine;
  for (const item of list(value)) {
    const tagged = isObject(item) ? languageOf(item['@language']) : undefined;
    const content = clean(plain(item));
    if (content === undefined) continue;
    const key = tagged ?? language;
    text[key] ??= content;
  }
  return text.de === undefined && text.en === undefined ? undefined : text;
}

/** The first image URL of a string, an ImageObject or an array of either. */
export function imageUrl(value: Json | undefined, ids: Ids): string | undefined {
  for (const item of list(value)) {
    const node = resolve(item, ids);
    const url = typeof node === 'string' ? node : isObject(node) ? plain(node.url) ?? plain(node.contentUrl) : undefined;
    if (url !== undefined && url.trim().length > 0) return url.trim();
  }
  return undefined;
}

/** A language code from inLanguage: "de", "en-GB", or a Language node. */
export function languageCode(value: Json | undefined, ids: Ids): string | undefined {
  const first = resolve(list(value)[0], ids);
  if (typeof first === 'string') return oneLine(first);
  if (isObject(first)) return oneLine(plain(first.alternateName) ?? plain(first.name));
  return undefined;
}

function personName(node: Json | undefined, ids: Ids): string | undefined {
  const resolved = resolve(node, ids);
  if (typeof resolved === 'string') return oneLine(resolved);
  if (!isObject(resolved)) return undefined;
  const given = [plain(resolved.givenName), plain(resolved.familyName)].filter((p) => p !== undefined).join(' ');
  return oneLine(plain(resolved.name)) ?? oneLine(given);
}

/** People: Person, Organization, PerformingGroup, a plain name, or a Role wrapping one of them. */
export function people(value: Json | undefined, ids: Ids, role?: string): Person[] {
  const found: Person[] = [];
  for (const item of list(value)) {
    const node = resolve(item, ids);
    const inner = isObject(node) && node.performer !== undefined ? node.performer : node;
    const name = personName(inner, ids);
    if (name === undefined) continue;
    const roleName = isObject(node) ? oneLine(plain(node.roleName) ?? plain(node.characterName)) : undefined;
    const person: Person = { name };
    if (roleName !== undefined || role !== undefined) person.role = roleName ?? role;
    found.push(person);
  }
  return found;
}

/** A Place (or a Place inside a Place: the hall of a venue), a PostalAddress or a plain text. */
export function location(value: Json | undefined, ids: Ids, where: string): { venue?: ImportedVenue; hallName?: string } {
  for (const item of list(value)) {
    const node = resolve(item, ids);
    if (typeof node === 'string') {
      const name = oneLine(node);
      if (name !== undefined) return { venue: { ref: name, name, where } };
      continue;
    }
    if (!isObject(node) || node['@type'] === 'VirtualLocation') continue;
    const container = nodes(node.containedInPlace, ids)[0];
    const hall = container === undefined ? undefined : oneLine(plain(node.name));
    const venue = venueOf(container ?? node, ids, where);
    if (venue !== undefined) return hall === undefined ? { venue } : { venue, hallName: hall };
  }
  return {};
}

function venueOf(node: JsonObject, ids: Ids, where: string): ImportedVenue | undefined {
  const address = resolve(node.address, ids) ?? (typesOf(node).includes('PostalAddress') ? node : undefined);
  const street = isObject(address) ? oneLine(plain(address.streetAddress)) : undefined;
  const name = oneLine(plain(node.name)) ?? (typeof address === 'string' ? oneLine(address) : street);
  if (name === undefined) return undefined;
  const id = plain(node['@id']);
  const venue: ImportedVenue = { ref: id ?? name, name, where };
  if (typeof address === 'string') {
    // "Marktplatz 3, 12345 Beispielstadt": street, postal code and city, as written on German pages.
    const parts = /^(.+?),\s*(\d{4,5})\s+(.+)$/.exec(address.trim());
    if (parts !== null) Object.assign(venue, { street: parts[1], postalCode: parts[2], city: parts[3] });
    else venue.street = oneLine(address);
  }
  if (isObject(address)) {
    const country = resolve(address.addressCountry, ids);
    Object.assign(venue, {
      street,
      postalCode: oneLine(plain(address.postalCode)),
      city: oneLine(plain(address.addressLocality)),
      country: oneLine(isObject(country) ? plain(country.name) : plain(country)),
    });
  }
  const geo = resolve(node.geo, ids);
  if (isObject(geo)) {
    const latitude = Number(plain(geo.latitude));
    const longitude = Number(plain(geo.longitude));
    if (Number.isFinite(latitude) && Number.isFinite(longitude) && plain(geo.latitude) !== undefined) Object.assign(venue, { latitude, longitude });
  }
  for (const key of Object.keys(venue) as (keyof ImportedVenue)[]) if (venue[key] === undefined) delete venue[key];
  return venue;
}

export interface Offers {
  prices: ImportedPrice[];
  soldOut: boolean;
  url?: string;
  problems: string[];
}

/** Offers, single or many, AggregateOffer included: prices, whether all are sold out, the booking link. */
export function offers(value: Json | undefined, ids: Ids, currency: string, language: Language): Offers {
  const result: Offers = { prices: [], soldOut: false, problems: [] };
  const all = nodes(value, ids).flatMap((offer) => (offer.offers === undefined ? [offer] : nodes(offer.offers, ids)));
  let soldOut = 0;
  all.forEach((offer, index) => {
    if (/SoldOut$/i.test(plain(offer.availability) ?? '')) soldOut += 1;
    result.url ??= oneLine(plain(offer.url));
    const raw = offer.price ?? offer.lowPrice ?? (isObject(offer.priceSpecification) ? offer.priceSpecification.price : undefined);
    if (raw === undefined || raw === null) return;
    const amount = typeof raw === 'number' || typeof raw === 'string' ? parseAmount(raw) : undefined;
    if (amount === undefined) {
      result.problems.push(`price "${plain(raw) ?? JSON.stringify(raw)}" is not an amount: left out`);
      return;
    }
    const name = oneLine(plain(offer.name)) ?? oneLine(plain(offer.category)) ?? (all.length === 1 ? 'Standard' : `${language === 'de' ? 'Preis' : 'Price'} ${index + 1}`);
    const code = oneLine(plain(offer.identifier) ?? plain(offer.sku));
    const price: ImportedPrice = { name, amountMinor: amount.amountMinor, currency: oneLine(plain(offer.priceCurrency))?.toUpperCase() ?? amount.currency ?? currency };
    if (code !== undefined) price.code = code;
    result.prices.push(price);
  });
  result.soldOut = all.length > 0 && soldOut === all.length;
  return result;
}

export type EventStatus = 'scheduled' | 'cancelled' | 'rescheduled' | 'postponed' | 'moved_online';

export function eventStatus(value: Json | undefined): EventStatus {
  const status = plain(value) ?? '';
  if (/EventCancell?ed$/i.test(status)) return 'cancelled';
  if (/EventRescheduled$/i.test(status)) return 'rescheduled';
  if (/EventPostponed$/i.test(status)) return 'postponed';
  if (/EventMovedOnline$/i.test(status)) return 'moved_online';
  return 'scheduled';
}
