import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Signed links to an order's printable tickets, pure. The confirmation mail is composed
 * long after the order's access token was handed out (it is stored only hashed), so the
 * mail carries a signature over the order id instead, made with the house's ticket link
 * key (table ticket_link_key):
 *
 *   t1.<base64url(HMAC-SHA256(key, "foyer-tickets:t1:" ‖ order id), first 16 bytes)>
 *
 * Whoever holds the mail may print the tickets, exactly as whoever holds the token may.
 * 't1' versions the format; the order id is in the path, so it is not repeated here.
 * 128 bits of HMAC are far beyond guessing.
 */

const VERSION = 't1';
const SIGNATURE_BYTES = 16;

function mac(key: Buffer, orderId: string): Buffer {
  return createHmac('sha256', key).update(`foyer-tickets:${VERSION}:`).update(orderId.toLowerCase()).digest().subarray(0, SIGNATURE_BYTES);
}

export function signTicketsLink(key: Buffer, orderId: string): string {
  return `${VERSION}.${mac(key, orderId).toString('base64url')}`;
}

/** Whether `signature` was made for this order with this key (constant time). */
export function verifyTicketsLink(key: Buffer, orderId: string, signature: string): boolean {
  const [version, text, ...rest] = signature.split('.');
  if (version !== VERSION || text === undefined || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(text)) return false;
  const given = Buffer.from(text, 'base64url');
  if (given.length !== SIGNATURE_BYTES) return false;
  return timingSafeEqual(mac(key, orderId), given);
}
