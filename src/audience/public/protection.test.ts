import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { insertContact } from '../testing.ts';
import { signupRequest } from './testing.ts';

/*
 * What protects the endpoints anyone may call: rate limits per client IP and, for the
 * sign-up, per e-mail address (counted on the injected clock), and the security headers
 * of every answer.
 */

let t: TestApp;

afterEach(async () => {
  await t.close();
});

const MINUTE = 60_000;

describe(`rate limits of the public endpoints on ${testEngine}`, () => {
  it('allows 10 sign-ups per IP in 10 minutes, then answers 429 with Retry-After until the window moves on', async () => {
    t = await createTestApp();
    for (let n = 0; n < 10; n += 1) expect((await signupRequest(t, { email: `p${n}@example.org`, purposes: ['newsletter'] })).statusCode).toBe(202);
    const refused = await signupRequest(t, { email: 'p10@example.org', purposes: ['newsletter'] });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('600');
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(refused.json()).toEqual({ error: { code: 'rate_limited', message: 'too many sign-ups: try again in 10 minutes', details: [] } });
    // Another client is not held up by this one.
    expect((await signupRequest(t, { email: 'p11@example.org', purposes: ['newsletter'] }, { ip: '192.0.2.50' })).statusCode).toBe(202);

    t.clock.advance(10 * MINUTE - 1);
    expect((await signupRequest(t, { email: 'p12@example.org', purposes: ['newsletter'] })).statusCode).toBe(429);
    t.clock.advance(1);
    expect((await signupRequest(t, { email: 'p13@example.org', purposes: ['newsletter'] })).statusCode).toBe(202);
  });

  it('allows 3 sign-ups of one address per hour from anywhere, so nobody can flood someone’s inbox', async () => {
    t = await createTestApp();
    for (let n = 0; n < 3; n += 1) {
      expect((await signupRequest(t, { email: 'victim@example.org', purposes: ['newsletter'] }, { ip: `192.0.2.${n + 1}` })).statusCode).toBe(202);
    }
    const refused = await signupRequest(t, { email: ' Victim@Example.org ', purposes: ['newsletter'] }, { ip: '192.0.2.99' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    const jobs = await t.foyer.database.db.selectFrom('consent').select('id').execute();
    expect(jobs).toHaveLength(1); // one consent row, requested three times
    expect((await signupRequest(t, { email: 'someone-else@example.org', purposes: ['newsletter'] }, { ip: '192.0.2.99' })).statusCode).toBe(202);
    t.clock.advance(60 * MINUTE);
    expect((await signupRequest(t, { email: 'victim@example.org', purposes: ['newsletter'] }, { ip: '192.0.2.99' })).statusCode).toBe(202);
  });

  it('allows 60 preference-centre and confirmation requests per IP a minute; the page says so in HTML', async () => {
    t = await createTestApp();
    const contactId = await insertContact(t.foyer.database.db, t.house.id, { language: 'en' });
    const path = new URL(await t.foyer.services.publicAudience.preferenceLink(t.house.id, contactId)).pathname;
    const request = (url: string) => t.foyer.http.inject({ method: 'GET', url, remoteAddress: '203.0.113.5' });
    for (let n = 0; n < 30; n += 1) expect((await request(path)).statusCode).toBe(200);
    for (let n = 0; n < 30; n += 1) expect((await request(`/public/confirm/foyer_optin_unknown${n}`)).statusCode).toBe(404);
    const page = await request(`${path}?lang=en`);
    expect(page.statusCode).toBe(429);
    expect(page.headers['retry-after']).toBe('60');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('Too many requests');
    const api = await request(`${path}/consents`);
    expect(api.statusCode).toBe(429);
    expect(api.json().error.code).toBe('rate_limited');
    t.clock.advance(MINUTE);
    expect((await request(path)).statusCode).toBe(200);
  });

  it('takes the limits from the configuration', async () => {
    t = await createTestApp({ env: { FOYER_SIGNUP_LIMIT_PER_IP: '2', FOYER_SIGNUP_LIMIT_PER_ADDRESS: '1' } });
    expect((await signupRequest(t, { email: 'a@example.org', purposes: ['newsletter'] })).statusCode).toBe(202);
    expect((await signupRequest(t, { email: 'a@example.org', purposes: ['newsletter'] })).statusCode).toBe(429);
    // The refused attempt above gave its per-IP count back: the second address still fits.
    expect((await signupRequest(t, { email: 'b@example.org', purposes: ['newsletter'] })).statusCode).toBe(202);
    expect((await signupRequest(t, { email: 'c@example.org', purposes: ['newsletter'] })).statusCode).toBe(429);
  });
});

describe('security headers', () => {
  it('come with every answer: CSP for the staff app, no framing, nosniff, no referrer, no HSTS over http', async () => {
    t = await createTestApp();
    for (const url of ['/healthz', '/api/auth/me', `/public/houses/${t.house.slug}/programme`]) {
      const response = await t.foyer.http.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
    const staff = await t.foyer.http.inject({ method: 'GET', url: '/healthz' });
    expect(staff.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(staff.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('add HSTS and upgrade-insecure-requests when Foyer is served over https', async () => {
    t = await createTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.theater.example' } });
    const response = await t.foyer.http.inject({ method: 'GET', url: '/healthz' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(response.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});
