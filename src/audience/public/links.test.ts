import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashIp, readPreferenceToken, signPreferenceToken, verifyPreferenceToken } from './links.ts';

const house = '019a0000-0000-7000-8000-000000000001';
const contact = '019a0000-0000-7000-8000-0000000000aa';

describe('preference links', () => {
  const key = randomBytes(32);

  it('name the house and the contact, versioned, and verify with the key that signed them', () => {
    const token = signPreferenceToken(key, house, contact);
    expect(token).toMatch(/^p1\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$/);
    const parts = readPreferenceToken(token);
    expect(parts).toMatchObject({ houseId: house, contactId: contact });
    expect(parts !== null && verifyPreferenceToken(key, parts)).toBe(true);
    expect(parts !== null && verifyPreferenceToken(randomBytes(32), parts)).toBe(false);
  });

  it('refuse a token whose ids or signature were changed', () => {
    const token = signPreferenceToken(key, house, contact);
    const [version, ids, signature] = token.split('.') as [string, string, string];
    const otherContact = signPreferenceToken(key, house, '019a0000-0000-7000-8000-0000000000bb').split('.')[1];
    const swapped = readPreferenceToken(`${version}.${otherContact}.${signature}`);
    expect(swapped !== null && verifyPreferenceToken(key, swapped)).toBe(false);
    const flipped = readPreferenceToken(`${version}.${ids}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    expect(flipped !== null && verifyPreferenceToken(key, flipped)).toBe(false);
  });

  it.each([['p2.x.y'], ['p1.abc'], ['p1.abc.def.ghi'], ['p1.%%%.abc'], [''], ['p1..']])('do not read %j', (token) => {
    expect(readPreferenceToken(token)).toBeNull();
  });

  it('hash an IP with the house key: stable per house, different across houses, never the address', () => {
    const other = randomBytes(32);
    expect(hashIp(key, '203.0.113.9')).toBe(hashIp(key, '203.0.113.9'));
    expect(hashIp(key, '203.0.113.9')).not.toBe(hashIp(other, '203.0.113.9'));
    expect(hashIp(key, '203.0.113.9')).toMatch(/^[0-9a-f]{64}$/);
  });
});
