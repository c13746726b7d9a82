import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../core/testing/app.ts';
import { appendAudit, listAudit } from './store.ts';

describe('audit log', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses to change an entry once written, on either engine', async () => {
    const { db } = t.foyer.database;
    await appendAudit(db, { houseId: t.house.id, at: '2026-09-01T08:00:00.000Z', actor: 'staff:1', action: 'contact.viewed', contactId: null });
    await expect(db.updateTable('audit_entry').set({ actor: 'staff:someone-else' }).execute()).rejects.toThrow(/append-only/);
    const { rows } = await listAudit(db, t.house.id, {}, { limit: 10, offset: 0 });
    expect(rows.map((r) => r.actor)).toEqual(['staff:1']);
  });

  it('writes nothing when the change it records is rolled back', async () => {
    const { db } = t.foyer.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, { houseId: t.house.id, at: '2026-09-01T08:00:00.000Z', actor: 'staff:1', action: 'consent.granted', contactId: null });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await listAudit(db, t.house.id, {}, { limit: 10, offset: 0 })).total).toBe(0);
  });
});
