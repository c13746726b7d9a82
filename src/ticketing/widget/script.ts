import { createHash } from 'node:crypto';
import { bookingClient } from './client.ts';
import { bookingStyle } from './style.ts';
import { eligibilityWords, type WidgetLanguage, widgetTexts } from './texts.ts';

/*
 * The booking widget's script with one house's settings baked in: its name, time zone
 * and currency, the payment methods it offers visitors, and its consent texts. Served
 * as /public/houses/<slug>/booking.js; see client.ts for what runs in the browser.
 */

export interface BookingScriptInput {
  /** Where the /public routes of this house are, when the script cannot tell from its own address. */
  endpoint: string;
  house: { name: string; timeZone: string; defaultLanguage: WidgetLanguage; currency: string };
  paymentMethods: readonly { method: string; label: { de: string; en: string } }[];
  consents: Record<'newsletter' | 'recommendations', { label: { de: string; en: string }; textDe: string; textEn: string | null }>;
  /** What the house says about processing the buyer's data for the booking (the 'ticketing' purpose). */
  privacy: { de: string; en: string | null };
}

/** JSON that may stand inside a script element: no "</script>", and no line separators older parsers choke on. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** The script and its ETag, the hash of exactly these bytes. */
export function bookingScript(input: BookingScriptInput): { body: string; etag: string } {
  const config = { ...input, texts: widgetTexts, eligibility: eligibilityWords };
  const json = scriptSafeJson(config);
  // Our own rules first: a house's texts may hold any string, '__STYLE__' included.
  const body = bookingClient.replace('__STYLE__', () => scriptSafeJson(bookingStyle)).replace('__CONFIG__', () => json);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}
