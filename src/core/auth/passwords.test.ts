import { describe, expect, it } from 'vitest';
import { currentParams, hashPassword, verifyPassword } from './passwords.ts';

describe('password hashes', () => {
  it('stores scrypt with its parameters, never the password, and verifies only the right one', async () => {
    const hash = await hashPassword('Spielzeit 2026/27');
    expect(hash).not.toContain('Spielzeit');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('Spielzeit 2026/27', hash)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('spielzeit 2026/27', hash)).ok).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('verifies a hash made with older parameters and asks for a rehash', async () => {
    const old = await hashPassword('Spielzeit 2026/27', { N: 2 ** 10, r: 8, p: 1 });
    expect(old.startsWith('scrypt$1024$')).toBe(true);
    expect(await verifyPassword('Spielzeit 2026/27', old)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('wrong password', old)).toEqual({ ok: false, needsRehash: false });
    expect(currentParams.N).toBe(2 ** 15);
  });

  it.each(['', 'plain text', 'scrypt$99$8$1$c2FsdA$aGFzaA', 'scrypt$4294967296$8$1$c2FsdGZvcnRlc3Q$aGFzaGhhc2hoYXNoaGFzaA', 'bcrypt$1$2$3$4$5'])(
    'refuses a malformed stored hash %j',
    async (stored) => {
      expect((await verifyPassword('anything', stored)).ok).toBe(false);
    },
  );
});
