import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Channel, ChannelFailure, type Published, rateLimitReset } from './model.ts';
import { guardedFetch, type OutboundOptions } from './outbound.ts';

/*
 * The webhook channel: a post goes as JSON to any URL the house names (a partner portal,
 * the city calendar, a Zapier-like tool, the house's own CMS). The receiver checks where it
 * came from with the signature header, as Stripe's receivers do:
 *
 *   X-Foyer-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 *
 * The time inside the signed text lets a receiver refuse an old request replayed later.
 * The same post carries the same Idempotency-Key header on every attempt, so a receiver
 * can drop a repeat after a lost answer.
 */

export const SIGNATURE_HEADER = 'x-foyer-signature';

export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/** What a receiver does (documented for houses, used by the tests): true when the header signs this body. */
export function verifySignature(secret: string, header: string, body: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = signatureHeader(secret, t, body).split('v1=')[1] ?? '';
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export interface WebhookOptions extends OutboundOptions {
  now: () => Date;
}

export function createWebhookChannel(options: WebhookOptions): Channel {
  return {
    kind: 'webhook',
    async publish(post, account, signal): Promise<Published> {
      if (account.kind !== 'webhook') throw new Error(`the webhook channel got a ${account.kind} account`);
      const sentAt = options.now();
      const image = post.image === undefined ? null : { url: post.image.url ?? null, description: post.image.description };
      const body = JSON.stringify({
        event: post.event ?? 'post.published',
        house: account.houseId,
        post: { text: post.text, language: post.language, link: post.link ?? null, image },
        sentAt: sentAt.toISOString(),
      });
      const url = new URL(account.url);
      const response = await guardedFetch(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Foyer/0.1 (webhook)',
            'idempotency-key': post.idempotencyKey,
            [SIGNATURE_HEADER]: signatureHeader(account.secret, Math.floor(sentAt.getTime() / 1000), body),
          },
          body,
        },
        options,
        signal,
      );
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return { remoteId: response.headers.get('x-request-id') ?? post.idempotencyKey, url: url.href };
      if (response.status === 429) {
        const retryAt = rateLimitReset({ reset: null, retryAfter: response.headers.get('retry-after') }, sentAt);
        throw new ChannelFailure(`${url.host} rate-limited the webhook (429)`, 'later', retryAt);
      }
      // A receiver that is down answers 5xx; a 4xx means it will not take this request however often it comes.
      const retry = response.status >= 500 || response.status === 408 ? 'later' : 'never';
      throw new ChannelFailure(`${url.host} answered the webhook with ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}`, retry);
    },
  };
}
