import type { ParsedMail } from 'mailparser';
import type { TestApp } from '../../core/testing/app.ts';

/*
 * Helpers for tests of the public sign-up and preference centre: sign someone up as a
 * browser on another site would, and read the links out of the mail that arrived.
 */

export const SIGNUP_IP = '198.51.100.23';

export function signupRequest(t: TestApp, body: Record<string, unknown>, options: { ip?: string; houseSlug?: string } = {}) {
  return t.foyer.http.inject({
    method: 'POST',
    url: `/public/houses/${options.houseSlug ?? t.house.slug}/signup`,
    remoteAddress: options.ip ?? SIGNUP_IP,
    headers: { origin: 'https://theater-auenstadt.example', 'user-agent': 'Mozilla/5.0 (Test)' },
    payload: body,
  });
}

/** The path (with query) of the first link in the mail's text that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: '/public/confirm/' | '/public/preferences/'): string {
  const match = (mail.text ?? '').match(new RegExp(`https?://[^\\s]+${prefix}[^\\s]+`));
  if (match === null) throw new Error(`no ${prefix} link in the mail:\n${mail.text ?? ''}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}
