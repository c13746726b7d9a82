import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Scope } from '../../core/auth/model.ts';
import type { Clock } from '../../core/clock.ts';
import { constraintViolation } from '../../core/db/constraints.ts';
import type { Database } from '../../core/db/database.ts';
import { fromJson, toJson } from '../../core/db/json.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { defineJob, type JobContext } from '../../core/jobs/model.ts';
import {
  afterFailure,
  cancelRefusal,
  type Channel,
  type ChannelAccount,
  ChannelFailure,
  type ChannelKind,
  type Post,
  type PostImage,
  type PostLanguage,
  postProblems,
  type PostState,
} from './model.ts';
import { createAccountRemoval } from './account-removal.ts';
import { checkPublicHost } from './outbound.ts';
import type { AccountCreateInput, AccountDto, AccountPatchInput, PostCreateInput, PostDto } from './schemas.ts';
import * as store from './store.ts';

/*
 * Channel accounts and scheduled posts. Creating a post writes its row and the job that
 * publishes it in one transaction (the outbox pattern: the post exists if and only if its
 * job does); the job runs at publish_at, calls the channel after the commit and records
 * what happened. Retries are decided here rather than by the jobs layer, because only the
 * channel's answer says whether trying again can help and when (a rate limit's reset).
 */

export const channelPublishJob = defineJob('campaigns.channel-publish', z.object({ postId: z.string(), houseId: z.string() }));

/** The jobs layer's own retries cover a crash between claim and record; the post's Idempotency-Key keeps them from posting twice. */
const CRASH_RETRY = { retryLimit: 2, retryDelaySeconds: 60 } as const;

/** A publish_at this far in the past still counts as "now": a form filled in a minute ago. */
const PAST_TOLERANCE_MS = 5 * 60_000;

interface StoredImage {
  url?: string;
  data?: string;
  contentType?: string;
  description: string;
}

export interface ChannelServiceDeps {
  database: Database;
  clock: Clock;
  jobs: Jobs;
  channels: readonly Channel[];
  /** FOYER_ALLOW_PRIVATE_WEBHOOKS: refuse loopback and private addresses when false. */
  allowPrivate: boolean;
}

function accountDto(row: store.AccountRow): AccountDto {
  return {
    id: row.id,
    kind: row.kind === 'mastodon' ? 'mastodon' : 'webhook',
    name: row.name,
    url: row.url,
    // Every account is created with its secret (the column is NOT NULL); lists never read it.
    secret: 'set',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function postDto(row: store.PostRow): PostDto {
  const image = fromJson<StoredImage | null>(row.image, null);
  return {
    id: row.id,
    unitId: row.unit_id,
    accountId: row.account_id,
    text: row.text,
    language: row.language as PostLanguage,
    link: row.link,
    image: image === null ? null : { url: image.url ?? null, contentType: image.contentType ?? null, description: image.description },
    event: row.event,
    publishAt: row.publish_at,
    state: row.state as PostState,
    remoteId: row.remote_id,
    remoteUrl: row.remote_url,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The post as a channel takes it; the key is the post's id, the same on every attempt. */
function postOf(row: store.PostRow): Post {
  const stored = fromJson<StoredImage | null>(row.image, null);
  let image: PostImage | undefined;
  if (stored !== null) {
    image = { description: stored.description };
    if (stored.url !== undefined) image.url = stored.url;
    if (stored.data !== undefined) image.bytes = Buffer.from(stored.data, 'base64');
    if (stored.contentType !== undefined) image.contentType = stored.contentType;
  }
  return {
    text: row.text,
    language: row.language as PostLanguage,
    idempotencyKey: `foyer-post-${row.id}`,
    ...(row.link === null ? {} : { link: row.link }),
    ...(image === undefined ? {} : { image }),
    ...(row.event === null ? {} : { event: row.event }),
  };
}

function accountOf(row: NonNullable<Awaited<ReturnType<typeof store.findAccountForPublishing>>>): ChannelAccount {
  return row.kind === 'mastodon'
    ? { id: row.id, houseId: row.house_id, kind: 'mastodon', instanceUrl: row.url, accessToken: row.secret }
    : { id: row.id, houseId: row.house_id, kind: 'webhook', url: row.url, secret: row.secret };
}

export function createChannelService({ database, clock, jobs, channels, allowPrivate }: ChannelServiceDeps) {
  const db = database.db;
  const byKind = new Map<ChannelKind, Channel>(channels.map((channel) => [channel.kind, channel]));
  const { removeAccount } = createAccountRemoval({ database });

  async function refusePrivate(field: string, value: string): Promise<void> {
    try {
      await checkPublicHost(new URL(value), allowPrivate);
    } catch (error) {
      if (error instanceof ChannelFailure) throw invalid(field, error.message);
      throw error;
    }
  }

  async function listAccounts(houseId: string): Promise<AccountDto[]> {
    return (await store.listAccounts(db, houseId)).map(accountDto);
  }

  /** Creates an account; a webhook's signing secret is made here and returned this once. */
  async function createAccount(houseId: string, input: AccountCreateInput): Promise<{ account: AccountDto; signingSecret: string | null }> {
    const field = input.kind === 'mastodon' ? 'instanceUrl' : 'url';
    const url = input.kind === 'mastodon' ? input.instanceUrl : input.url;
    await refusePrivate(field, url);
    const secret = input.kind === 'mastodon' ? input.accessToken : `whsec_${randomBytes(32).toString('base64url')}`;
    const now = clock.now().toISOString();
    const id = newId();
    try {
      await store.insertAccount(db, { id, house_id: houseId, kind: input.kind, name: input.name, url, secret, created_at: now, updated_at: now });
    } catch (error) {
      if (constraintViolation(error) === 'unique') throw new DomainError('conflict', `name: the house already has a channel named "${input.name}"`, [{ field: 'name', message: 'taken' }]);
      throw error;
    }
    const row = await store.findAccount(db, houseId, id);
    if (row === undefined) throw notFound('channel account', id);
    return { account: accountDto(row), signingSecret: input.kind === 'webhook' ? secret : null };
  }

  /** Renames an account, moves it, or replaces a Mastodon token that was revoked; posts already scheduled use the new settings. */
  async function updateAccount(houseId: string, id: string, input: AccountPatchInput): Promise<AccountDto> {
    const row = await store.findAccount(db, houseId, id);
    if (row === undefined) throw notFound('channel account', id);
    if (input.accessToken !== undefined && row.kind !== 'mastodon') throw invalid('accessToken', 'only a Mastodon account has an access token');
    if (input.url !== undefined) await refusePrivate('url', input.url);
    const changes = {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.accessToken === undefined ? {} : { secret: input.accessToken }),
    };
    try {
      await store.updateAccount(db, houseId, id, changes, clock.now().toISOString());
    } catch (error) {
      if (constraintViolation(error) === 'unique') throw new DomainError('conflict', `name: the house already has a channel named "${input.name ?? ''}"`, [{ field: 'name', message: 'taken' }]);
      throw error;
    }
    const updated = await store.findAccount(db, houseId, id);
    if (updated === undefined) throw notFound('channel account', id);
    return accountDto(updated);
  }

  async function listPosts(scope: Scope, query: { state?: PostState | undefined; limit: number; offset: number }) {
    const { rows, total } = await store.listPosts(db, scope, { state: query.state }, { limit: query.limit, offset: query.offset });
    return { items: rows.map(postDto), total, limit: query.limit, offset: query.offset };
  }

  async function getPost(scope: Scope, id: string): Promise<PostDto> {
    const row = await store.findPost(db, scope, id);
    if (row === undefined) throw notFound('post', id);
    return postDto(row);
  }

  /** Validates the post for its channel, then writes it and its job in one transaction. */
  async function createPost(scope: Scope, input: PostCreateInput, createdBy: string): Promise<PostDto> {
    const account = await store.findAccount(db, scope.houseId, input.accountId);
    if (account === undefined) throw invalid('accountId', 'the house has no channel account with this id');
    const kind: ChannelKind = account.kind === 'mastodon' ? 'mastodon' : 'webhook';

    const image: PostImage | undefined =
      input.image === undefined
        ? undefined
        : {
            description: input.image.description,
            ...(input.image.url === undefined ? {} : { url: input.image.url }),
            ...(input.image.data === undefined ? {} : { bytes: Buffer.from(input.image.data, 'base64') }),
            ...(input.image.contentType === undefined ? {} : { contentType: input.image.contentType }),
          };
    const problems = postProblems(kind, {
      text: input.text,
      language: input.language,
      ...(input.link === undefined ? {} : { link: input.link }),
      ...(image === undefined ? {} : { image }),
    });
    if (problems.length > 0) {
      throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    if (input.image?.url !== undefined) await refusePrivate('image.url', input.image.url);

    const now = clock.now();
    const publishAt = input.publishAt === undefined ? now : new Date(input.publishAt);
    if (publishAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw invalid('publishAt', 'lies in the past; leave it out to publish now');

    const id = newId();
    const stored: StoredImage | null =
      input.image === undefined
        ? null
        : {
            description: input.image.description,
            ...(input.image.url === undefined ? {} : { url: input.image.url }),
            ...(input.image.data === undefined ? {} : { data: input.image.data }),
            ...(input.image.contentType === undefined ? {} : { contentType: input.image.contentType }),
          };
    await db.transaction().execute(async (trx) => {
      await store.insertPost(trx, {
        id,
        house_id: scope.houseId,
        unit_id: scope.unitId,
        account_id: account.id,
        text: input.text,
        language: input.language,
        link: input.link ?? null,
        image: stored === null ? null : toJson(stored),
        event: input.event ?? null,
        publish_at: publishAt.toISOString(),
        state: 'scheduled',
        remote_id: null,
        remote_url: null,
        attempts: 0,
        last_error: null,
        next_attempt_at: null,
        created_by: createdBy,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      await jobs.enqueue(channelPublishJob, { postId: id, houseId: scope.houseId }, { executor: trx, runAt: publishAt, ...CRASH_RETRY });
    });
    return getPost(scope, id);
  }

  /** Cancels a post that has not started publishing; its job then finds nothing to do. */
  async function cancelPost(scope: Scope, id: string): Promise<PostDto> {
    const row = await store.findPost(db, scope, id);
    if (row === undefined) throw notFound('post', id);
    const cancelled = await store.cancelPost(db, scope, id, clock.now().toISOString());
    if (!cancelled) {
      const now = await store.findPost(db, scope, id);
      const refusal = cancelRefusal((now?.state ?? row.state) as PostState) ?? 'the post changed meanwhile';
      throw new DomainError('conflict', refusal, [{ field: 'state', message: refusal }]);
    }
    return getPost(scope, id);
  }

  /** The job: claim the post, publish it through its channel, record the outcome (or plan the next attempt). */
  async function publish(payload: { postId: string; houseId: string }, job: Pick<JobContext, 'signal'>): Promise<void> {
    const claimed = await store.claimPost(db, payload.houseId, payload.postId, clock.now().toISOString());
    if (claimed === undefined) return; // cancelled, or finished by an earlier attempt
    const account = await store.findAccountForPublishing(db, payload.houseId, claimed.account_id);
    const channel = account === undefined ? undefined : byKind.get(account.kind as ChannelKind);
    if (account === undefined || channel === undefined) {
      await store.recordOutcome(db, payload.houseId, payload.postId, { state: 'failed', error: 'the channel account no longer exists' }, clock.now().toISOString());
      return;
    }
    try {
      const published = await channel.publish(postOf(claimed), accountOf(account), job.signal);
      await store.recordOutcome(db, payload.houseId, payload.postId, { state: 'published', remoteId: published.remoteId, remoteUrl: published.url }, clock.now().toISOString());
    } catch (error) {
      // Anything but a ChannelFailure is a bug or a database outage: the jobs layer retries
      // the job, the claim takes the post again, and the Idempotency-Key prevents a double post.
      if (!(error instanceof ChannelFailure)) throw error;
      const now = clock.now();
      const outcome = afterFailure(error, Number(claimed.attempts), now);
      if (outcome.state !== 'scheduled') {
        await store.recordOutcome(db, payload.houseId, payload.postId, { state: 'failed', error: outcome.error }, now.toISOString());
        return;
      }
      await db.transaction().execute(async (trx) => {
        await store.recordOutcome(trx, payload.houseId, payload.postId, { state: 'scheduled', error: outcome.error, nextAttemptAt: outcome.retryAt.toISOString() }, now.toISOString());
        await jobs.enqueue(channelPublishJob, payload, { executor: trx, runAt: outcome.retryAt, ...CRASH_RETRY });
      });
    }
  }

  return { listAccounts, createAccount, updateAccount, removeAccount, listPosts, getPost, createPost, cancelPost, publish };
}

export type ChannelService = ReturnType<typeof createChannelService>;

/** Every process registers the handler; only workers run it. */
export function registerChannelWorker(jobs: Jobs, channels: ChannelService): void {
  jobs.work(channelPublishJob, (payload, job) => channels.publish(payload, job), { concurrency: 2 });
}
