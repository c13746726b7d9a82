import { Script } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';
import type { ChatScriptInput } from './script.ts';

/*
 * The chat widget's script as a house's page loads it. What it does in a browser:
 * test/browser/assistant.test.ts.
 */

type ChatConfig = ChatScriptInput & { maxLength: number; texts: Record<'de' | 'en', Record<string, string>> };

/** The config the server baked into the script, read back the way the browser's parser reads it. */
function configOf(body: string): ChatConfig {
  const match = /^ {2}var config = (.*);$/m.exec(body);
  if (match?.[1] === undefined) throw new Error('no config in the script');
  return JSON.parse(match[1]) as ChatConfig;
}

describe('the chat widget script', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const load = (slug: string, headers: Record<string, string> = {}) => t.foyer.http.inject({ method: 'GET', url: `/public/houses/${slug}/assistant.js`, headers });

  it('serves JavaScript any site may load, cacheable with an ETag, with the house baked in', async () => {
    const response = await load(t.house.slug, { origin: 'https://theater.example' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(() => new Script(response.body)).not.toThrow();
    expect(response.body).not.toContain('__CONFIG__');
    expect(response.body).not.toContain('__STYLE__');
    expect(response.body).toContain("credentials: 'omit'");

    const config = configOf(response.body);
    expect(config.house).toEqual({ name: 'Stadttheater Test', defaultLanguage: 'de' });
    expect(config.houseSlug).toBe(t.house.slug);
    expect(config.endpoint).toBe(`${t.foyer.config.publicUrl}/public/houses/${t.house.slug}/`);
    expect(config.maxLength).toBe(1000);
    expect(config.texts.de).toMatchObject({ send: 'Senden', close: 'Chat schließen' });
    expect(config.texts.en).toMatchObject({ send: 'Send', close: 'Close the chat' });
    expect(Object.keys(config.texts.en).sort()).toEqual(Object.keys(config.texts.de).sort());

    const again = await load(t.house.slug, { 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('speaks English first for a house whose default language is English', async () => {
    const house = await insertTestHouse(t.foyer, { name: 'Globe Hall', slug: 'globe-hall' });
    await t.foyer.database.db.updateTable('house').set({ default_language: 'en' }).where('id', '=', house.id).execute();
    expect(configOf((await load(house.slug)).body).house.defaultLanguage).toBe('en');
  });

  it('keeps a house name with </script> or a line separator from breaking out of the script', async () => {
    const name = 'Theater </script><script>alert(1)</script> \u2028\u2029 "Am Markt" __STYLE__';
    const house = await insertTestHouse(t.foyer, { name, slug: 'theater-am-markt' });
    const response = await load(house.slug);
    expect(response.statusCode).toBe(200);
    expect(response.body.toLowerCase()).not.toContain('</script');
    expect(response.body).not.toContain('\u2028');
    expect(() => new Script(response.body)).not.toThrow();
    expect(configOf(response.body).house.name).toBe(name);
  });

  it('answers 404 in the API’s error shape for a house that does not exist', async () => {
    const response = await load('no-such-house');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
