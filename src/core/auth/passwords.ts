import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/*
 * Password hashes: scrypt from node:crypto, stored as `scrypt$N$r$p$salt$hash` (salt and
 * hash base64url) so that the cost can be raised later: an old hash still verifies with
 * the parameters it was made with, and is rehashed at the next successful login.
 */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15, 8, 1: about 100 ms and 32 MiB per hash on the 2-core machine Foyer is measured on. */
export const currentParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, params: ScryptParams, keyBytes = KEY_BYTES): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node's default limit (32 MiB) is exactly that for
  // our parameters and refuses them, so the limit is raised to twice the need.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = currentParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (N === undefined || r === undefined || p === undefined) return null;
  // Bounds keep a corrupted or hostile row from asking for gigabytes of memory.
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) return null;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || key.length < 16 || key.length > 128) return null;
  return { params: { N, r, p }, salt, key };
}

export interface Verification {
  ok: boolean;
  /** The hash was made with other parameters than today's: store a fresh one. */
  needsRehash: boolean;
}

export async function verifyPassword(password: string, stored: string): Promise<Verification> {
  const parsed = parseHash(stored);
  if (parsed === null) return { ok: false, needsRehash: false };
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  const ok = timingSafeEqual(key, parsed.key);
  const { N, r, p } = parsed.params;
  const needsRehash = N !== currentParams.N || r !== currentParams.r || p !== currentParams.p || parsed.key.length !== KEY_BYTES;
  return { ok, needsRehash: ok && needsRehash };
}

/** A readable password for accounts made on the command line: 16 characters, 96 bits. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
