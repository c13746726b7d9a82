import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DataItem, genreCodes, isConsentValid, justifiedBy, type Purpose } from '../audience/model.ts';
import { planRetention, retentionLimits } from '../audience/privacy/model.ts';
import { checkRule, monthsBefore } from '../audience/segments/model.ts';
import { validPurposes } from './audience-consents.ts';
import { cityPostcodes } from './audience-people.ts';
import { type AudiencePlan, audienceProgramme, DEMO_AUDIENCE_SEED, justifiedItems, type PlannedContact, planDemoAudience } from './audience-plan.ts';
import { demoSegments } from './audience-segments.ts';
import { readDemoFiles } from './data.ts';
import { planDemoHouse } from './plan.ts';

const season = planDemoHouse(readDemoFiles(), { imageBaseUrl: null });
const DAY = 86_400_000;

/** Seed times: the clock tests start on (the season's first day: nothing played yet), mid-season, and after the season. */
const seedTimes = ['2026-09-01T08:00:00.000Z', '2026-12-10T09:00:00.000Z', '2027-08-15T12:00:00.000Z'];
const plans = new Map(seedTimes.map((at) => [at, planDemoAudience(audienceProgramme(season, new Date(at)))]));
const planAt = (at: string) => plans.get(at) as AudiencePlan;

const share = (contacts: readonly PlannedContact[], test: (c: PlannedContact) => boolean) => contacts.filter(test).length / contacts.length;
const digest = (plan: AudiencePlan) => createHash('sha256').update(JSON.stringify(plan)).digest('hex');

const performances = new Map(season.productions.flatMap((p) => p.performances.map((perf) => [`${p.slug} ${perf.local}`, perf] as const)));
const productions = new Map(season.productions.map((p) => [p.slug, p]));

describe.each(seedTimes)('the demo audience seeded at %s', (at) => {
  const now = new Date(at);
  const { contacts } = planAt(at);

  it('has 1,500 people with unique addresses at example.org or example.net, mostly German-speaking', () => {
    expect(contacts).toHaveLength(1500);
    expect(new Set(contacts.map((c) => c.email)).size).toBe(1500);
    for (const contact of contacts) expect(contact.email).toMatch(/^[a-z][a-z.]*[a-z0-9]*@example\.(org|net)$/);
    expect(share(contacts, (c) => c.language === 'de')).toBeGreaterThan(0.8);
    expect(share(contacts, (c) => c.language === 'de')).toBeLessThan(0.9);
  });

  it('spreads birth years from 1940 to 2010, and lives in Auenstadt or the region around it', () => {
    const years = contacts.flatMap((c) => (c.birthYear === null ? [] : [c.birthYear]));
    expect(Math.min(...years)).toBeLessThanOrEqual(1942);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2006);
    for (const year of years) expect(year >= 1940 && year <= 2010).toBe(true);
    const postcodes = contacts.flatMap((c) => (c.postalCode === null ? [] : [c.postalCode]));
    for (const postcode of postcodes) expect(postcode).toMatch(/^3\d{4}$/);
    const city = postcodes.filter((p) => (cityPostcodes as readonly string[]).includes(p)).length / postcodes.length;
    expect(city).toBeGreaterThan(0.4);
    expect(city).toBeLessThan(0.75);
  });

  it('declares interests from the genre vocabulary only', () => {
    for (const contact of contacts) for (const interest of contact.interests) expect(genreCodes.has(interest), interest).toBe(true);
    expect(share(contacts, (c) => c.interests.length > 0)).toBeGreaterThan(0.5);
  });

  it('puts about 200 people, teachers and families, in the Junges Theater', () => {
    const young = contacts.filter((c) => c.units.includes('junges-theater'));
    expect(young.length).toBeGreaterThanOrEqual(180);
    expect(young.length).toBeLessThanOrEqual(250);
    expect(young.filter((c) => c.persona === 'teacher')).toHaveLength(70);
  });

  it('mixes consents as a theatre has them: most for the newsletter, few for post and phone', () => {
    const valid = (purpose: Purpose) => share(contacts, (c) => validPurposes(c.consents, now).has(purpose));
    expect(valid('newsletter')).toBeGreaterThan(0.55);
    expect(valid('newsletter')).toBeLessThan(0.68);
    expect(valid('recommendations')).toBeGreaterThan(0.3);
    expect(valid('recommendations')).toBeLessThan(0.42);
    expect(valid('behavioural_analysis')).toBeGreaterThan(0.2);
    expect(valid('behavioural_analysis')).toBeLessThan(0.3);
    expect(valid('post_phone')).toBeGreaterThan(0.06);
    expect(valid('post_phone')).toBeLessThan(0.13);
  });

  it('proves every newsletter consent with a confirmed double opt-in', () => {
    const newsletters = contacts.flatMap((c) => c.consents.filter((k) => k.purpose === 'newsletter' && k.grantedAt !== null));
    expect(newsletters.length).toBeGreaterThan(800);
    for (const consent of newsletters) {
      expect(consent.proof.confirmedAt).toBe(consent.grantedAt);
      expect(consent.requestedAt <= (consent.grantedAt as string)).toBe(true);
      expect(consent.legalBasis).toBe('consent');
    }
  });

  it('grants consents over the last two years, so that some run out in the coming weeks; a few are revoked or still pending', () => {
    const all = contacts.flatMap((c) => c.consents);
    const valid = all.filter((c) => isConsentValid(c, now));
    for (const consent of valid) expect((consent.grantedAt as string) > monthsBefore(now, 24)).toBe(true);
    const soon = valid.filter((c) => Date.parse(c.expiresAt as string) < now.getTime() + 30 * DAY);
    expect(soon.length).toBeGreaterThanOrEqual(20);
    expect(all.filter((c) => c.status === 'revoked').length).toBeGreaterThanOrEqual(10);
    expect(all.filter((c) => c.status === 'pending').length).toBeGreaterThanOrEqual(10);
    for (const consent of all.filter((c) => c.status === 'revoked' || c.status === 'expired')) expect(consent.retentionDoneAt).not.toBeNull();
  });

  it('holds the contract of a booking for everyone who booked', () => {
    for (const contact of contacts.filter((c) => c.interactions.some((i) => i.kind === 'booking'))) {
      const ticketing = contact.consents.find((c) => c.purpose === 'ticketing');
      expect(ticketing?.legalBasis, contact.email).toBe('contract');
      const lastBooking = contact.interactions.filter((i) => i.kind === 'booking').at(-1)?.occurredAt;
      expect(ticketing?.grantedAt, contact.email).toBe(lastBooking);
    }
  });

  it('leaves nobody the retention job would erase or trim: a valid purpose or an open double opt-in each, and only data those justify', () => {
    const limits = retentionLimits(now);
    for (const contact of contacts) {
      const valid = validPurposes(contact.consents, now);
      expect(valid.size > 0 || contact.consents.some((c) => c.status === 'pending'), contact.email).toBe(true);
      const plan = planRetention(
        { createdAt: now.toISOString() },
        contact.consents.map((c, index) => ({ id: String(index), purpose: c.purpose, status: c.status, expiresAt: c.expiresAt, requestedAt: c.requestedAt, retentionDoneAt: c.retentionDoneAt })),
        limits,
      );
      expect(plan.because, contact.email).toBe('nothing_due');

      const holds = justifiedItems(valid);
      const present: DataItem[] = ['email', 'language'];
      if (contact.name !== null) present.push('name');
      if (contact.phone !== null) present.push('phone');
      if (contact.postalCode !== null) present.push('postal_code');
      if (contact.birthYear !== null) present.push('birth_year');
      if (contact.interests.length > 0) present.push('interests');
      for (const interaction of contact.interactions) {
        present.push(`interaction:${interaction.kind}`);
        if (interaction.details !== null) present.push('interaction_details');
      }
      for (const item of present) expect(holds(item), `${contact.email} holds ${item}`).toBe(true);
      if (valid.size > 0) for (const item of present) expect(justifiedBy[item].some((p) => valid.has(p)), `${contact.email} ${item}`).toBe(true);
    }
  });

  it('dates every interaction before the seed, books before the performance and attends only what has been played', () => {
    for (const contact of contacts) {
      for (const interaction of contact.interactions) {
        expect(interaction.occurredAt < at, `${contact.email} ${interaction.kind} ${interaction.occurredAt}`).toBe(true);
        if (interaction.production !== null) expect(productions.has(interaction.production)).toBe(true);
        if (interaction.performance === null) continue;
        const performance = performances.get(`${interaction.production} ${interaction.performance}`);
        expect(performance, `${interaction.production} ${interaction.performance}`).toBeDefined();
        expect(performance?.status).not.toBe('cancelled');
        if (interaction.kind === 'booking') expect(interaction.occurredAt < (performance?.startsAt as string)).toBe(true);
        if (interaction.kind === 'attendance') expect((performance?.startsAt as string) <= at).toBe(true);
      }
    }
  });

  it('has opera regulars, families, first-time visitors and people not seen for a long time', () => {
    const attendedOpera = (c: PlannedContact) =>
      c.interactions.filter((i) => i.kind === 'attendance' && i.occurredAt >= monthsBefore(now, 24) && productions.get(i.production ?? '')?.production.genres?.includes('opera')).length;
    expect(contacts.filter((c) => attendedOpera(c) >= 2).length).toBeGreaterThanOrEqual(60);
    const visits = (c: PlannedContact) => c.interactions.filter((i) => i.kind === 'attendance');
    const lapsed = contacts.filter((c) => visits(c).length > 0 && visits(c).every((i) => i.occurredAt < monthsBefore(now, 18)));
    expect(lapsed.length).toBeGreaterThanOrEqual(60);
    const firstTime = contacts.filter((c) => {
      const history = c.interactions.filter((i) => i.kind === 'booking' || i.kind === 'attendance');
      return history.length > 0 && history.every((i) => i.occurredAt >= monthsBefore(now, 12)) && visits(c).length <= 1;
    });
    expect(firstTime.length).toBeGreaterThanOrEqual(60);
    expect(contacts.filter((c) => c.interactions.some((i) => i.production !== null && productions.get(i.production)?.production.genres?.includes('children_theatre'))).length).toBeGreaterThanOrEqual(100);
  });

  it('sends newsletters, and records page views, assistant conversations and survey answers', () => {
    const kinds = new Set(contacts.flatMap((c) => c.interactions.map((i) => i.kind)));
    for (const kind of ['booking', 'attendance', 'email_sent', 'email_opened', 'email_clicked', 'page_view', 'assistant_conversation', 'survey_answer']) expect(kinds, kind).toContain(kind);
  });
});

describe('the demo audience plan', () => {
  const at = new Date(seedTimes[1] as string);

  it('gives the same audience for the same seed time and seed number, and another for another seed', () => {
    const programme = audienceProgramme(season, at);
    expect(digest(planDemoAudience(programme))).toBe(digest(planAt(seedTimes[1] as string)));
    expect(digest(planDemoAudience(programme, DEMO_AUDIENCE_SEED))).toBe(digest(planAt(seedTimes[1] as string)));
    expect(digest(planDemoAudience(programme, DEMO_AUDIENCE_SEED + 1))).not.toBe(digest(planAt(seedTimes[1] as string)));
  });

  it('saves six segments with unique names, each rule tree valid for the segment schema', () => {
    expect(demoSegments.map((s) => s.name)).toEqual([
      'Junges Theater: Lehrkräfte',
      'Opernfreundinnen und -freunde',
      'Familien mit Kindern',
      'Erstbesucher:innen',
      'Lange nicht gesehen',
      'Premierenpublikum',
    ]);
    const refs = { unit: () => '0192f3a4-0000-7000-8000-000000000001', segment: () => '0192f3a4-0000-7000-8000-000000000002' };
    for (const segment of demoSegments) {
      if (segment.kind === 'static') {
        expect(segment.rules).toBeNull();
        continue;
      }
      const checked = checkRule(segment.rules?.(refs));
      expect(checked, segment.name).toMatchObject({ ok: true });
    }
    expect(planAt(seedTimes[1] as string).contacts.filter((c) => c.premiereSubscriber).length).toBeGreaterThanOrEqual(40);
  });
});
