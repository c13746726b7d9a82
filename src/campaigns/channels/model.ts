import type { JourneyGraph } from '../journeys/definition.ts';

/*
 * Social and webhook channels: the vocabulary and the pure rules. A channel publishes a
 * post to an outside service; every channel implements the one Channel interface, so a
 * later network (Bluesky, a CMS) is one more file and no change to scheduling.
 *
 * No I/O here: length counting, validation, state changes and retry decisions take data
 * in and give decisions back.
 */

export const channelKinds = ['mastodon', 'webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export const postLanguages = ['de', 'en'] as const;
export type PostLanguage = (typeof postLanguages)[number];

export interface PostImage {
  /** Where the image is fetched from when the post is published; or `bytes`. */
  url?: string;
  bytes?: Uint8Array;
  contentType?: string;
  /** Alt text: people using screen readers get the image only through it, so it is required. */
  description: string;
}

export interface Post {
  text: string;
  language: PostLanguage;
  link?: string;
  image?: PostImage;
  /** The same on every attempt of one post: the receiving side answers a repeat with the first result. */
  idempotencyKey: string;
  /** What a webhook receiver is told happened; 'post.published' unless a campaign names its own kind. */
  event?: string;
}

/** A house's account on a channel, with what publishing needs. The secret never leaves the server. */
export type ChannelAccount =
  | { id: string; houseId: string; kind: 'mastodon'; instanceUrl: string; accessToken: string }
  | { id: string; houseId: string; kind: 'webhook'; url: string; secret: string };

export interface Published {
  remoteId: string;
  /** Where people see the post; a webhook has none of its own and answers the receiver's URL. */
  url: string;
}

export interface Channel {
  readonly kind: ChannelKind;
  publish(post: Post, account: ChannelAccount, signal: AbortSignal): Promise<Published>;
}

/**
 * Why publishing failed, and whether to try again. 'never': the other side refused the
 * request itself (a revoked token, a post it will not take): trying again posts nothing
 * and only repeats the refusal. 'later': the other side was down, slow or rate-limited.
 */
export class ChannelFailure extends Error {
  readonly retry: 'never' | 'later';
  /** When the other side said trying again makes sense (a rate limit's reset). */
  readonly retryAt: Date | undefined;

  constructor(message: string, retry: 'never' | 'later', retryAt?: Date) {
    super(message);
    this.name = 'ChannelFailure';
    this.retry = retry;
    this.retryAt = retryAt;
  }
}

// ---------- limits ----------

export const channelLimits: Record<ChannelKind, { maxCharacters: number }> = {
  // Mastodon's default; instances may allow more, none allow less.
  mastodon: { maxCharacters: 500 },
  // A receiver takes any length; this only keeps a pasted novel out of the queue.
  webhook: { maxCharacters: 10_000 },
};

/** Mastodon counts every link as 23 characters, however long it is. */
export const MASTODON_URL_LENGTH = 23;
/** Mastodon refuses longer alt text. */
export const ALT_TEXT_MAX = 1500;
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const imageTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

// Mastodon's own rule (app/lib/text_formatter and the web composer): http(s) URLs count
// 23, a mention of a remote account counts only its local part (@name, not @name@domain).
const URL_PATTERN = /https?:\/\/[^\s<>"]+/giu;
const REMOTE_MENTION = /(^|[^\p{L}\p{N}_/])@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)@[\p{L}\p{N}.-]+\p{L}/giu;

/** The length of a status as Mastodon counts it: code points, links as 23, remote mentions by their name. */
export function mastodonLength(status: string): number {
  const counted = status
    .replace(URL_PATTERN, 'x'.repeat(MASTODON_URL_LENGTH))
    .replace(REMOTE_MENTION, (_match, before: string, name: string) => `${before}@${name}`);
  return [...counted].length;
}

/** The status text Mastodon gets: the link goes below the text, where it makes the preview card. */
export function mastodonStatus(post: Pick<Post, 'text' | 'link'>): string {
  if (post.link === undefined || post.text.includes(post.link)) return post.text;
  return `${post.text}\n\n${post.link}`;
}

export function postLength(kind: ChannelKind, post: Pick<Post, 'text' | 'link'>): number {
  return kind === 'mastodon' ? mastodonLength(mastodonStatus(post)) : [...post.text].length;
}

export interface PostProblem {
  field: string;
  message: string;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** What is wrong with a post for a channel, field by field; empty when it can be published. */
export function postProblems(kind: ChannelKind, post: Omit<Post, 'idempotencyKey'>): PostProblem[] {
  const problems: PostProblem[] = [];
  const limit = channelLimits[kind].maxCharacters;
  if (post.text.trim() === '') problems.push({ field: 'text', message: 'must not be empty' });
  const length = postLength(kind, post);
  if (length > limit) {
    const how = kind === 'mastodon' ? ' as Mastodon counts them (every link counts 23, the link below the text included)' : '';
    problems.push({ field: 'text', message: `${length} characters${how}; ${kind} takes at most ${limit}` });
  }
  if (!(postLanguages as readonly string[]).includes(post.language)) problems.push({ field: 'language', message: `must be one of ${postLanguages.join(', ')}` });
  if (post.link !== undefined && !isHttpUrl(post.link)) problems.push({ field: 'link', message: 'must be an http or https URL' });
  const image = post.image;
  if (image !== undefined) {
    const description = image.description.trim();
    if (description === '') problems.push({ field: 'image.description', message: 'alt text is required: describe the image for people who cannot see it' });
    if ([...image.description].length > ALT_TEXT_MAX) problems.push({ field: 'image.description', message: `at most ${ALT_TEXT_MAX} characters` });
    if ((image.url === undefined) === (image.bytes === undefined)) problems.push({ field: 'image', message: 'give either url or data' });
    if (image.url !== undefined && !isHttpUrl(image.url)) problems.push({ field: 'image.url', message: 'must be an http or https URL' });
    if (image.bytes !== undefined) {
      if (image.bytes.byteLength === 0) problems.push({ field: 'image.data', message: 'is empty' });
      if (image.bytes.byteLength > IMAGE_MAX_BYTES) problems.push({ field: 'image.data', message: `at most ${IMAGE_MAX_BYTES / 1024 / 1024} MB` });
      if (image.contentType === undefined || !(imageTypes as readonly string[]).includes(image.contentType)) {
        problems.push({ field: 'image.contentType', message: `must be one of ${imageTypes.join(', ')}` });
      }
    }
  }
  return problems;
}

// ---------- the life of a scheduled post ----------

export const postStates = ['scheduled', 'publishing', 'published', 'failed', 'cancelled'] as const;
export type PostState = (typeof postStates)[number];

/** Only a post that no worker has started on can be cancelled; one being sent may already be out. */
export function cancelRefusal(state: PostState): string | null {
  if (state === 'scheduled') return null;
  if (state === 'cancelled') return 'the post is already cancelled';
  if (state === 'publishing') return 'the post is being published right now and may already be out';
  return `the post is already ${state}`;
}

/** Attempts of one post before it is marked failed: about 1 + 2 + 4 + 8 minutes of outage covered. */
export const PUBLISH_ATTEMPTS = 5;
export const RETRY_BASE_SECONDS = 60;
const RETRY_MAX_SECONDS = 3600;

export type FailureOutcome =
  | { state: 'failed'; error: string }
  | { state: 'scheduled'; error: string; retryAt: Date };

/** What becomes of a post after its `attempt`-th try ended with `failure`. */
export function afterFailure(failure: ChannelFailure, attempt: number, now: Date): FailureOutcome {
  if (failure.retry === 'never') return { state: 'failed', error: failure.message };
  if (attempt >= PUBLISH_ATTEMPTS) return { state: 'failed', error: `${failure.message} (gave up after ${attempt} attempts)` };
  const backoff = Math.min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_MAX_SECONDS) * 1000;
  const earliest = now.getTime() + backoff;
  // A rate limit's reset is the earliest sensible moment, but never wait less than the backoff.
  const retryAt = failure.retryAt === undefined ? earliest : Math.max(failure.retryAt.getTime(), earliest);
  return { state: 'scheduled', error: failure.message, retryAt: new Date(retryAt) };
}

/**
 * When a rate-limited request may be tried again: Mastodon sends X-RateLimit-Reset as an
 * ISO instant, other servers Retry-After in seconds or as an HTTP date.
 */
export function rateLimitReset(headers: { reset: string | null; retryAfter: string | null }, now: Date): Date | undefined {
  if (headers.reset !== null) {
    const at = Date.parse(headers.reset);
    if (Number.isFinite(at)) return new Date(at);
  }
  if (headers.retryAfter !== null) {
    const seconds = Number(headers.retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return new Date(now.getTime() + seconds * 1000);
    const at = Date.parse(headers.retryAfter);
    if (Number.isFinite(at)) return new Date(at);
  }
  return undefined;
}

/** A post that still goes out, or is going out right now: 'scheduled' or 'publishing'. */
export interface LivePost {
  id: string;
  state: string;
  text: string;
  publishAt: string;
}

/** A journey that runs or may run again (active or paused), with its graph. */
export interface RunningJourney {
  id: string;
  name: string;
  status: string;
  graph: JourneyGraph;
}

/** The journeys whose publish_post or call_webhook steps name the account. */
export function journeysNaming(accountId: string, journeys: readonly RunningJourney[]): RunningJourney[] {
  return journeys.filter((journey) =>
    journey.graph.nodes.some((node) => node.type === 'action' && (node.action.kind === 'publish_post' || node.action.kind === 'call_webhook') && node.action.accountId === accountId),
  );
}

const POSTS_NAMED = 5;

/**
 * Why an account cannot be removed right now, or null. Removing it would delete its posts
 * (the foreign key cascades), so a post still to go out must be cancelled first, and a
 * journey that may still run a step through it must be changed, paused steps included.
 */
export function removalRefusal(posts: readonly LivePost[], journeys: readonly RunningJourney[]): { message: string; details: { field: string; message: string }[] } | null {
  if (posts.length === 0 && journeys.length === 0) return null;
  const reasons: string[] = [];
  const scheduled = posts.filter((post) => post.state !== 'publishing');
  if (scheduled.length > 0) {
    const named = scheduled.slice(0, POSTS_NAMED).map((post) => `"${post.text.length > 40 ? `${post.text.slice(0, 39)}…` : post.text}" (${post.publishAt})`);
    const more = scheduled.length > POSTS_NAMED ? ` and ${scheduled.length - POSTS_NAMED} more` : '';
    reasons.push(`cancel its scheduled posts first: ${named.join(', ')}${more}`);
  }
  if (scheduled.length < posts.length) reasons.push('a post is being published through it right now: try again in a minute');
  if (journeys.length > 0) reasons.push(`take it out of the journeys that use it first: ${journeys.map((journey) => `"${journey.name}" (${journey.status})`).join(', ')}`);
  return {
    message: `the channel account is still in use; ${reasons.join('; ')}`,
    details: [
      ...posts.map((post) => ({ field: `posts.${post.id}`, message: post.state === 'publishing' ? 'being published' : `scheduled for ${post.publishAt}: cancel it first` })),
      ...journeys.map((journey) => ({ field: `journeys.${journey.id}`, message: `the ${journey.status} journey "${journey.name}" names this account` })),
    ],
  };
}
