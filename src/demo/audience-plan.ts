import { type DataItem, justifiedBy, type Purpose } from '../audience/model.ts';
import { createConsentPlanner, type PlannedConsent, validPurposes } from './audience-consents.ts';
import { type AudienceProgramme, createHistory, type Newsletter, type PlannedInteraction } from './audience-history.ts';
import { makePerson, type Persona, personas, phoneNumber } from './audience-people.ts';
import { createRandom } from './audience-random.ts';
import type { DemoPlan } from './plan.ts';

/*
 * The demo house's audience, planned: about 1,500 invented people with their consents
 * and history, ready for the seed to write (audience.ts). Pure and deterministic: the
 * same programme, seed time and seed number give the same people, byte for byte.
 *
 * The plan holds only what Foyer could hold at the seed time: a field or an interaction
 * that none of the person's valid purposes justifies (model.ts justifiedBy) is left out,
 * as the retention job would have removed it. A person waiting for a double opt-in holds
 * only the address and language the confirmation needs. So the first retention run
 * after the seed has nothing to do, and a staff member reading a contact sees all of it.
 */

/** The demo's seed number: change it for a different, equally plausible audience. */
export const DEMO_AUDIENCE_SEED = 202627;

export interface PlannedContact {
  /** Its place in the plan: mail refs use it, never the address (refs outlive an erasure). */
  serial: number;
  persona: Persona;
  email: string;
  name: string | null;
  phone: string | null;
  language: 'de' | 'en';
  postalCode: string | null;
  birthYear: number | null;
  interests: string[];
  source: 'import' | 'box_office';
  /** Unit slugs: interacted with the unit, or imported for it. */
  units: string[];
  consents: PlannedConsent[];
  /** Oldest first. */
  interactions: PlannedInteraction[];
  premiereSubscriber: boolean;
}

export interface AudiencePlan {
  now: string;
  contacts: PlannedContact[];
  newsletters: Newsletter[];
}

/** What the audience plan needs of the demo season. */
export function audienceProgramme(plan: DemoPlan, now: Date): AudienceProgramme {
  return {
    now,
    seasonFrom: plan.season.from,
    productions: plan.productions.map(({ slug, unit, production, performances }) => ({
      slug,
      unit,
      genres: production.genres ?? [],
      kind: production.kind === 'exhibition' ? 'exhibition' : 'staged',
      runs: production.kind === 'exhibition' && production.runsFrom != null && production.runsUntil != null ? { from: production.runsFrom, until: production.runsUntil } : null,
      performances: performances.map((perf) => ({ local: perf.local, startsAt: perf.startsAt, status: perf.status, note: perf.note?.de ?? null })),
    })),
  };
}

/** What a person may still hold: for someone only waiting for a double opt-in, the address and language. */
export function justifiedItems(valid: ReadonlySet<Purpose>): (item: DataItem) => boolean {
  if (valid.size === 0) return (item) => item === 'email' || item === 'language';
  return (item) => justifiedBy[item].some((purpose) => valid.has(purpose));
}

const DAY = 86_400_000;

export function planDemoAudience(programme: AudienceProgramme, seed: number = DEMO_AUDIENCE_SEED): AudiencePlan {
  const random = createRandom(seed);
  const history = createHistory(programme, random);
  const consentPlanner = createConsentPlanner(random, programme.now);
  const now = programme.now.getTime();
  const taken = new Set<string>();
  const contacts: PlannedContact[] = [];

  for (const persona of Object.keys(personas) as Persona[]) {
    const spec = personas[persona];
    for (let n = 0; n < spec.count; n += 1) {
      const serial = contacts.length + 1;
      const person = makePerson(random, spec, taken);
      const events: PlannedInteraction[] = [...history.visits(spec, random.int(...spec.visits)), ...history.upcoming(spec, random.int(...spec.upcoming))];
      // A first-time visitor has exactly one booking: a visit in the last months or a seat still to come.
      for (let tries = 0; persona === 'first_time' && tries < 5 && !events.some((e) => e.kind === 'booking'); tries += 1) {
        events.push(...(random.chance(0.5) ? history.visits(spec, 1) : history.upcoming(spec, 1)));
      }
      const premiereSubscriber = spec.premieres > 0 && random.chance(spec.premieres);
      if (premiereSubscriber) events.push(...history.premiereSubscription());

      const consents = consentPlanner.plan(spec, events, { pendingOnly: persona === 'newsletter' && random.chance(0.08) });
      const valid = validPurposes(consents, programme.now);
      const subscribed = consents.find((c) => c.purpose === 'newsletter' && valid.has('newsletter'))?.grantedAt;
      if (subscribed != null) events.push(...history.mails(serial, Date.parse(subscribed), persona === 'opera' || persona === 'concert' ? 0.55 : 0.4));
      if (valid.has('recommendations') || valid.has('behavioural_analysis')) events.push(...history.pageViews(spec, random.weighted([[0, 3], [1, 2], [3, 2], [6, 1]])));
      if (valid.has('behavioural_analysis')) {
        if (random.chance(0.07)) events.push(history.assistantConversation(person.language));
        const recent = events.filter((e) => e.kind === 'attendance' && Date.parse(e.occurredAt) > now - 270 * DAY);
        if (recent.length > 0 && random.chance(0.25)) events.push(history.surveyAnswer(random.pick(recent)));
      }

      const interests = random.sample(spec.interests, persona === 'first_time' ? random.int(0, 1) : random.int(1, 3));
      const phone = valid.has('post_phone') ? random.chance(0.75) : valid.has('ticketing') && random.chance(0.15);
      const holds = justifiedItems(valid);
      const interactions = events
        .filter((e) => holds(`interaction:${e.kind}`))
        .map((e) => (holds('interaction_details') ? e : { ...e, details: null }))
        .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
      const units = new Set<string>(spec.unit === undefined ? [] : [spec.unit]);
      for (const interaction of interactions) if (interaction.unit !== null) units.add(interaction.unit);
      contacts.push({
        serial,
        persona,
        email: person.email,
        name: holds('name') ? person.name : null,
        phone: phone && holds('phone') ? phoneNumber(random) : null,
        language: person.language,
        postalCode: holds('postal_code') ? person.postalCode : null,
        birthYear: holds('birth_year') ? person.birthYear : null,
        interests: holds('interests') ? interests : [],
        source: interactions.some((i) => i.kind === 'booking') && random.chance(0.5) ? 'box_office' : 'import',
        units: [...units].sort(),
        consents,
        interactions,
        premiereSubscriber,
      });
    }
  }
  // Mixed, so that a contact list in creation order does not start with every opera lover.
  return { now: programme.now.toISOString(), contacts: random.shuffle(contacts), newsletters: history.newsletters };
}
