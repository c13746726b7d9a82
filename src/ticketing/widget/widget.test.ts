import { Script } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import { idempotent, seedBookable } from '../test-fixtures.ts';
import type { BookingScriptInput } from './script.ts';

/*
 * The booking widget's script as a house's page loads it, and the CORS answers its
 * calls need from another origin. What it does in a browser: test/browser/booking-widget.test.ts.
 */

type WidgetConfig = BookingScriptInput & { texts: Record<'de' | 'en', Record<string, unknown>> };

/** The config the server baked into the script, read back the way the browser's parser reads it. */
function configOf(body: string): WidgetConfig {
  const match = /^ {2}var config = (.*);$/m.exec(body);
  if (match?.[1] === undefined) throw new Error('no config in the script');
  return JSON.parse(match[1]) as WidgetConfig;
}

describe('the booking widget script', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
  });
  afterEach(async () => {
    await t.close();
  });

  const load = (slug: string, headers: Record<string, string> = {}) => t.foyer.http.inject({ method: 'GET', url: `/public/houses/${slug}/booking.js`, headers });

  it('serves JavaScript any site may load, cacheable with an ETag, with the house’s settings baked in', async () => {
    const response = await load(t.house.slug);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(() => new Script(response.body)).not.toThrow();
    expect(response.body).not.toContain('__CONFIG__');
    expect(response.body).toContain("credentials: 'omit'");

    const config = configOf(response.body);
    expect(config.house).toEqual({ name: 'Stadttheater Test', timeZone: 'Europe/Berlin', defaultLanguage: 'de', currency: 'EUR' });
    expect(config.endpoint).toBe(`${t.foyer.config.publicUrl}/public/houses/${t.house.slug}/`);
    // The house's default methods, public ones only: cash at the desk is never offered to visitors.
    expect(config.paymentMethods).toEqual([
      { method: 'box_office', label: { de: 'Bezahlung an der Kasse', en: 'Pay at the box office' } },
      { method: 'invoice', label: { de: 'Rechnung', en: 'Invoice' } },
      { method: 'free', label: { de: 'Freikarte', en: 'Free ticket' } },
    ]);
    expect(config.texts.en).toMatchObject({ continue: 'Continue', book: 'Book and pay' });
    expect(config.texts.de).toMatchObject({ continue: 'Weiter', book: 'Zahlungspflichtig buchen' });
    expect(config.texts.de).toMatchObject({ waitJoin: 'Auf die Warteliste', waitAlready: 'Sie stehen bereits auf der Warteliste.' });
    expect(config.texts.en).toMatchObject({ waitJoin: 'Join the waiting list', waitAlready: 'You are already on the waiting list.' });

    const again = await load(t.house.slug, { 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('offers the payment methods the house chose and shows its own consent texts', async () => {
    await t.foyer.services.ticketing.settings.update(t.house.id, { paymentMethods: ['invoice'] });
    await t.foyer.services.audience.consents.setPolicy('staff:test', t.house.id, 'newsletter', {
      expiryMonths: 24,
      textDe: 'Ja, schickt mir den Spielzeit-Newsletter.',
      textEn: 'Yes, send me the season newsletter.',
    });
    const config = configOf((await load(t.house.slug)).body);
    expect(config.paymentMethods.map((m) => m.method)).toEqual(['invoice']);
    expect(config.consents.newsletter).toEqual({
      label: { de: 'Newsletter', en: 'Newsletter' },
      textDe: 'Ja, schickt mir den Spielzeit-Newsletter.',
      textEn: 'Yes, send me the season newsletter.',
    });
    const defaults = await t.foyer.services.audience.consents.policies(t.house.id);
    expect(config.consents.recommendations.textDe).toBe(defaults.find((p) => p.purpose === 'recommendations')?.textDe);
    expect(config.privacy.de).toBe(defaults.find((p) => p.purpose === 'ticketing')?.textDe);
  });

  it('keeps a house name with </script> or a line separator from breaking out of the script', async () => {
    const name = 'Theater </script><script>alert(1)</script> \u2028\u2029 "Am Markt" __STYLE__';
    const house = await insertTestHouse(t.foyer, { name, slug: 'theater-am-markt' });
    const response = await load(house.slug);
    expect(response.statusCode).toBe(200);
    expect(response.body.toLowerCase()).not.toContain('</script');
    expect(response.body).not.toContain('\u2028');
    expect(response.body).not.toContain('\u2029');
    expect(() => new Script(response.body)).not.toThrow();
    expect(configOf(response.body).house.name).toBe(name);
  });

  it('answers 404 in the API’s error shape for a house that does not exist', async () => {
    const response = await load('no-such-house');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('CORS for the booking calls from a house’s own site', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp({ env: { FOYER_BOOKING_LIMIT_PER_IP: '100000', FOYER_PUBLIC_LIMIT_PER_IP: '100000' } });
  });
  afterEach(async () => {
    await t.close();
  });

  const preflight = (url: string, method: string, headers: string) =>
    t.foyer.http.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://theater.example', 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it('lets a page of another origin post a hold and an order with an Idempotency-Key, and release a hold', async () => {
    const base = `/public/houses/${t.house.slug}`;
    const cases = [
      { url: `${base}/holds`, method: 'POST' },
      { url: `${base}/orders`, method: 'POST' },
      { url: `${base}/holds/0190a4f2-8d3e-7c11-9a4b-2f6d1e0c9b7a?token=x`, method: 'DELETE' },
    ];
    for (const { url, method } of cases) {
      const answer = await preflight(url, method, 'content-type,idempotency-key');
      expect(answer.statusCode, url).toBe(204);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(String(answer.headers['access-control-allow-methods']).split(', ')).toContain(method);
      expect(String(answer.headers['access-control-allow-headers']).toLowerCase().split(', ')).toEqual(['content-type', 'idempotency-key']);
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('opens the answers to every origin and exposes Idempotent-Replayed to the widget', async () => {
    const b = await seedBookable(t);
    const base = `/public/houses/${t.house.slug}`;
    const headers = idempotent({ origin: 'https://theater.example' });
    const order = {
      items: [{ performanceId: b.performance.id, priceCategoryId: b.stalls.id, quantity: 1 }],
      buyer: { name: 'Anna Becker', email: 'anna@example.org', language: 'de' },
      paymentMethod: 'invoice',
    };
    const first = await t.foyer.http.inject({ method: 'POST', url: `${base}/orders`, headers, payload: order });
    expect(first.statusCode).toBe(201);
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const replay = await t.foyer.http.inject({ method: 'POST', url: `${base}/orders`, headers, payload: order });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(String(replay.headers['access-control-expose-headers'])).toContain('Idempotent-Replayed');

    // Refusals too: the widget must read a sold_out or validation answer to say what went wrong.
    const refused = await t.foyer.http.inject({ method: 'POST', url: `${base}/holds`, headers: { origin: 'https://theater.example' }, payload: { items: [] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    const availability = await t.foyer.http.inject({ method: 'GET', url: `${base}/performances/${b.performance.id}/availability`, headers: { origin: 'https://theater.example' } });
    expect(availability.headers['access-control-allow-origin']).toBe('*');
  });

  it('lets the widget join the waiting list from another origin, and read the refusal that seats are free after all', async () => {
    const b = await seedBookable(t);
    const url = `/public/houses/${t.house.slug}/performances/${b.performance.id}/waiting-list`;
    const answer = await preflight(url, 'POST', 'content-type');
    expect(answer.statusCode).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(String(answer.headers['access-control-allow-methods']).split(', ')).toContain('POST');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase().split(', ')).toContain('content-type');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();

    const join = { priceCategoryId: b.stalls.id, quantity: 1, name: 'Anna Becker', email: 'anna@example.org', language: 'de' };
    const refused = await t.foyer.http.inject({ method: 'POST', url, headers: { origin: 'https://theater.example' }, payload: join });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'seats_available' } });
    expect(refused.headers['access-control-allow-origin']).toBe('*');
  });
});
