import { randomBytes } from 'node:crypto';

/*
 * The secrets printed on tickets and orders. Crockford's base-32 alphabet: no I, L, O or
 * U, so a code read aloud at the box office or typed from paper cannot be misread.
 */

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) & 31];
  return out;
}

/** 20 characters of 5 random bits: 100 bits, unguessable, short enough for a QR code at low density. */
export function newTicketCode(): string {
  return base32(randomBytes(20), 20);
}

/** An order number staff and visitors say on the phone: 'K7M2-9QXD'. 40 bits, unique per house by index. */
export function newOrderNumber(): string {
  const code = base32(randomBytes(8), 8);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Codes as people type them: lower case, spaces and dashes, O for 0 and I or L for 1. */
export function normaliseTicketCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replaceAll('O', '0').replace(/[IL]/g, '1');
}
