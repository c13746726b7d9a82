import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { createTestApp, insertTestHouse, type TestApp } from '../../core/testing/app.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url));

function upload(content: Uint8Array | string, name = 'contacts.csv', extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/csv' }), name);
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return form;
}

describe('the contact import API', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function insertUnit(slug: string, houseId = t.house.id) {
    const id = newId();
    const now = new Date().toISOString();
    await t.foyer.database.db
      .insertInto('unit')
      .values({ id, house_id: houseId, slug, name_de: slug, name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
      .execute();
    return id;
  }

  const post = (url: string, form: FormData, headers: Record<string, string>) => t.foyer.http.inject({ method: 'POST', url, payload: form as never, headers });
  const contactCount = async () => Number((await t.foyer.database.db.selectFrom('contact').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('imports an upload, reports it, and lists the run', async () => {
    const headers = await t.as('marketing');
    const response = await post('/api/contact-imports', upload(fixture('pretix-orders.csv'), 'pretix-orders.csv'), headers);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ runId: expect.any(String), report: { created: 3, updated: 0, unchanged: 0, details: { dryRun: false, bookings: { created: 4 } } } });
    expect(body.report.skipped).toHaveLength(3);

    const runs = await t.foyer.http.inject({ method: 'GET', url: '/api/contact-imports', headers });
    expect(runs.statusCode).toBe(200);
    expect(runs.json()).toMatchObject({ total: 1, items: [{ id: body.runId, source: 'pretix-orders.csv', status: 'ok', dryRun: false, unitId: null }] });
    const one = await t.foyer.http.inject({ method: 'GET', url: `/api/contact-imports/${body.runId}`, headers });
    expect(one.json()).toMatchObject({ report: body.report, error: null, actor: expect.stringMatching(/^api_key:/) });
  });

  it('takes a dry run, the source and a column mapping in the query', async () => {
    const headers = await t.as('marketing');
    const columns = encodeURIComponent(JSON.stringify({ email: 'Mail', consentDate: 'Seit', consent: { newsletter: 'NL' } }));
    const dry = await post(`/api/contact-imports?dryRun=true&source=box_office&columns=${columns}`, upload(fixture('custom-columns.csv')), headers);
    expect(dry.statusCode).toBe(200);
    expect(dry.json().report).toMatchObject({ created: 1, details: { dryRun: true } });
    expect(await contactCount()).toBe(0);

    const real = await post(`/api/contact-imports?source=box_office`, upload(fixture('custom-columns.csv'), 'contacts.csv', { columns: JSON.stringify({ email: 'Mail', consent: { newsletter: 'NL' } }) }), headers);
    expect(real.statusCode).toBe(200);
    const consent = await t.foyer.database.db.selectFrom('consent').select(['source', 'legal_basis']).executeTakeFirstOrThrow();
    expect(consent).toEqual({ source: 'box_office', legal_basis: 'consent' });
  });

  it('answers a file it cannot read with a 422 naming the problem, and writes nothing', async () => {
    const headers = await t.as('marketing');
    const response = await post('/api/contact-imports', upload('Vorname;Nachname\nErika;Mustermann\n', 'names.csv'), headers);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'unreadable_input', message: expect.stringContaining('e-mail column'), details: [{ field: 'file' }] } });
    expect(await contactCount()).toBe(0);

    const workbook = await post('/api/contact-imports', upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'contacts.xlsx'), headers);
    expect(workbook.statusCode).toBe(422);

    const badMapping = await post('/api/contact-imports?columns=%7Bnope', upload(fixture('custom-columns.csv')), headers);
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().error.details[0].field).toBe('columns');

    const missing = await t.foyer.http.inject({ method: 'POST', url: '/api/contact-imports', payload: {}, headers });
    expect(missing.statusCode).toBe(400);
  });

  it('refuses a file over FOYER_IMPORT_MAX_MB', async () => {
    const small = await createTestApp({ env: { FOYER_IMPORT_MAX_MB: '0.001' } });
    try {
      const headers = await small.as('marketing');
      const response = await small.foyer.http.inject({ method: 'POST', url: '/api/contact-imports', payload: upload(fixture('pretix-orders.csv')) as never, headers });
      expect(response.statusCode).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('needs audience:import: the dialogue team and analysts cannot import', async () => {
    for (const role of ['dialogue', 'analyst'] as const) {
      const headers = await t.as(role);
      expect((await post('/api/contact-imports', upload(fixture('pretix-orders.csv')), headers)).statusCode).toBe(403);
      expect((await t.foyer.http.inject({ method: 'GET', url: '/api/contact-imports', headers })).statusCode).toBe(403);
    }
    expect(await contactCount()).toBe(0);
  });

  it('imports unit staff into their own unit only, and shows them only their unit’s runs', async () => {
    const school = await insertUnit('schule');
    const youth = await insertUnit('junges-haus');
    const marketing = await t.as('marketing');
    const staff = await t.login('unit_staff', { unitId: school });

    const elsewhere = await post(`/api/contact-imports?unitId=${youth}`, upload(fixture('pretix-orders.csv')), staff);
    expect(elsewhere.statusCode).toBe(403);

    const own = await post('/api/contact-imports', upload(fixture('pretix-orders.csv')), staff);
    expect(own.statusCode).toBe(200);
    const members = await t.foyer.database.db.selectFrom('contact_unit').select('unit_id').execute();
    expect(members.map((m) => m.unit_id)).toEqual([school, school, school]);

    const houseRun = await post(`/api/contact-imports?unitId=${youth}`, upload(fixture('newsletter-de.csv')), marketing);
    expect(houseRun.statusCode).toBe(200);
    const seen = await t.foyer.http.inject({ method: 'GET', url: '/api/contact-imports', headers: staff });
    expect(seen.json()).toMatchObject({ total: 1, items: [{ id: own.json().runId, unitId: school }] });
    const hidden = await t.foyer.http.inject({ method: 'GET', url: `/api/contact-imports/${houseRun.json().runId}`, headers: staff });
    expect(hidden.statusCode).toBe(404);
    const all = await t.foyer.http.inject({ method: 'GET', url: '/api/contact-imports', headers: marketing });
    expect(all.json().total).toBe(2);
  });

  it('never shows one house the runs of another', async () => {
    const other = await insertTestHouse(t.foyer, { slug: 'museum' });
    const ours = await post('/api/contact-imports', upload(fixture('pretix-orders.csv')), await t.as('marketing'));
    const theirs = await t.as('marketing', { houseId: other.id });
    expect((await t.foyer.http.inject({ method: 'GET', url: '/api/contact-imports', headers: theirs })).json().total).toBe(0);
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/contact-imports/${ours.json().runId}`, headers: theirs })).statusCode).toBe(404);
  });
});
