import { describe, expect, it } from 'vitest';
import type { JourneyGraph } from '../journeys/definition.ts';
import { afterFailure, cancelRefusal, ChannelFailure, journeysNaming, mastodonLength, mastodonStatus, type Post, postProblems, rateLimitReset, removalRefusal } from './model.ts';
import { isPrivateAddress } from './outbound.ts';

const longUrl = `https://www.stadttheater.example/spielplan/${'faust-der-tragoedie-erster-teil/'.repeat(5)}`;

describe('mastodonLength counts as Mastodon does', () => {
  it.each([
    ['plain text', 'Premiere heute Abend!', 21],
    ['a link counts 23, however long', `Karten: ${longUrl}`, 8 + 23],
    ['two links', 'https://a.example and http://b.example/x', 23 + 5 + 23],
    ['umlauts are one character each', 'Grüße aus dem Foyer', 19],
    ['an emoji is one code point', '🎭 Faust', 7],
    ['a remote mention counts only its name', 'Danke @ensemble@theater.social!', 'Danke @ensemble!'.length],
    ['a local mention counts whole', 'Danke @ensemble!', 16],
  ])('%s', (_name, text, expected) => {
    expect(mastodonLength(text)).toBe(expected);
  });

  it('puts the link below the text, once', () => {
    expect(mastodonStatus({ text: 'Faust', link: 'https://t.example/faust' })).toBe('Faust\n\nhttps://t.example/faust');
    expect(mastodonStatus({ text: 'Faust https://t.example/faust', link: 'https://t.example/faust' })).toBe('Faust https://t.example/faust');
  });
});

describe('postProblems', () => {
  const base: Omit<Post, 'idempotencyKey'> = { text: 'Faust, heute um 19:30', language: 'de' };
  const image = { url: 'https://t.example/poster.jpg', description: 'Gretchen im Kerker, Szenenfoto' };
  it.each<[string, 'mastodon' | 'webhook', Omit<Post, 'idempotencyKey'>, string[]]>([
    ['a short post', 'mastodon', base, []],
    ['exactly 500 characters', 'mastodon', { ...base, text: 'x'.repeat(500) }, []],
    ['501 characters', 'mastodon', { ...base, text: 'x'.repeat(501) }, ['text']],
    ['a long link counts 23', 'mastodon', { ...base, text: `${'x'.repeat(470)} ${longUrl}` }, []],
    ['the link below the text counts too', 'mastodon', { ...base, text: 'x'.repeat(480), link: 'https://t.example/faust' }, ['text']],
    ['a webhook takes 501', 'webhook', { ...base, text: 'x'.repeat(501) }, []],
    ['blank text', 'webhook', { ...base, text: '   ' }, ['text']],
    ['an image with alt text', 'mastodon', { ...base, image }, []],
    ['an image without alt text', 'mastodon', { ...base, image: { ...image, description: ' ' } }, ['image.description']],
    ['alt text over 1500', 'mastodon', { ...base, image: { ...image, description: 'x'.repeat(1501) } }, ['image.description']],
    ['an image with url and data', 'mastodon', { ...base, image: { ...image, bytes: new Uint8Array([1]), contentType: 'image/png' } }, ['image']],
    ['image data of an unknown type', 'mastodon', { ...base, image: { description: 'Plakat', bytes: new Uint8Array([1]), contentType: 'image/tiff' } }, ['image.contentType']],
    ['a link that is no URL', 'mastodon', { ...base, link: 'faust-karten' }, ['link']],
    ['a javascript: link', 'webhook', { ...base, link: 'javascript:alert(1)' }, ['link']],
  ])('%s', (_name, kind, post, fields) => {
    expect(postProblems(kind, post).map((problem) => problem.field)).toEqual(fields);
  });

  it('says how Mastodon counted a text that is too long', () => {
    expect(postProblems('mastodon', { ...base, text: 'x'.repeat(501) })[0]?.message).toContain('501 characters');
  });
});

describe('after a failed attempt', () => {
  const now = new Date('2026-09-01T08:00:00.000Z');
  it.each([
    ['a refused token fails at once', new ChannelFailure('token refused', 'never'), 1, { state: 'failed' }],
    ['an outage is tried again after a minute', new ChannelFailure('503', 'later'), 1, { state: 'scheduled', retryAt: new Date('2026-09-01T08:01:00.000Z') }],
    ['the backoff doubles', new ChannelFailure('503', 'later'), 3, { state: 'scheduled', retryAt: new Date('2026-09-01T08:04:00.000Z') }],
    ['a rate limit waits for its reset', new ChannelFailure('429', 'later', new Date('2026-09-01T08:15:00.000Z')), 1, { state: 'scheduled', retryAt: new Date('2026-09-01T08:15:00.000Z') }],
    ['the fifth failure gives up', new ChannelFailure('503', 'later'), 5, { state: 'failed' }],
  ])('%s', (_name, failure, attempt, expected) => {
    expect(afterFailure(failure, attempt, now)).toMatchObject(expected);
  });

  it('reads the reset of a rate limit from either header', () => {
    expect(rateLimitReset({ reset: '2026-09-01T08:05:00.000Z', retryAfter: null }, now)).toEqual(new Date('2026-09-01T08:05:00.000Z'));
    expect(rateLimitReset({ reset: null, retryAfter: '120' }, now)).toEqual(new Date('2026-09-01T08:02:00.000Z'));
    expect(rateLimitReset({ reset: null, retryAfter: null }, now)).toBeUndefined();
  });

  it.each([
    ['scheduled', null],
    ['publishing', 'the post is being published right now and may already be out'],
    ['published', 'the post is already published'],
    ['cancelled', 'the post is already cancelled'],
  ] as const)('cancelling a %s post', (state, refusal) => {
    expect(cancelRefusal(state)).toBe(refusal);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.178.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['93.184.216.34', false],
    ['2a01:4f8::1', false],
    ['::ffff:93.184.216.34', false],
    ['not an address', true],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('removing an account', () => {
  const graph = (nodes: JourneyGraph['nodes']): JourneyGraph => ({ start: nodes[0]?.id ?? 'a', nodes, edges: [] });
  const journey = (id: string, nodes: JourneyGraph['nodes']) => ({ id, name: `Strecke ${id}`, status: 'active', graph: graph(nodes) });
  const posting = journey('j1', [{ id: 'post', type: 'action', action: { kind: 'publish_post', accountId: 'acc', text: 'Hallo', language: 'de' } }]);
  const calling = journey('j2', [{ id: 'hook', type: 'action', action: { kind: 'call_webhook', accountId: 'acc' } }]);
  const other = journey('j3', [
    { id: 'hook', type: 'action', action: { kind: 'call_webhook', accountId: 'other' } },
    { id: 'tag', type: 'action', action: { kind: 'add_tag', tag: 'acc' } },
  ]);

  it('finds the journeys whose post or webhook steps name the account, and only those', () => {
    expect(journeysNaming('acc', [posting, calling, other]).map((found) => found.id)).toEqual(['j1', 'j2']);
  });

  it.each([
    ['nothing left to go out', [], [], null],
    ['a scheduled post', [{ id: 'p1', state: 'scheduled', text: 'Faust', publishAt: '2026-10-01T18:00:00.000Z' }], [], 'cancel its scheduled posts first: "Faust" (2026-10-01T18:00:00.000Z)'],
    ['a post being published', [{ id: 'p1', state: 'publishing', text: 'Faust', publishAt: '2026-10-01T18:00:00.000Z' }], [], 'try again in a minute'],
    ['a journey', [], [posting], '"Strecke j1" (active)'],
  ])('%s', (_name, posts, journeys, expected) => {
    const refusal = removalRefusal(posts, journeys);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal?.message).toContain(expected);
  });

  it('names five posts and counts the rest', () => {
    const posts = Array.from({ length: 7 }, (_, at) => ({ id: `p${at}`, state: 'scheduled', text: `Post ${at}`, publishAt: '2026-10-01T18:00:00.000Z' }));
    expect(removalRefusal(posts, [])?.message).toContain('"Post 4" (2026-10-01T18:00:00.000Z) and 2 more');
    expect(removalRefusal(posts, [])?.details).toHaveLength(7);
  });
});
