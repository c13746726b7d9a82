import { DateTime } from 'luxon';
import { bookingUrlOf, fewSeatsLeft } from '../../campaigns/templates/content.ts';
import type { Performance } from '../../catalogue/schemas/performances.ts';
import { isDomainError } from '../../core/errors.ts';
import type { KnowledgeTopic, Language } from '../nlu/types.ts';
import { catalogueAudienceOf } from './audience.ts';
import type { DialogueDeps, Turn } from './context.ts';
import { type Card, formatWhen, type QuickReply, type Reply } from './model.ts';
import { texts } from './texts.ts';

/*
 * Answers that need no dialogue of their own: an FAQ entry of the house, the programme
 * from the catalogue, and suggestions from the recommendation service. Each returns the
 * reply, or a reason to hand over (an entry only a person answers).
 */

export type Answer = { kind: 'reply'; reply: Reply } | { kind: 'handover' } | { kind: 'unanswered'; reply: Reply };

const maxCards = 5;

// ---------- FAQ ----------

/** An accessibility question about the visitor's own needs wants a person: "Ich brauche einen Rollstuhlplatz". */
const personalRequest = /\b(ich brauche|ich benötige|wir brauchen|wir benötigen|können sie mir|koennen sie mir|reservieren sie|für mich|für meine[nm]?|i need|we need|can you reserve|could you reserve|for me|for my)\b/i;

export function isHumanOnlyTopic(turn: Turn, topic: string): boolean {
  const topics = turn.settings.humanOnlyTopics;
  if (topics.includes(topic)) return true;
  return topic === 'accessibility' && topics.includes('accessibility_request') && personalRequest.test(turn.text);
}

export async function faqAnswer(deps: DialogueDeps, turn: Turn, topic: KnowledgeTopic): Promise<Answer> {
  if (isHumanOnlyTopic(turn, topic)) return { kind: 'handover' };
  const { understander, entries } = turn.knowledge;
  let hits = topic === 'other' ? [] : understander.searchKnowledge(turn.text, turn.language, { topic, limit: 3 });
  if (hits.length === 0) hits = understander.searchKnowledge(turn.text, turn.language, { limit: 3 });
  const entry = hits.map((hit) => entries.get(hit.entryId)).find((found) => found !== undefined);
  const t = texts[turn.language];
  if (entry === undefined) return { kind: 'unanswered', reply: { text: t.noFaqAnswer, quickReplies: [t.complaintReply] } };
  if (entry.humanOnly) return { kind: 'handover' };
  const plain = entry.answer[turn.language];
  const phrased = await deps.languageModel.phrase({ question: turn.text, facts: [plain], language: turn.language });
  return { kind: 'reply', reply: { text: phrased ?? plain, ...(entry.links.length === 0 ? {} : { links: entry.links }) } };
}

// ---------- the programme ----------

function titleOf(title: { de: string; en: string | null }, language: Language): string {
  return language === 'en' ? (title.en ?? title.de) : title.de;
}

/** The badge of a performance: what a visitor needs to know before clicking. */
async function badgeOf(deps: DialogueDeps, houseId: string, performance: Performance, language: Language): Promise<{ badge: string; bookable: boolean }> {
  const t = texts[language];
  if (performance.status === 'cancelled') return { badge: t.cancelledBadge, bookable: false };
  try {
    const seats = await deps.ticketing.availability(houseId, performance.id);
    if (seats.bookable) return { badge: fewSeatsLeft(seats.available, seats.capacity) ? t.fewLeftBadge : t.availableBadge, bookable: true };
    return { badge: seats.reason === 'sold_out' ? t.soldOutBadge : t.noSaleBadge, bookable: false };
  } catch (error) {
    if (isDomainError(error, 'not_found')) return { badge: t.noSaleBadge, bookable: false };
    throw error;
  }
}

export async function performanceCards(
  deps: DialogueDeps,
  turn: Turn,
  performances: readonly Performance[],
): Promise<{ cards: Card[]; bookable: { productionId: string; title: string }[] }> {
  const { house, language } = turn;
  const productions = new Map<string, { bookingUrl: string | null; imageUrl: string | null }>();
  const cards: Card[] = [];
  const bookable: { productionId: string; title: string }[] = [];
  for (const performance of performances) {
    let production = productions.get(performance.productionId);
    if (production === undefined) {
      const found = await deps.catalogue.getProduction({ houseId: house.id, unitId: null }, performance.productionId);
      production = { bookingUrl: found.bookingUrl, imageUrl: found.imageUrl };
      productions.set(performance.productionId, production);
    }
    const title = titleOf(performance.production.title, language);
    const { badge, bookable: canBook } = await badgeOf(deps, house.id, performance, language);
    if (canBook && !bookable.some((b) => b.productionId === performance.productionId)) bookable.push({ productionId: performance.productionId, title });
    cards.push({
      kind: 'performance',
      title,
      subtitle: [formatWhen(performance.startsAt, house.timeZone, language), performance.hall?.name].filter((part) => part !== undefined).join(' · '),
      url: bookingUrlOf(deps.publicUrl, house, production, performance),
      ...(production.imageUrl === null ? {} : { imageUrl: production.imageUrl }),
      badge,
    });
  }
  return { cards, bookable };
}

export async function programmeAnswer(deps: DialogueDeps, turn: Turn): Promise<Answer> {
  const { house, language, understanding, now } = turn;
  const { entities } = understanding;
  const t = texts[language];
  const date = entities.dates[0];
  const production = entities.productions.find((match) => match.score >= 0.6);
  const nowIso = now.toISOString();
  // Without a date: the coming week; a named production: all its coming dates.
  const from = date === undefined || date.from < nowIso ? nowIso : date.from;
  const to = date?.to ?? (production === undefined ? DateTime.fromJSDate(now).plus({ days: 7 }).toUTC().toISO() ?? undefined : undefined);
  const { audience, genre: audienceGenre } = catalogueAudienceOf(entities.audience);
  const genre = audienceGenre ?? entities.genres[0];
  const scope = { houseId: house.id, unitId: null };
  const query = {
    from,
    ...(to === undefined ? {} : { to }),
    ...(production === undefined ? {} : { productionId: production.productionId }),
    ...(genre === undefined ? {} : { genre }),
  };
  const limit = entities.age === undefined ? maxCards : 40;
  let result = await deps.catalogue.listPerformances(scope, { ...query, ...(audience === undefined ? {} : { audience }) }, { limit });
  // "for kids" also finds what the house offers families.
  if (result.total === 0 && audience === 'children') result = await deps.catalogue.listPerformances(scope, { ...query, audience: 'families' }, { limit });
  let performances = result.items;
  let total = result.total;
  if (entities.age !== undefined) {
    const age = entities.age;
    const suits = new Map<string, boolean>();
    for (const performance of performances) {
      if (suits.has(performance.productionId)) continue;
      const found = await deps.catalogue.getProduction(scope, performance.productionId);
      suits.set(performance.productionId, (found.ageMin === null || found.ageMin <= age) && (found.ageMax === null || found.ageMax >= age));
    }
    performances = performances.filter((performance) => suits.get(performance.productionId) === true);
    total = performances.length;
  }
  performances = performances.slice(0, maxCards);
  if (performances.length === 0) {
    return { kind: 'reply', reply: { text: t.programmeNone, quickReplies: [{ label: t.starters[0]?.label ?? '', text: t.starters[0]?.text ?? '' }], links: [programmeLink(deps, turn)] } };
  }
  const { cards, bookable } = await performanceCards(deps, turn, performances);
  const facts = cards.map((card) => [card.title, card.subtitle, card.badge].filter((part) => part !== undefined).join(', '));
  const intro = t.programmeIntro(performances.length);
  const phrased = await deps.languageModel.phrase({ question: turn.text, facts, language });
  const more = total > performances.length ? ` ${t.programmeMore(total, performances.length)}` : '';
  const quickReplies: QuickReply[] = bookable.slice(0, 3).map((b) => ({ label: t.bookThis(b.title), text: t.bookThisText(b.title) }));
  return {
    kind: 'reply',
    reply: { text: `${phrased ?? intro}${more}`, cards, ...(quickReplies.length === 0 ? {} : { quickReplies }), links: [programmeLink(deps, turn)] },
  };
}

function programmeLink(deps: DialogueDeps, turn: Turn) {
  return { label: texts[turn.language].programmeLink, url: `${deps.publicUrl}/public/houses/${encodeURIComponent(turn.house.slug)}/programme` };
}

// ---------- suggestions ----------

export async function suggestionAnswer(deps: DialogueDeps, turn: Turn, surprise: boolean): Promise<Answer> {
  const { house, language, understanding, state } = turn;
  const t = texts[language];
  // This message's audience, else the one the conversation named before ("for families", then "what do you suggest?").
  const { audience, genre: audienceGenre } = catalogueAudienceOf(understanding.entities.audience ?? state.memory.audience);
  const genres = [...new Set([...understanding.entities.genres, ...(audienceGenre === undefined ? [] : [audienceGenre]), ...state.memory.genres])];
  const liked = understanding.entities.productions.find((match) => match.score >= 0.6)?.productionId ?? state.memory.productionId;
  const age = understanding.entities.age ?? state.memory.age;
  const { items } = await deps.recommendations.recommendForVisitor(house.id, {
    language,
    limit: surprise ? 3 : 4,
    discoveryOnly: surprise,
    surface: 'assistant',
    ...(genres.length === 0 ? {} : { genres }),
    ...(audience === undefined ? {} : { audience }),
    ...(age === undefined ? {} : { age: [age] }),
    ...(surprise || liked === undefined ? {} : { similarTo: liked }),
  });
  const chosen = items;
  if (chosen.length === 0) return { kind: 'reply', reply: { text: t.recommendNone } };
  const cards: Card[] = chosen.map((item) => ({
    kind: item.slot === 'discovery' ? 'discovery' : 'production',
    title: item.title,
    subtitle: item.nextPerformance === null ? item.text : `${item.text} · ${formatWhen(item.nextPerformance.startsAt, house.timeZone, language)}`,
    url: item.bookingUrl,
    ...(item.imageUrl === null ? {} : { imageUrl: item.imageUrl }),
  }));
  const quickReplies = chosen
    .filter((item) => item.nextPerformance !== null)
    .slice(0, 3)
    .map((item) => ({ label: t.bookThis(item.title), text: t.bookThisText(item.title) }));
  return { kind: 'reply', reply: { text: surprise ? t.surpriseIntro : t.recommendIntro, cards, ...(quickReplies.length === 0 ? {} : { quickReplies }) } };
}
