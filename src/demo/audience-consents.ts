import {
  type ConsentProof,
  type ConsentSource,
  type ConsentStatus,
  expiryFrom,
  isConsentValid,
  type LegalBasis,
  marketingPurposes,
  type Purpose,
} from '../audience/model.ts';
import type { PlannedInteraction } from './audience-history.ts';
import { type PersonaSpec, userAgents } from './audience-people.ts';
import type { Random } from './audience-random.ts';

/*
 * The consents of one demo person, as they would stand after two years of Foyer: granted
 * on dates spread over the last 24 months (so some run out in the coming weeks), the
 * contract of their bookings (ticketing), a few revoked or expired and already dealt
 * with by retention, a few double opt-ins still waiting for their confirmation.
 *
 * Every person ends with at least one valid purpose or an open double opt-in: someone
 * with neither would be erased by the retention job on its first run.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Months every demo consent lasts: the default, the demo writes no consent policy. */
const MONTHS = 24;

export interface PlannedConsent {
  purpose: Purpose;
  status: ConsentStatus;
  legalBasis: LegalBasis;
  source: ConsentSource;
  requestedAt: string;
  grantedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Set on ended consents: the retention job has already removed what only they justified. */
  retentionDoneAt: string | null;
  proof: ConsentProof;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function validPurposes(consents: readonly PlannedConsent[], now: Date): Set<Purpose> {
  return new Set(consents.filter((c) => isConsentValid(c, now)).map((c) => c.purpose));
}

export function createConsentPlanner(random: Random, now: Date) {
  const nowMs = now.getTime();
  // Granted after this instant: still valid at the seed (24 months), a day's margin.
  const earliestValid = expiryFrom(now, -MONTHS).getTime() + DAY;

  const onlineProof = (): ConsentProof => ({ ipHash: random.hex(64), userAgent: random.pick(userAgents) });

  function granted(purpose: Purpose, at: number, source: ConsentSource, proof: ConsentProof, requestedAt = at): PlannedConsent {
    const expiresAt = expiryFrom(new Date(at), MONTHS).getTime();
    const valid = expiresAt > nowMs;
    return {
      purpose,
      status: valid ? 'granted' : 'expired',
      legalBasis: purpose === 'ticketing' ? 'contract' : 'consent',
      source,
      requestedAt: iso(requestedAt),
      grantedAt: iso(at),
      expiresAt: iso(expiresAt),
      revokedAt: null,
      retentionDoneAt: valid ? null : iso(expiresAt + random.int(3, 14) * MINUTE),
      proof,
    };
  }

  /** Double opt-in: asked for, then the link in the mail followed (the proof's confirmedAt). */
  function newsletter(at: number): PlannedConsent {
    const source = random.weighted<ConsentSource>([['form', 75], ['box_office', 10], ['preference_centre', 8], ['assistant', 7]]);
    const requested = at - random.between(2 * MINUTE, 20 * HOUR);
    return granted('newsletter', at, source, { ...onlineProof(), confirmedAt: iso(at) }, requested);
  }

  function marketing(purpose: Purpose, at: number): PlannedConsent {
    if (purpose === 'newsletter') return newsletter(at);
    if (purpose === 'post_phone' && random.chance(0.6)) return granted(purpose, at, 'box_office', { note: 'An der Theaterkasse erfasst' });
    return granted(purpose, at, random.chance(0.6) ? 'form' : 'preference_centre', onlineProof());
  }

  function pending(purpose: Purpose): PlannedConsent {
    return {
      purpose,
      status: 'pending',
      legalBasis: 'consent',
      source: random.chance(0.8) ? 'form' : 'box_office',
      requestedAt: iso(nowMs - random.between(0.1, 10) * DAY),
      grantedAt: null,
      expiresAt: null,
      revokedAt: null,
      retentionDoneAt: null,
      proof: onlineProof(),
    };
  }

  /** A newsletter someone unsubscribed from, months ago. */
  function revokedNewsletter(): PlannedConsent {
    const at = nowMs - random.between(90, 690) * DAY;
    const revoked = at + random.between(20, (nowMs - at) / DAY - 1) * DAY;
    const consent = newsletter(at);
    return { ...consent, status: 'revoked', revokedAt: iso(revoked), retentionDoneAt: iso(revoked + random.int(3, 14) * MINUTE) };
  }

  const grantTime = () => random.between(earliestValid, nowMs - 2 * HOUR);

  /** The consents of one person with this history. */
  function plan(spec: PersonaSpec, history: readonly PlannedInteraction[], options: { pendingOnly: boolean }): PlannedConsent[] {
    const consents: PlannedConsent[] = [];
    let last: PlannedInteraction | undefined;
    for (const event of history) if (event.kind === 'booking' && (last === undefined || event.occurredAt > last.occurredAt)) last = event;
    if (last !== undefined) {
      const channel = last.details?.channel === 'box_office' ? 'box_office' : 'form';
      consents.push(granted('ticketing', Date.parse(last.occurredAt), channel, { note: `Buchung ${last.ref ?? ''}`.trim() }));
    }
    if (options.pendingOnly) return [...consents, pending('newsletter')];
    for (const purpose of marketingPurposes) if (random.chance(spec.consents[purpose])) consents.push(marketing(purpose, grantTime()));

    let valid = validPurposes(consents, now);
    // Bookings older than their contract stay on the timeline only with recommendations or analysis.
    if (last !== undefined && !valid.has('ticketing') && !valid.has('recommendations') && !valid.has('behavioural_analysis')) {
      consents.push(marketing('recommendations', grantTime()));
    }
    valid = validPurposes(consents, now);
    if (valid.size === 0) consents.push(marketing('newsletter', grantTime()));

    const has = (purpose: Purpose) => consents.some((c) => c.purpose === purpose);
    if (!has('newsletter') && random.chance(0.07)) consents.push(revokedNewsletter());
    if (!has('post_phone') && random.chance(0.03)) {
      consents.push(marketing('post_phone', nowMs - random.between(24.3 * 30.5, 30 * 30.5) * DAY));
    }
    if (!has('newsletter') && random.chance(0.035)) consents.push(pending('newsletter'));
    return consents;
  }

  return { plan };
}
