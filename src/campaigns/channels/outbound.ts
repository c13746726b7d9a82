import { readBodyLimited } from '../../core/http/body.ts';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ChannelFailure } from './model.ts';

/*
 * Requests to addresses staff typed in (a webhook URL, a Mastodon instance, an image URL).
 * Without a guard, anyone who may add a channel could make the server call its own admin
 * ports, the cloud's metadata service (169.254.169.254) or machines on the internal network
 * and read the answers in the post's error (SSRF). So a host that resolves to a loopback,
 * private, link-local or otherwise non-public address is refused, unless
 * FOYER_ALLOW_PRIVATE_WEBHOOKS=true (tests, and a house that runs its receiver beside Foyer).
 *
 * Redirects are not followed blindly: each hop is checked again.
 */

const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one a public service never has. IPv4-mapped IPv6 is read as the IPv4 it carries. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return nonPublic.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return nonPublic.check(address, 'ipv4');
  if (family === 6) return nonPublic.check(address, 'ipv6');
  return true;
}

export interface OutboundOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Thrown for a URL the guard refuses: a setting to fix, not an outage to wait out. */
export class PrivateAddressRefused extends ChannelFailure {
  constructor(host: string) {
    super(`${host} resolves to a private or loopback address; Foyer does not call those (set FOYER_ALLOW_PRIVATE_WEBHOOKS=true to allow it)`, 'never');
  }
}

/**
 * Refuses a URL whose host is or resolves to a non-public address. A name DNS cannot
 * resolve passes: the request then fails on its own and says so.
 */
export async function checkPublicHost(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) throw new PrivateAddressRefused(url.host);
  if (isIP(host) !== 0) {
    if (isPrivateAddress(host)) throw new PrivateAddressRefused(url.host);
    return;
  }
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return; // the request itself will fail and say that the name does not resolve
  }
  if (addresses.some((entry) => isPrivateAddress(entry.address))) throw new PrivateAddressRefused(url.host);
}

/** A failure of the network, not of the request: worth another try later. */
export function networkFailure(error: unknown, url: URL, timeoutMs: number): ChannelFailure {
  if (error instanceof ChannelFailure) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new ChannelFailure(`${url.host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, 'later');
  if (name === 'AbortError') return new ChannelFailure(`the request to ${url.host} was stopped (the worker is shutting down)`, 'later');
  const cause = error instanceof Error && typeof error.cause === 'object' && error.cause !== null ? (error.cause as { code?: unknown; message?: unknown }) : undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return new ChannelFailure(`${url.host} could not be reached: ${detail}`, 'later');
}

const MAX_REDIRECTS = 3;

/**
 * fetch() with the guard, a deadline for the whole exchange and the worker's stop signal.
 * Redirects are followed only for GET, each hop checked; a POST is never redirected
 * (a 3xx comes back to the caller as an answer).
 */
export async function guardedFetch(input: string | URL, init: RequestInit, options: OutboundOptions, signal: AbortSignal): Promise<Response> {
  let url = new URL(input);
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]);
  const follow = (init.method ?? 'GET') === 'GET';
  try {
    for (let hop = 0; ; hop += 1) {
      await checkPublicHost(url, options.allowPrivate);
      const response = await fetch(url, { ...init, redirect: 'manual', signal: deadline });
      const location = response.headers.get('location');
      if (!follow || response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new ChannelFailure(`${url.host} redirected more than ${MAX_REDIRECTS} times`, 'never');
      url = new URL(location, url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ChannelFailure(`${url.host} redirected to a ${url.protocol} URL`, 'never');
    }
  } catch (error) {
    throw networkFailure(error, url, options.timeoutMs);
  }
}

/** Reads a body up to `maxBytes`, cutting off a larger one while it streams in. */
export async function readLimited(response: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  return readBodyLimited(response, maxBytes, () => new ChannelFailure(`${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, 'never'));
}
