import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { testEngine } from '../../core/testing/database.ts';
import { feedImportJob } from './feeds.ts';

const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Stadttheater//Spielplan//DE',
  'BEGIN:VEVENT',
  'UID:faust-1@stadttheater.example',
  'DTSTAMP:20260801T120000Z',
  'DTSTART;TZID=Europe/Berlin:20261002T193000',
  'DTEND;TZID=Europe/Berlin:20261002T223000',
  'SUMMARY:Faust',
  'LOCATION:Stadttheater',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:faust-2@stadttheater.example',
  'DTSTAMP:20260801T120000Z',
  'DTSTART;TZID=Europe/Berlin:20261009T193000',
  'SUMMARY:Faust',
  'LOCATION:Stadttheater',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const page = `<!doctype html><html><head><title>Spielplan</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"TheaterEvent","@id":"https://theater.example/faust/2026-10-02",
 "name":"Faust","startDate":"2026-10-02T19:30:00+02:00","eventStatus":"https://schema.org/EventScheduled",
 "location":{"@type":"Place","@id":"https://theater.example/#haus","name":"Stadttheater","address":{"@type":"PostalAddress","streetAddress":"Theaterplatz 1","addressLocality":"Neustadt"}},
 "offers":{"@type":"Offer","price":"24.50","priceCurrency":"EUR","name":"Parkett"}}
</script></head><body><h1>Spielplan</h1></body></html>`;

async function insertUnit(t: TestApp, slug: string) {
  const id = newId();
  const now = new Date().toISOString();
  await t.foyer.database.db
    .insertInto('unit')
    .values({ id, house_id: t.house.id, slug, name_de: slug, name_en: null, description_de: null, description_en: null, created_at: now, updated_at: now })
    .execute();
  return id;
}

function upload(content: string, name = 'spielplan.ics', type = 'text/calendar', extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), name);
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  return form;
}

describe('the import API', () => {
  let t: TestApp;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/spielplan.ics') {
        response.writeHead(200, { 'content-type': 'text/calendar' });
        response.end(calendar);
      } else if (request.url === '/spielplan.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function post(url: string, payload: FormData | object, headers: Record<string, string>) {
    return t.foyer.http.inject({ method: 'POST', url, payload: payload as never, headers });
  }

  it('imports an uploaded calendar, and finds it unchanged the second time', async () => {
    const headers = await t.as('marketing');
    const first = await post('/api/imports', upload(calendar), headers);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      runId: expect.any(String),
      report: { dryRun: false, format: 'ics', skipped: [], details: { productions: { created: 1 }, performances: { created: 2 } } },
    });
    const starts = await t.foyer.database.db.selectFrom('performance').select('starts_at').orderBy('starts_at').execute();
    // 19:30 in Berlin (summer time) is 17:30 UTC.
    expect(starts.map((r) => r.starts_at)).toEqual(['2026-10-02T17:30:00.000Z', '2026-10-09T17:30:00.000Z']);

    const second = await post('/api/imports', upload(calendar), headers);
    expect(second.json().report).toMatchObject({ created: 0, updated: 0, details: { performances: { unchanged: 2 } } });

    const runs = await t.foyer.http.inject({ method: 'GET', url: '/api/imports', headers });
    expect(runs.json()).toMatchObject({ total: 2, items: [{ id: second.json().runId, status: 'ok', format: 'ics', source: 'spielplan.ics' }, { id: first.json().runId }] });
    const one = await t.foyer.http.inject({ method: 'GET', url: `/api/imports/${first.json().runId}`, headers });
    expect(one.json()).toMatchObject({ report: first.json().report, dryRun: false, error: null });
  });

  it('writes nothing on a dry run and reports what the real run would', async () => {
    const headers = await t.as('marketing');
    const dry = await post('/api/imports?dryRun=true', upload(calendar), headers);
    expect(dry.statusCode).toBe(200);
    expect(await t.foyer.database.db.selectFrom('performance').select('id').execute()).toEqual([]);
    const real = await post('/api/imports', upload(calendar), headers);
    expect({ ...dry.json().report, dryRun: false }).toEqual(real.json().report);
  });

  it('imports from a URL given as JSON', async () => {
    const response = await post('/api/imports', { url: `${base}/spielplan.ics` }, await t.as('marketing'));
    expect(response.statusCode).toBe(200);
    expect(response.json().report.details.performances.created).toBe(2);
  });

  it('imports a German ticketing CSV in Windows-1252 with a column mapping, prices included', async () => {
    const csv = [
      'Vorst-Nr;Stück;Tag;Beginn;Spielstätte;Saal;Preis A',
      '101;Die Räuber;02.10.2026;19:30;Stadttheater;Großes Haus;32,00 €',
      '102;Die Räuber;09.10.2026;19:30;Stadttheater;Großes Haus;32,00 €',
      '103;Kasimir und Karoline;;20:00;Stadttheater;Kammerspiele;18,00 €',
      '',
    ].join('\r\n');
    const latin1 = Uint8Array.from([...csv].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
    const form = new FormData();
    form.append('file', new Blob([latin1], { type: 'text/csv' }), 'export.csv');
    form.append('columns', JSON.stringify({ id: 'Vorst-Nr', price: 'Preis A' }));
    const response = await post('/api/imports', form, await t.as('marketing'));

    expect(response.statusCode).toBe(200);
    const report = response.json().report;
    expect(report).toMatchObject({ format: 'csv', details: { productions: { created: 1 }, performances: { created: 2 } } });
    expect(report.skipped).toEqual([{ where: expect.stringContaining('4'), reason: expect.any(String) }]);
    expect(report.warnings.map((w: { message: string }) => w.message).join('\n')).toContain('Windows-1252');
    const production = await t.foyer.database.db.selectFrom('production').select(['id', 'title_de']).executeTakeFirstOrThrow();
    expect(production.title_de).toBe('Die Räuber');
    const prices = await t.foyer.database.db.selectFrom('price_category').select(['amount_minor', 'currency', 'production_id', 'performance_id']).execute();
    expect(prices).toEqual([{ amount_minor: 3200, currency: 'EUR', production_id: production.id, performance_id: null }]);
    const hall = await t.foyer.database.db.selectFrom('hall').select('name').execute();
    expect(hall).toEqual([{ name: 'Großes Haus' }]);
  });

  it('answers 400 naming an unknown CSV column field', async () => {
    const form = upload('Titel;Datum\nFaust;02.10.2026\n', 'x.csv', 'text/csv', { columns: JSON.stringify({ colour: 'Farbe' }) });
    const response = await post('/api/imports', form, await t.as('marketing'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { details: [{ field: 'columns' }] } });
  });

  it('imports schema.org events from an HTML page at a URL', async () => {
    const response = await post('/api/imports', { url: `${base}/spielplan.html` }, await t.as('marketing'));
    expect(response.statusCode).toBe(200);
    expect(response.json().report).toMatchObject({ format: 'jsonld', details: { venues: { created: 1 }, performances: { created: 1 } } });
    const performance = await t.foyer.database.db.selectFrom('performance').select(['starts_at', 'status']).executeTakeFirstOrThrow();
    expect(performance).toEqual({ starts_at: '2026-10-02T17:30:00.000Z', status: 'scheduled' });
    const price = await t.foyer.database.db.selectFrom('price_category').select(['amount_minor']).executeTakeFirstOrThrow();
    expect(price.amount_minor).toBe(2450);
  });

  it('answers 422 naming the problem for a file that is not a calendar', async () => {
    const response = await post('/api/imports?format=ics', upload('this is not a calendar at all'), await t.as('marketing'));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'unreadable_input', message: expect.any(String) } });
  });

  it('documents the import and feed routes in the OpenAPI document', async () => {
    const response = await t.foyer.http.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(expect.arrayContaining(['/api/imports', '/api/imports/{id}', '/api/feeds', '/api/feeds/{id}', '/api/feeds/{id}/run']));
  });

  it('refuses an import by an account without the import permission', async () => {
    const response = await post('/api/imports', upload(calendar), await t.as('analyst'));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers 422 naming an unknown format', async () => {
    const response = await post('/api/imports?format=xlsx', upload(calendar), await t.as('marketing'));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ error: { code: 'unreadable_input', message: expect.stringContaining('"xlsx"') } });
  });

  it('answers 400 for an empty file', async () => {
    const response = await post('/api/imports', upload(''), await t.as('marketing'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'file' }] } });
  });

  it('answers 400 when the upload has no file field', async () => {
    const form = new FormData();
    form.append('note', 'hello');
    const response = await post('/api/imports', form, await t.as('marketing'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { details: [{ field: 'file' }] } });
  });

  it('answers 400 for a URL that is not http or https', async () => {
    const response = await post('/api/imports', { url: 'ftp://example.org/feed.ics' }, await t.as('marketing'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation', details: [{ field: 'url' }] } });
  });

  it('answers 502 naming the status when the URL fails, and lists the failed run', async () => {
    const headers = await t.as('marketing');
    const response = await post('/api/imports', { url: `${base}/gone.ics` }, headers);
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ error: { code: 'upstream', message: expect.stringContaining('404') } });

    const runs = await t.foyer.http.inject({ method: 'GET', url: '/api/imports', headers });
    expect(runs.statusCode).toBe(200);
    expect(runs.json()).toMatchObject({
      total: 1,
      items: [{ source: `${base}/gone.ics`, status: 'failed', report: null, error: { code: 'upstream' }, actor: expect.stringMatching(/^api_key:/) }],
    });
  });

  it('refuses to import into a unit other than the unit staff member’s own', async () => {
    const unitId = await insertUnit(t, 'junges-haus');
    const other = await insertUnit(t, 'museum');
    const response = await post(`/api/imports?unitId=${other}`, upload(calendar), await t.as('unit_staff', { unitId }));
    expect(response.statusCode).toBe(403);
  });

  it('shows unit staff the runs of their unit’s feeds and their own runs, not those of the house or another unit', async () => {
    const young = await insertUnit(t, 'junges-haus');
    const museum = await insertUnit(t, 'museum');
    const marketing = await t.as('marketing');
    await post('/api/imports', { url: `${base}/gone.ics?token=secret` }, marketing);
    const youngStaff = await t.as('unit_staff', { unitId: young });
    const feed = (await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload: { url: `${base}/spielplan.ics` }, headers: youngStaff })).json();
    expect((await t.foyer.http.inject({ method: 'POST', url: `/api/feeds/${feed.id}/run`, headers: youngStaff })).statusCode).toBe(200);
    const museumStaff = await t.as('unit_staff', { unitId: museum });
    expect((await post('/api/imports', upload(calendar), museumStaff)).statusCode).toBe(200);
    const runs = async (headers: Record<string, string>) =>
      (await t.foyer.http.inject({ method: 'GET', url: '/api/imports', headers })).json() as { total: number; items: { id: string; source: string }[] };
    const all = await runs(marketing);
    const idOf = (source: string) => all.items.find((run) => run.source === source)?.id as string;
    const [houseRun, feedRun, museumRun] = [idOf(`${base}/gone.ics?token=secret`), idOf(`${base}/spielplan.ics`), idOf('spielplan.ics')];
    expect(all.total).toBe(3);

    // A colleague in the young unit sees its feed's run; nobody in a unit sees the house's URL and its token.
    expect(await runs(await t.as('unit_staff', { unitId: young }))).toMatchObject({ total: 1, items: [{ id: feedRun }] });
    expect(await runs(museumStaff)).toMatchObject({ total: 1, items: [{ id: museumRun }] });
    for (const id of [houseRun, feedRun]) {
      expect((await t.foyer.http.inject({ method: 'GET', url: `/api/imports/${id}`, headers: museumStaff })).statusCode).toBe(404);
    }
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/imports/${museumRun}`, headers: museumStaff })).statusCode).toBe(200);
  });

  it('does not show another house’s import runs', async () => {
    await post('/api/imports', { url: `${base}/gone.ics` }, await t.as('marketing'));
    const { insertTestHouse } = await import('../../core/testing/app.ts');
    const other = await insertTestHouse(t.foyer);
    const runs = await t.foyer.http.inject({ method: 'GET', url: '/api/imports', headers: await t.as('marketing', { houseId: other.id }) });
    expect(runs.json()).toMatchObject({ total: 0, items: [] });
  });
});

describe('the upload limit', () => {
  it('answers 413 for a file over FOYER_IMPORT_MAX_MB', async () => {
    const t = await createTestApp({ env: { FOYER_IMPORT_MAX_MB: '0.001' } });
    try {
      const big = `${calendar}${'X-FILLER:0123456789\r\n'.repeat(100)}`;
      const response = await t.foyer.http.inject({ method: 'POST', url: '/api/imports', payload: upload(big) as never, headers: await t.as('marketing') });
      expect(response.statusCode).toBe(413);
      expect(await t.foyer.database.db.selectFrom('performance').select('id').execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('the feeds API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates a feed with the six-hourly default schedule, changes and deletes it', async () => {
    const headers = await t.as('marketing');
    const created = await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'https://tickets.example/spielplan.ics' }, headers });
    expect(created.statusCode).toBe(201);
    const feed = created.json();
    expect(feed).toMatchObject({ name: 'tickets.example', format: 'auto', cron: '0 */6 * * *', enabled: true, unitId: null, lastRunAt: null, lastStatus: null });

    const patched = await t.foyer.http.inject({ method: 'PATCH', url: `/api/feeds/${feed.id}`, payload: { cron: '30 5 * * *', enabled: false, name: 'Ticketing' }, headers });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Ticketing', cron: '30 5 * * *', enabled: false, url: 'https://tickets.example/spielplan.ics' });

    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/feeds', headers });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: feed.id }] });

    expect((await t.foyer.http.inject({ method: 'DELETE', url: `/api/feeds/${feed.id}`, headers })).statusCode).toBe(204);
    expect((await t.foyer.http.inject({ method: 'GET', url: `/api/feeds/${feed.id}`, headers })).statusCode).toBe(404);
  });

  it('re-imports a feed when its schedule comes due on the jobs layer', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/calendar' });
      response.end(calendar);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/spielplan.ics`;
      const headers = await t.as('marketing');
      t.clock.set('2026-09-01T08:10:00.000Z');
      const feed = (await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload: { url }, headers })).json();
      expect(await t.foyer.jobs.schedules()).toEqual([
        expect.objectContaining({ key: `catalogue.feed-import/${feed.id}`, cron: '0 */6 * * *', timeZone: 'Europe/Berlin', nextRunAt: '2026-09-01T10:00:00.000Z' }),
      ]);

      if (testEngine === 'sqlite') {
        // The SQLite queue reads the injected clock: the schedule fires when it comes due.
        expect(await t.foyer.jobs.runDueJobs()).toBe(0);
        t.clock.set('2026-09-01T10:00:01.000Z');
        await t.foyer.jobs.runDueJobs();
      } else {
        // pg-boss fires schedules on the database's clock; here the job is queued as its cron would.
        await t.foyer.jobs.enqueue(feedImportJob, { feedId: feed.id, houseId: t.house.id });
        await t.foyer.jobs.runDueJobs();
      }

      const after = (await t.foyer.http.inject({ method: 'GET', url: `/api/feeds/${feed.id}`, headers })).json();
      expect(after).toMatchObject({ lastStatus: 'ok', lastReport: { details: { performances: { created: 2 } } } });
      const runs = (await t.foyer.http.inject({ method: 'GET', url: `/api/imports?feedId=${feed.id}`, headers })).json();
      expect(runs).toMatchObject({ total: 1, items: [{ actor: 'scheduler', feedSourceId: feed.id, status: 'ok' }] });

      await t.foyer.http.inject({ method: 'PATCH', url: `/api/feeds/${feed.id}`, payload: { enabled: false }, headers });
      expect(await t.foyer.jobs.schedules()).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('runs a feed on demand', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/calendar' });
      response.end(calendar);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/spielplan.ics`;
      const headers = await t.as('marketing');
      const feed = (await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload: { url, format: 'ics' }, headers })).json();
      const run = await t.foyer.http.inject({ method: 'POST', url: `/api/feeds/${feed.id}/run`, headers });
      expect(run.statusCode).toBe(200);
      expect(run.json()).toMatchObject({ runId: expect.any(String), report: { details: { performances: { created: 2 } } } });
      const again = await t.foyer.http.inject({ method: 'POST', url: `/api/feeds/${feed.id}/run`, headers });
      expect(again.json().report.details.performances).toEqual({ created: 0, updated: 0, unchanged: 2 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names the field of a bad schedule, format or URL', async () => {
    const headers = await t.as('marketing');
    for (const [payload, field] of [
      [{ url: 'https://x.example/a.ics', cron: 'every day' }, 'cron'],
      [{ url: 'https://x.example/a.ics', format: 'xml' }, 'format'],
      [{ url: 'mailto:someone@example.org' }, 'url'],
    ] as const) {
      const response = await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload, headers });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { details: [{ field }] } });
    }
  });

  it('shows unit staff only their unit’s feeds and puts theirs in their unit', async () => {
    const young = await insertUnit(t, 'junges-haus');
    await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'https://house.example/all.ics' }, headers: await t.as('marketing') });
    const staff = await t.as('unit_staff', { unitId: young });
    const created = await t.foyer.http.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'https://young.example/feed.ics' }, headers: staff });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ unitId: young });

    const list = await t.foyer.http.inject({ method: 'GET', url: '/api/feeds', headers: staff });
    expect(list.json()).toMatchObject({ total: 1, items: [{ url: 'https://young.example/feed.ics' }] });
  });
});
