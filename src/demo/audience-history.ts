import { expiryFrom, type InteractionKind } from '../audience/model.ts';
import type { PersonaSpec } from './audience-people.ts';
import type { Random } from './audience-random.ts';

/*
 * What the demo audience did: bookings and visits, mails opened, pages read, questions
 * to the assistant, survey answers. Pure and seeded like the rest of the plan.
 *
 * Everything lies before the seed time, relative to it: the demo is seeded whenever
 * someone starts it, and a history dated by the season alone would be in the future
 * on a September start and years old in 2029. Performances of the demo season that lie
 * before the seed time are booked and attended; what lies further back than the season
 * (the previous season, the lapsed audience) is a visit to a production without a
 * performance, dated in that past. Performances still to come are booked, never
 * attended; a booking is always made before its performance.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface AudiencePerformance {
  /** The local start, as in the demo files: the key seed.ts resolves to an id. */
  local: string;
  startsAt: string;
  status: string;
  note: string | null;
}

export interface AudienceProduction {
  slug: string;
  unit: string | null;
  genres: readonly string[];
  kind: 'staged' | 'exhibition';
  /** Exhibitions: first and last day, local dates. */
  runs: { from: string; until: string } | null;
  performances: readonly AudiencePerformance[];
}

export interface AudienceProgramme {
  now: Date;
  /** The first day of the demo season, a local date. */
  seasonFrom: string;
  productions: readonly AudienceProduction[];
}

export interface PlannedInteraction {
  kind: InteractionKind;
  occurredAt: string;
  /** The capability that would have written it: ticketing, campaigns, web, assistant, survey. */
  source: string;
  ref: string | null;
  production: string | null;
  /** The performance's local start (with `production`), or null for a visit without one. */
  performance: string | null;
  unit: string | null;
  details: Record<string, unknown> | null;
}

export interface Newsletter {
  key: string;
  title: string;
  sentAt: number;
  featured: readonly string[];
}

const school = (performance: AudiencePerformance) => performance.note !== null && /Schul|Kita/.test(performance.note);
const playing = (performance: AudiencePerformance) => performance.status !== 'cancelled';
const iso = (ms: number) => new Date(ms).toISOString();
const monthNames = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

interface Timed {
  production: AudienceProduction;
  performance: AudiencePerformance | null;
  at: number;
}

export function createHistory(programme: AudienceProgramme, random: Random) {
  const now = programme.now.getTime();
  const seasonStart = Date.parse(`${programme.seasonFrom}T00:00:00.000Z`);
  let orders = 0;
  // The performances that took or take place, parsed once: a plan reads them thousands of times.
  const slots = new Map<AudienceProduction, { performance: AudiencePerformance; at: number; school: boolean }[]>(
    programme.productions.map((p) => [p, p.performances.filter(playing).map((performance) => ({ performance, at: Date.parse(performance.startsAt), school: school(performance) }))]),
  );
  const slotsOf = (production: AudienceProduction) => slots.get(production) ?? [];
  const orderRef = () => `AUE-${String(104_000 + (orders += 1))}`;

  function weightOf(spec: PersonaSpec, production: AudienceProduction): number {
    // A unit's offers draw the people who come for them: the museum's visitors, families and schools.
    const unitGenres = production.unit === 'junges-theater' ? ['children_theatre', 'youth_theatre'] : production.unit === 'museum' ? ['exhibition', 'guided_tour'] : null;
    if (unitGenres !== null && !spec.genres.some(([genre]) => unitGenres.includes(genre))) return 0;
    let weight = 0;
    for (const [genre, w] of spec.genres) if (production.genres.includes(genre)) weight = Math.max(weight, w);
    if (weight === 0) return 0;
    const fits = (p: AudiencePerformance) => (spec.performances === 'school' ? school(p) : !school(p));
    if (production.kind === 'exhibition') return spec.performances === 'school' ? 0 : weight;
    return production.performances.some(fits) ? weight : 0;
  }

  const candidates = new Map<PersonaSpec, [AudienceProduction, number][]>();
  function productionsFor(spec: PersonaSpec): [AudienceProduction, number][] {
    let list = candidates.get(spec);
    if (list === undefined) {
      list = programme.productions.map((p): [AudienceProduction, number] => [p, weightOf(spec, p)]).filter(([, w]) => w > 0);
      candidates.set(spec, list);
    }
    return list;
  }

  /** A time of day that fits the kind of visit: school mornings, family weekends, museum days, evenings. */
  function timeOn(day: number, spec: PersonaSpec, production: AudienceProduction): number {
    const midnight = Math.floor(day / DAY) * DAY;
    const weekday = new Date(midnight).getUTCDay();
    if (spec.performances === 'school') return midnight + (weekday === 6 ? -DAY : weekday === 0 ? DAY : 0) + 8 * HOUR + 30 * MINUTE;
    if (production.kind === 'exhibition' || production.genres.includes('guided_tour')) {
      return midnight + (weekday === 1 ? DAY : 0) + random.int(9, 15) * HOUR + random.pick([0, 15, 30, 45]) * MINUTE;
    }
    if (production.unit === 'junges-theater' || production.genres.includes('children_theatre')) {
      return midnight - (weekday === 0 || weekday === 6 ? 0 : (weekday + 1) * DAY) + 14 * HOUR;
    }
    return midnight + 17 * HOUR + 30 * MINUTE;
  }

  /** One visit of the persona within [from, until): a past performance, a day of an exhibition, or a production of an earlier season. */
  function visitIn(spec: PersonaSpec, from: number, until: number): Timed | null {
    const list = productionsFor(spec);
    if (list.length === 0 || until <= from) return null;
    const production = random.weighted(list);
    const wantsSchool = spec.performances === 'school';
    const past = slotsOf(production).filter((slot) => slot.school === wantsSchool && slot.at >= from && slot.at < until);
    const run: readonly [number, number] | null =
      production.runs === null ? null : [Math.max(from, Date.parse(`${production.runs.from}T00:00:00Z`)), Math.min(until, Date.parse(`${production.runs.until}T00:00:00Z`) + DAY)];
    const runOpen = run !== null && run[1] - run[0] > DAY;
    const before = [from, Math.min(until, seasonStart - DAY)] as const;
    const beforeOpen = before[1] - before[0] > 7 * DAY;
    const seasonShare = Math.max(0, until - Math.max(from, seasonStart)) / (until - from);
    if ((past.length > 0 || runOpen) && (!beforeOpen || random.chance(seasonShare))) {
      if (past.length > 0) {
        const { performance, at } = random.pick(past);
        return { production, performance, at };
      }
      const [start, end] = run as readonly [number, number];
      const at = timeOn(random.between(start, end - DAY), spec, production);
      return at < until && at < now ? { production, performance: null, at } : null;
    }
    if (!beforeOpen) return null;
    let day = random.between(before[0], before[1] - DAY);
    // Theatres rest in summer: a visit in the break moves back into June.
    const date = new Date(day);
    if (date.getUTCMonth() === 7 || (date.getUTCMonth() === 6 && date.getUTCDate() > 15)) day -= 50 * DAY;
    let at = timeOn(day, spec, production);
    while (at >= before[1]) at -= 7 * DAY;
    return at >= from - 60 * DAY ? { production, performance: null, at } : null;
  }

  function booking(visit: Timed, bookedAt: number): PlannedInteraction {
    return {
      kind: 'booking',
      occurredAt: iso(Math.min(bookedAt, now - MINUTE)),
      source: 'ticketing',
      ref: orderRef(),
      production: visit.production.slug,
      performance: visit.performance?.local ?? null,
      unit: visit.production.unit,
      details: { tickets: random.weighted([[1, 3], [2, 6], [3, 1], [4, 1]]), channel: random.chance(0.6) ? 'online' : 'box_office' },
    };
  }

  function attendance(visit: Timed): PlannedInteraction {
    const exhibition = visit.performance === null && visit.production.kind === 'exhibition';
    return {
      kind: 'attendance',
      occurredAt: iso(visit.at - (exhibition ? 0 : random.int(10, 45) * MINUTE)),
      source: 'ticketing',
      ref: null,
      production: visit.production.slug,
      performance: visit.performance?.local ?? null,
      unit: visit.production.unit,
      details: null,
    };
  }

  /** A visit that took place: booked some days before (at the till for an exhibition), then attended, most of the time. */
  function pastVisit(spec: PersonaSpec, visit: Timed): PlannedInteraction[] {
    const exhibition = visit.performance === null && visit.production.kind === 'exhibition';
    const lead = exhibition ? 2 * MINUTE : spec.performances === 'school' ? random.between(14, 90) * DAY : random.between(1, 45) * DAY + random.int(0, 10) * HOUR;
    const out = [booking(visit, visit.at - lead)];
    if (exhibition || random.chance(spec.performances === 'school' ? 0.97 : 0.92)) out.push(attendance(visit));
    return out;
  }

  function visits(spec: PersonaSpec, count: number): PlannedInteraction[] {
    const from = expiryFrom(programme.now, -spec.months[1]).getTime();
    const until = Math.min(now - DAY, expiryFrom(programme.now, -spec.months[0]).getTime());
    const out: PlannedInteraction[] = [];
    for (let i = 0; i < count; i += 1) {
      const visit = visitIn(spec, from, until);
      if (visit !== null) out.push(...pastVisit(spec, visit));
    }
    return out;
  }

  const ahead = new Map<PersonaSpec, [Timed, number][]>();
  function aheadFor(spec: PersonaSpec): [Timed, number][] {
    let choices = ahead.get(spec);
    if (choices === undefined) {
      const wantsSchool = spec.performances === 'school';
      choices = [];
      for (const [production, weight] of productionsFor(spec)) {
        for (const { performance, at, school: forSchools } of slotsOf(production)) {
          if (forSchools === wantsSchool && at > now + 2 * HOUR && at < now + 150 * DAY) choices.push([{ production, performance, at }, weight]);
        }
      }
      ahead.set(spec, choices);
    }
    return choices;
  }

  /** Bookings for performances in the next five months, made in the last weeks. */
  function upcoming(spec: PersonaSpec, count: number): PlannedInteraction[] {
    const choices = aheadFor(spec);
    const out: PlannedInteraction[] = [];
    for (let i = 0; i < count && choices.length > 0; i += 1) {
      const visit = random.weighted(choices);
      out.push(booking(visit, now - random.between(0.05, 45) * DAY));
    }
    return out;
  }

  const premieres = programme.productions
    .filter((p) => p.unit === null)
    .flatMap((production) => production.performances.filter((p) => p.note === 'Premiere' && playing(p)).map((performance) => ({ production, performance, at: Date.parse(performance.startsAt) })));

  /** A premiere subscription: one booking per premiere, made when the subscription was renewed before the season. */
  function premiereSubscription(): PlannedInteraction[] {
    let renewed = seasonStart - random.between(60, 90) * DAY;
    if (renewed >= now) renewed = now - random.between(1, 5) * DAY;
    return premieres.flatMap((visit) => {
      if (visit.at <= now) return visit.at - renewed > HOUR ? [booking(visit, renewed), ...(random.chance(0.95) ? [attendance(visit)] : [])] : [];
      return [booking(visit, Math.min(renewed, now - HOUR))];
    });
  }

  /** Four monthly newsletters before the seed, each featuring three productions still to come. */
  const newsletters: Newsletter[] = [0, 1, 2, 3].map((k) => {
    const day = Math.floor((now - (8 + 30 * k) * DAY) / DAY) * DAY;
    const sentAt = day + 7 * HOUR;
    const date = new Date(sentAt);
    const ahead = programme.productions.filter((p) => p.performances.some((perf) => Date.parse(perf.startsAt) > sentAt) && p.unit !== 'museum');
    return {
      key: `nl-${date.toISOString().slice(0, 10)}`,
      title: `Newsletter ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()}`,
      sentAt,
      featured: random.sample(ahead.length > 0 ? ahead : programme.productions, 3).map((p) => p.slug),
    };
  });
  const bySlug = new Map(programme.productions.map((p) => [p.slug, p]));

  /** The newsletters sent while the person's newsletter consent was in force; opened and clicked are behaviour. */
  function mails(serial: number, subscribedAt: number, openRate: number): PlannedInteraction[] {
    const out: PlannedInteraction[] = [];
    for (const letter of newsletters) {
      if (letter.sentAt <= subscribedAt) continue;
      const sent = letter.sentAt + random.int(0, 40) * MINUTE;
      const base = { source: 'campaigns', production: null, performance: null, unit: null };
      out.push({ ...base, kind: 'email_sent', occurredAt: iso(sent), ref: `${letter.key}/c${serial}`, details: { newsletter: letter.title } });
      if (!random.chance(openRate)) continue;
      const opened = Math.min(sent + random.between(0.2, 60) * HOUR, now - MINUTE);
      out.push({ ...base, kind: 'email_opened', occurredAt: iso(opened), ref: null, details: { newsletter: letter.title } });
      if (!random.chance(0.3)) continue;
      const slug = random.pick(letter.featured);
      out.push({
        ...base,
        kind: 'email_clicked',
        occurredAt: iso(Math.min(opened + random.int(1, 20) * MINUTE, now - MINUTE)),
        ref: null,
        production: slug,
        unit: bySlug.get(slug)?.unit ?? null,
        details: { newsletter: letter.title, link: `https://theater-auenstadt.example/programm/${slug}` },
      });
    }
    return out;
  }

  function pageViews(spec: PersonaSpec, count: number): PlannedInteraction[] {
    const list = productionsFor(spec);
    return Array.from({ length: count }, (): PlannedInteraction => {
      const production = list.length > 0 ? random.weighted(list) : random.pick(programme.productions);
      return {
        kind: 'page_view',
        occurredAt: iso(now - random.between(0.1, 120) * DAY),
        source: 'web',
        ref: null,
        production: production.slug,
        performance: null,
        unit: production.unit,
        details: { path: `/programm/${production.slug}`, referrer: random.pick(['newsletter', 'search', 'social', 'direct']) },
      };
    });
  }

  const topics = [
    ['Barrierefreiheit im Großen Haus', false],
    ['Parken am Theaterplatz', false],
    ['Gutschein einlösen', false],
    ['Umtausch von Karten', true],
    ['Einlass mit Kinderwagen', false],
    ['Gruppenbuchung für eine Schulklasse', true],
    ['Wie lange dauert die Vorstellung?', false],
  ] as const;

  function assistantConversation(language: string): PlannedInteraction {
    const [topic, handedOver] = random.pick(topics);
    return {
      kind: 'assistant_conversation',
      occurredAt: iso(now - random.between(0.5, 60) * DAY),
      source: 'assistant',
      ref: null,
      production: null,
      performance: null,
      unit: null,
      details: { topic, turns: random.int(2, 9), handedOver, language },
    };
  }

  const comments = ['Großartiger Abend!', 'Etwas zu lang, aber sehr berührend.', 'Die Musik war wunderbar.', 'Wir kommen wieder.', null, null, null];

  /** A short survey the day after a visit. */
  function surveyAnswer(visit: PlannedInteraction): PlannedInteraction {
    return {
      kind: 'survey_answer',
      occurredAt: iso(Math.min(Date.parse(visit.occurredAt) + random.between(14, 60) * HOUR, now - MINUTE)),
      source: 'survey',
      ref: null,
      production: visit.production,
      performance: visit.performance,
      unit: visit.unit,
      details: { survey: 'Wie war Ihr Theaterabend?', rating: random.weighted([[5, 5], [4, 4], [3, 2], [2, 1]]), comment: random.pick(comments) },
    };
  }

  return { visits, upcoming, premiereSubscription, newsletters, mails, pageViews, assistantConversation, surveyAnswer };
}

export type History = ReturnType<typeof createHistory>;
