import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/app.ts';
import { DomainError } from './errors.ts';
import { createIdempotency } from './idempotency.ts';

describe('idempotency keys', () => {
  let t: TestApp;
  let idempotency: ReturnType<typeof createIdempotency>;
  beforeEach(async () => {
    t = await createTestApp();
    idempotency = createIdempotency({ database: t.foyer.database, clock: t.clock });
  });
  afterEach(async () => {
    await t.close();
  });

  const request = (key: string, body: unknown = { seats: 2 }) => ({ houseId: t.house.id, scope: 'order.place', key, request: body });

  it('runs the work once and replays its answer to every retry', async () => {
    let runs = 0;
    const work = async (remember: (executor: typeof t.foyer.database.db, body: { order: number }) => Promise<void>) => {
      runs += 1;
      const body = { order: runs };
      await remember(t.foyer.database.db, body);
      return body;
    };
    const first = await idempotency.perform(request('k1'), 201, work);
    const second = await idempotency.perform(request('k1'), 201, work);
    expect(first).toEqual({ status: 201, body: { order: 1 }, replayed: false });
    expect(second).toEqual({ status: 201, body: { order: 1 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('answers conflict to a duplicate while the first is still running, and lets it finish', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = idempotency.perform(request('k2'), 201, async (remember) => {
      await gate;
      await remember(t.foyer.database.db, { ok: true });
      return { ok: true };
    });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(idempotency.perform(request('k2'), 201, async () => ({ ok: false }))).rejects.toMatchObject({ code: 'conflict' });
    release();
    expect((await first).body).toEqual({ ok: true });
  });

  it('stores a refusal as the answer, but lets a busy answer be retried', async () => {
    await expect(
      idempotency.perform(request('k3'), 201, async () => {
        throw new DomainError('sold_out', 'sold out');
      }),
    ).rejects.toMatchObject({ code: 'sold_out' });
    const replay = await idempotency.perform(request('k3'), 201, async () => ({ ok: true }));
    expect(replay).toMatchObject({ status: 409, replayed: true, body: { error: { code: 'sold_out' } } });

    await expect(
      idempotency.perform(request('k4'), 201, async () => {
        throw new DomainError('busy', 'busy');
      }),
    ).rejects.toMatchObject({ code: 'busy' });
    const retried = await idempotency.perform(request('k4'), 201, async () => ({ ok: true }));
    expect(retried).toEqual({ status: 201, body: { ok: true }, replayed: false });
  });

  it('takes over a claim left running by a crashed process once it has expired', async () => {
    const crashed = idempotency.perform(request('k5'), 201, () => new Promise<never>(() => undefined));
    void crashed;
    await new Promise((resolve) => setImmediate(resolve));
    await expect(idempotency.perform(request('k5'), 201, async () => ({ ok: true }))).rejects.toMatchObject({ code: 'conflict' });
    t.clock.advance(61_000);
    const taken = await idempotency.perform(request('k5'), 201, async () => ({ ok: true }));
    expect(taken).toEqual({ status: 201, body: { ok: true }, replayed: false });
  });

  it('refuses the same key for a different request', async () => {
    await idempotency.perform(request('k6'), 201, async () => ({ ok: true }));
    await expect(idempotency.perform(request('k6', { seats: 3 }), 201, async () => ({ ok: true }))).rejects.toMatchObject({ code: 'idempotency_mismatch' });
  });
});
