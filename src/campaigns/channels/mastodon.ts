import { setTimeout as wait } from 'node:timers/promises';
import { type Channel, type ChannelAccount, ChannelFailure, IMAGE_MAX_BYTES, imageTypes, mastodonStatus, type Post, type Published, rateLimitReset } from './model.ts';
import { guardedFetch, type OutboundOptions, readLimited } from './outbound.ts';

/*
 * Publishing to a Mastodon account through its REST API (no client library: three
 * endpoints, and Node's fetch does multipart):
 *   1. POST /api/v2/media (file + description): the image with its alt text;
 *   2. GET /api/v1/media/:id while it answers 206/202 (large images are processed after
 *      the upload answered 202 with url null);
 *   3. POST /api/v1/statuses with the Idempotency-Key header: Mastodon keeps the key for an
 *      hour and answers a repeat with the status it made the first time, so a job that is
 *      retried after a lost answer never posts twice.
 */

export interface MastodonOptions extends OutboundOptions {
  /** Waits between polls of a processing image; tests pass one that does not wait. */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
  pollIntervalMs?: number;
  /** Polls before a still-processing image counts as an outage (tried again later). */
  maxPolls?: number;
}

async function realSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  await wait(milliseconds, undefined, { signal });
}

type Account = Extract<ChannelAccount, { kind: 'mastodon' }>;

export function createMastodonChannel(options: MastodonOptions): Channel {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxPolls = options.maxPolls ?? 30;

  function endpoint(account: Account, path: string): URL {
    return new URL(path, account.instanceUrl.endsWith('/') ? account.instanceUrl : `${account.instanceUrl}/`);
  }

  /** Turns a refusal into a ChannelFailure that says whether trying again helps. */
  async function refusal(response: Response, what: string, host: string): Promise<ChannelFailure> {
    const text = await response.text().catch(() => '');
    let said = '';
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body.error === 'string') said = `: ${body.error}`;
    } catch {
      // not JSON: the status says enough
    }
    if (response.status === 401 || response.status === 403) {
      return new ChannelFailure(`${host} refused the access token (${response.status}${said}) when ${what}: create a new token with the write:statuses and write:media scopes and save it in the channel`, 'never');
    }
    if (response.status === 429) {
      const retryAt = rateLimitReset({ reset: response.headers.get('x-ratelimit-reset'), retryAfter: response.headers.get('retry-after') }, now());
      return new ChannelFailure(`${host} rate-limited the account (429) when ${what}`, 'later', retryAt);
    }
    if (response.status >= 500 || response.status === 408) return new ChannelFailure(`${host} failed (${response.status}${said}) when ${what}`, 'later');
    return new ChannelFailure(`${host} refused (${response.status}${said}) when ${what}`, 'never');
  }

  async function imageFile(post: Post, signal: AbortSignal): Promise<Blob> {
    const image = post.image;
    if (image === undefined) throw new Error('no image');
    if (image.bytes !== undefined) return new Blob([image.bytes], { type: image.contentType ?? 'application/octet-stream' });
    const url = new URL(image.url ?? '');
    const response = await guardedFetch(url, { headers: { accept: imageTypes.join(', ') } }, options, signal);
    if (!response.ok) {
      await response.body?.cancel();
      const retry = response.status >= 500 || response.status === 429 ? 'later' : 'never';
      throw new ChannelFailure(`the image ${url.href} could not be fetched: ${url.host} answered ${response.status}`, retry);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!(imageTypes as readonly string[]).includes(type)) {
      await response.body?.cancel();
      throw new ChannelFailure(`the image ${url.href} is ${type === '' ? 'of no declared type' : type}; Mastodon takes ${imageTypes.join(', ')}`, 'never');
    }
    const bytes = await readLimited(response, IMAGE_MAX_BYTES, `the image ${url.href}`);
    return new Blob([bytes], { type });
  }

  async function uploadImage(post: Post, account: Account, signal: AbortSignal): Promise<string> {
    const image = post.image;
    if (image === undefined) throw new Error('no image');
    const file = await imageFile(post, signal);
    const form = new FormData();
    const extension = file.type.split('/')[1] ?? 'bin';
    form.append('file', file, `image.${extension === 'jpeg' ? 'jpg' : extension}`);
    form.append('description', image.description);
    const upload = endpoint(account, 'api/v2/media');
    const response = await guardedFetch(upload, { method: 'POST', headers: { authorization: `Bearer ${account.accessToken}` }, body: form }, options, signal);
    if (response.status !== 200 && response.status !== 202) throw await refusal(response, 'uploading the image', upload.host);
    const media = (await response.json()) as { id?: unknown; url?: unknown };
    if (typeof media.id !== 'string') throw new ChannelFailure(`${upload.host} answered the image upload without a media id`, 'later');
    if (response.status === 202) await waitUntilProcessed(media.id, account, signal);
    return media.id;
  }

  async function waitUntilProcessed(mediaId: string, account: Account, signal: AbortSignal): Promise<void> {
    const poll = endpoint(account, `api/v1/media/${encodeURIComponent(mediaId)}`);
    for (let round = 0; round < maxPolls; round += 1) {
      await sleep(pollIntervalMs, signal);
      const response = await guardedFetch(poll, { headers: { authorization: `Bearer ${account.accessToken}` } }, options, signal);
      if (response.status === 200) {
        await response.body?.cancel();
        return;
      }
      if (response.status !== 202 && response.status !== 206) throw await refusal(response, 'waiting for the image to be processed', poll.host);
      await response.body?.cancel();
    }
    throw new ChannelFailure(`${poll.host} was still processing the image after ${maxPolls} checks`, 'later');
  }

  return {
    kind: 'mastodon',
    async publish(post, account, signal): Promise<Published> {
      if (account.kind !== 'mastodon') throw new Error(`the Mastodon channel got a ${account.kind} account`);
      const mediaIds = post.image === undefined ? [] : [await uploadImage(post, account, signal)];
      const statuses = endpoint(account, 'api/v1/statuses');
      const body = new URLSearchParams({ status: mastodonStatus(post), language: post.language, visibility: 'public' });
      for (const id of mediaIds) body.append('media_ids[]', id);
      const response = await guardedFetch(
        statuses,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${account.accessToken}`, 'idempotency-key': post.idempotencyKey, 'content-type': 'application/x-www-form-urlencoded' },
          body,
        },
        options,
        signal,
      );
      if (response.status !== 200) throw await refusal(response, 'posting the status', statuses.host);
      const status = (await response.json()) as { id?: unknown; url?: unknown; uri?: unknown };
      if (typeof status.id !== 'string') throw new ChannelFailure(`${statuses.host} answered the status without an id`, 'later');
      const url = typeof status.url === 'string' ? status.url : typeof status.uri === 'string' ? status.uri : statuses.href;
      return { remoteId: status.id, url };
    },
  };
}
