import { isDomainError } from '../../core/errors.ts';
import { builtInMethods } from '../../ticketing/changes.ts';
import { MAX_TICKETS_PER_ORDER } from '../../ticketing/model.ts';
import type { Availability, Order } from '../../ticketing/schemas.ts';
import type { DateSpan, Language } from '../nlu/types.ts';
import type { DialogueDeps, Outcome, Turn } from './context.ts';
import { emailIn, fold, formatMoney, formatWhen, type Link, type QuickReply, type Reply, thresholds, yesOrNo } from './model.ts';
import type { BookingSlots, DialogueState, Step } from './state.ts';
import { texts } from './texts.ts';

/*
 * Booking as a dialogue: production → performance → number → category and tariff →
 * name → email → the two consent boxes (each no unless the visitor says yes) → a summary
 * with a real hold through the ticketing service → confirm → the order. Each step first
 * tries to read the message as the answer it asked for ("2" in the count step is a
 * count, "morgen" in the performance step narrows the dates); what it cannot read is
 * handed back to the dialogue, which answers it and asks the step's question again.
 */

const maxOffered = 8;

function titleIn(title: { de: string; en: string | null }, language: Language): string {
  return language === 'en' ? (title.en ?? title.de) : title.de;
}

function withStep(state: DialogueState, step: Step, booking: BookingSlots | undefined): DialogueState {
  const { clarifying: _clarifying, ...rest } = state;
  return { ...rest, step, ...(booking === undefined ? { booking: undefined } : { booking }) };
}

/** The first of the house's payment methods that needs no page of a provider; a redirect method only when nothing else is offered. */
async function paymentMethodFor(deps: DialogueDeps, houseId: string, totalMinor: number): Promise<string> {
  const enabled = (await deps.ticketing.settings.get(houseId)).paymentMethods;
  const providers = deps.payments.all().filter((provider) => provider.public && enabled.includes(provider.method));
  const direct = providers.find((provider) => builtInMethods.includes(provider.method) && (provider.method !== 'free' || totalMinor === 0));
  const method = direct ?? providers.find((provider) => provider.method !== 'free');
  return method?.method ?? 'box_office';
}

function paymentLabel(deps: DialogueDeps, method: string, language: Language): string {
  return deps.payments.all().find((provider) => provider.method === method)?.label[language] ?? method;
}

/** Productions with a coming performance, for the first question. */
async function bookableProductions(deps: DialogueDeps, turn: Turn): Promise<{ productionId: string; title: string }[]> {
  const page = await deps.catalogue.listPerformances({ houseId: turn.house.id, unitId: null }, { from: turn.now.toISOString() }, { limit: 200 });
  const seen = new Map<string, string>();
  for (const performance of page.items) {
    if (performance.status === 'cancelled' || performance.production.kind === 'exhibition' || seen.has(performance.productionId)) continue;
    seen.set(performance.productionId, titleIn(performance.production.title, turn.language));
  }
  return [...seen].slice(0, 6).map(([productionId, title]) => ({ productionId, title }));
}

interface OpenPerformance {
  id: string;
  startsAt: string;
  label: string;
  seats: Availability;
}

/** The production's coming performances in the span (or all), with their seats. */
async function performancesOf(deps: DialogueDeps, turn: Turn, productionId: string, span: DateSpan | undefined): Promise<OpenPerformance[]> {
  const from = span === undefined || span.from < turn.now.toISOString() ? turn.now.toISOString() : span.from;
  const page = await deps.catalogue.listPerformances(
    { houseId: turn.house.id, unitId: null },
    { productionId, from, ...(span === undefined ? {} : { to: span.to }) },
    { limit: 12 },
  );
  const result: OpenPerformance[] = [];
  for (const performance of page.items) {
    if (performance.status === 'cancelled') continue;
    const seats = await deps.ticketing.availability(turn.house.id, performance.id);
    result.push({ id: performance.id, startsAt: performance.startsAt, label: formatWhen(performance.startsAt, turn.house.timeZone, turn.language), seats });
  }
  return result;
}

function categoryOptions(seats: Availability, count: number, reduced: boolean, language: Language) {
  const options: NonNullable<BookingSlots['offeredCategories']> = [];
  for (const category of seats.categories) {
    const name = titleIn(category.name, language);
    if (reduced) {
      for (const tariff of category.tariffs) {
        if (category.reducedAvailable < count) continue;
        options.push({ priceCategoryId: category.id, tariff: tariff.code, label: `${name} ${titleIn(tariff.name, language)} – ${formatMoney(tariff.amountMinor, category.currency, language)}`, unitPriceMinor: tariff.amountMinor });
      }
    } else if (category.available >= count) {
      options.push({ priceCategoryId: category.id, tariff: null, label: `${name} – ${formatMoney(category.amountMinor, category.currency, language)}`, unitPriceMinor: category.amountMinor });
    }
  }
  return options;
}

const yesNo = (language: Language): QuickReply[] => [texts[language].yes, texts[language].no];

/**
 * The house's consent text for the purpose in the conversation's language, as the
 * booking widget shows it beside its box (German where the house wrote no English): the
 * consent is recorded with this policy's version, so the visitor must read this wording.
 */
async function consentWording(deps: DialogueDeps, turn: Turn, purpose: 'newsletter' | 'recommendations'): Promise<string> {
  const policy = await deps.consents.policy(turn.house.id, purpose);
  return turn.language === 'en' && policy.textEn !== null ? policy.textEn : policy.textDe;
}

/**
 * Asks for the first slot still missing, or takes the hold and shows the summary when
 * none is. `dates` narrow the performances; `lead` goes before the question.
 */
export async function advance(deps: DialogueDeps, turn: Turn, slots: BookingSlots, lead: Reply[] = [], dates: readonly DateSpan[] = []): Promise<Outcome> {
  const { language, house } = turn;
  const t = texts[language];
  const ask = (step: Step, reply: Reply, next: BookingSlots): Outcome => ({ replies: [...lead, reply], state: withStep(turn.state, step, next), failed: 0 });
  const stop = (text: string): Outcome => ({ replies: [...lead, { text }], state: withStep(turn.state, 'idle', undefined), failed: 0 });

  if (slots.productionId === undefined) {
    const options = await bookableProductions(deps, turn);
    if (options.length === 0) return stop(t.noBookable);
    return ask('booking.production', { text: t.askProduction, quickReplies: options.map((o) => ({ label: o.title, text: t.bookThisText(o.title) })) }, slots);
  }
  const title = slots.productionTitle ?? '';

  if (slots.performanceId === undefined) {
    const span = dates[0];
    let list = await performancesOf(deps, turn, slots.productionId, span);
    let before: Reply[] = [];
    if (span !== undefined && list.filter((p) => p.seats.bookable).length === 0) {
      list = await performancesOf(deps, turn, slots.productionId, undefined);
      before = [{ text: t.noPerformanceOnDate(title) }];
    }
    const open = list.filter((p) => p.seats.bookable);
    if (open.length === 0) {
      const soldOut = list.some((p) => p.seats.reason === 'sold_out');
      return stop(soldOut ? t.soldOut(title) : t.noPerformances(title));
    }
    if (span !== undefined && before.length === 0 && open.length === 1 && open[0] !== undefined) {
      return advance(deps, turn, { ...slots, performanceId: open[0].id, performanceLabel: open[0].label, offeredPerformances: undefined }, lead);
    }
    const offered = open.slice(0, maxOffered).map((p) => ({ id: p.id, label: p.label, startsAt: p.startsAt }));
    const soldOutNote = list.filter((p) => !p.seats.bookable && p.seats.reason === 'sold_out').map((p) => t.soldOut(p.label));
    const text = [before.length === 0 ? t.askPerformance(title) : '', ...soldOutNote].filter((line) => line !== '').join('\n');
    return {
      replies: [...lead, ...before, { text: text === '' ? t.askPerformance(title) : text, quickReplies: offered.map((p) => ({ label: p.label, text: p.label })) }],
      state: withStep(turn.state, 'booking.performance', { ...slots, offeredPerformances: offered }),
      failed: 0,
    };
  }

  if (slots.count === undefined) {
    return ask('booking.count', { text: t.askCount(MAX_TICKETS_PER_ORDER), quickReplies: ['1', '2', '3', '4'].map((n) => ({ label: n, text: n })) }, slots);
  }

  const seats = await deps.ticketing.availability(house.id, slots.performanceId);
  if (!seats.bookable) {
    const next = { ...slots, performanceId: undefined, performanceLabel: undefined, priceCategoryId: undefined, tariff: undefined, hold: undefined };
    return advance(deps, turn, next, [...lead, { text: t.soldOut(slots.performanceLabel ?? title) }]);
  }
  if (slots.count > seats.available) {
    return ask('booking.count', { text: t.countNotAvailable(slots.count, seats.available) }, { ...slots, count: undefined });
  }

  if (slots.priceCategoryId === undefined) {
    let options = categoryOptions(seats, slots.count, slots.reduced === true, language);
    if (options.length === 0 && slots.reduced === true) options = categoryOptions(seats, slots.count, false, language);
    if (options.length === 0) return ask('booking.count', { text: t.countNotAvailable(slots.count, 0) }, { ...slots, count: undefined });
    const only = options.length === 1 ? options[0] : undefined;
    if (only !== undefined) {
      return advance(deps, turn, { ...slots, priceCategoryId: only.priceCategoryId, tariff: only.tariff, categoryLabel: only.label, offeredCategories: undefined }, lead);
    }
    return ask('booking.category', { text: t.askCategory, quickReplies: options.map((o) => ({ label: o.label, text: o.label })) }, { ...slots, offeredCategories: options });
  }

  if (slots.name === undefined) {
    if (turn.visitor.name !== null) return advance(deps, turn, { ...slots, name: turn.visitor.name }, lead);
    return ask('booking.name', { text: t.askName }, slots);
  }
  if (slots.email === undefined) {
    if (turn.visitor.email !== null) return advance(deps, turn, { ...slots, email: turn.visitor.email }, lead);
    return ask('booking.email', { text: t.askEmail }, slots);
  }
  if (slots.newsletter === undefined) {
    const question = t.consentQuestion(t.askConsent.newsletter, await consentWording(deps, turn, 'newsletter'));
    return ask('booking.consent_newsletter', { text: `${question} ${t.consentConfirmHint}`, quickReplies: yesNo(language) }, slots);
  }
  if (slots.recommendations === undefined) {
    return ask('booking.consent_recommendations', { text: t.consentQuestion(t.askConsent.recommendations, await consentWording(deps, turn, 'recommendations')), quickReplies: yesNo(language) }, slots);
  }

  let next = slots;
  if (next.hold === undefined) {
    try {
      const hold = await deps.ticketing.hold(
        house.id,
        { items: [{ performanceId: slots.performanceId, priceCategoryId: slots.priceCategoryId, tariff: slots.tariff ?? null, quantity: slots.count }] },
        { source: 'assistant', staff: false, actor: 'assistant' },
      );
      const paymentMethod = await paymentMethodFor(deps, house.id, hold.totalMinor);
      next = { ...slots, hold: { id: hold.id, token: hold.token ?? '', expiresAt: hold.expiresAt, totalMinor: hold.totalMinor, currency: hold.currency }, paymentMethod };
    } catch (error) {
      if (isDomainError(error, 'sold_out')) {
        return advance(deps, turn, { ...slots, priceCategoryId: undefined, tariff: undefined, categoryLabel: undefined }, [...lead, { text: t.categoryFull }]);
      }
      throw error;
    }
  }
  const hold = next.hold;
  if (hold === undefined) throw new Error('the hold was just taken');
  const unit = next.offeredCategories?.find((o) => o.priceCategoryId === next.priceCategoryId && o.tariff === (next.tariff ?? null))?.unitPriceMinor ?? Math.round(hold.totalMinor / (next.count ?? 1));
  const summary = t.summary({
    what: title,
    when: next.performanceLabel ?? '',
    tickets: t.ticketsLine(next.count ?? 1, (next.categoryLabel ?? '').split(' – ')[0] ?? '', formatMoney(unit, hold.currency, language)),
    total: formatMoney(hold.totalMinor, hold.currency, language),
    buyer: `${next.name ?? ''} <${next.email ?? ''}>`,
    until: formatWhen(hold.expiresAt, house.timeZone, language).split(', ').pop() ?? '',
    payment: paymentLabel(deps, next.paymentMethod ?? '', language),
  });
  return ask('booking.confirm', { text: summary, quickReplies: [t.confirm, t.cancelBooking] }, next);
}

/** Gives the seats back, if a hold was taken; a hold that is gone already is no error. */
async function releaseHold(deps: DialogueDeps, turn: Turn, slots: BookingSlots | undefined): Promise<void> {
  const hold = slots?.hold;
  if (hold === undefined) return;
  await deps.ticketing.releaseHold(turn.house.id, hold.id, hold.token).catch((error: unknown) => {
    if (!isDomainError(error, 'not_found')) throw error;
  });
}

export async function cancelBooking(deps: DialogueDeps, turn: Turn): Promise<Outcome> {
  await releaseHold(deps, turn, turn.state.booking);
  const t = texts[turn.language];
  return { replies: [{ text: turn.state.booking === undefined ? t.nothingToCancel : t.cancelled }], state: withStep(turn.state, 'idle', undefined), failed: 0 };
}

/** Leaves the booking without a word (a handover takes over): the seats go back. */
export async function abandonBooking(deps: DialogueDeps, turn: Turn): Promise<DialogueState> {
  await releaseHold(deps, turn, turn.state.booking);
  return withStep(turn.state, 'idle', undefined);
}

/** What a message says about the booking, whatever the step: a production, a count, an email, a reduced tariff. */
function absorb(turn: Turn, slots: BookingSlots): BookingSlots {
  const { entities } = turn.understanding;
  const next = { ...slots };
  const production = entities.productions.find((match) => match.score >= 0.6);
  if (production !== undefined && next.productionId === undefined) Object.assign(next, { productionId: production.productionId, productionTitle: production.title });
  if (entities.ticketCount !== undefined && next.count === undefined && entities.ticketCount >= 1 && entities.ticketCount <= MAX_TICKETS_PER_ORDER) next.count = entities.ticketCount;
  if (entities.reduced === true) next.reduced = true;
  return next;
}

export async function startBooking(deps: DialogueDeps, turn: Turn, lead: Reply[] = []): Promise<Outcome> {
  const slots = absorb(turn, turn.state.booking ?? {});
  return advance(deps, turn, slots, lead, turn.understanding.entities.dates);
}

const namePrefix = /^(ich heiße|ich heisse|mein name ist|my name is|i am|i'm|name:)\s+/i;

function countIn(turn: Turn): number | undefined {
  const plain = /^\s*(\d{1,3})\s*(karten|tickets|stück|personen|people)?\s*[.!]?\s*$/i.exec(turn.text);
  const count = turn.understanding.entities.ticketCount ?? (plain?.[1] === undefined ? undefined : Number(plain[1]));
  return count;
}

function confirmed(turn: Turn): boolean | undefined {
  const { intent, confidence } = turn.understanding;
  const word = yesOrNo(turn.text);
  if (word !== undefined) return word;
  if (fold(turn.text) === fold(texts[turn.language].confirm.text)) return true;
  if (confidence >= thresholds.act && intent === 'affirm') return true;
  if (confidence >= thresholds.act && intent === 'deny') return false;
  return undefined;
}

async function place(deps: DialogueDeps, turn: Turn, slots: BookingSlots): Promise<Outcome> {
  const { house, language } = turn;
  const t = texts[language];
  const hold = slots.hold;
  if (hold === undefined || slots.name === undefined || slots.email === undefined) return advance(deps, turn, slots);
  const ticked = slots.newsletter === true || slots.recommendations === true;
  // Like the booking widget: the hashed address and user agent whenever a box is ticked.
  const consentProof = ticked && deps.consentProof !== undefined ? await deps.consentProof(house.id, turn.meta) : undefined;
  let order: Order;
  try {
    const result = await deps.ticketing.place(
      house.id,
      {
        holdId: hold.id,
        holdToken: hold.token,
        // The conversation's language (turn.language: a short or data answer never moves it), not the last message's guess.
        buyer: { name: slots.name, email: slots.email, language },
        consents: { newsletter: slots.newsletter === true, recommendations: slots.recommendations === true },
        paymentMethod: slots.paymentMethod ?? 'box_office',
        expectedTotalMinor: hold.totalMinor,
      },
      { source: 'assistant', staff: false, actor: 'assistant', idempotencyKey: `assistant-${turn.conversationId}-${hold.id}`, consentProof },
    );
    if ('error' in result.body) return failed(deps, turn, slots, result.body.error.code);
    order = result.body;
  } catch (error) {
    if (isDomainError(error)) return failed(deps, turn, slots, error.code);
    throw error;
  }
  const total = formatMoney(order.totalMinor, order.currency, language);
  const payment = order.paymentUrl !== undefined ? t.payOnline : order.paymentMethod === 'box_office' && order.state === 'pending' ? t.payAtBoxOffice(total) : order.paymentMethod === 'invoice' && order.state === 'pending' ? t.payByInvoice(total, order.number) : '';
  const links: Link[] = [];
  if (order.paymentUrl !== undefined) links.push({ label: t.payLink, url: order.paymentUrl });
  if (order.ticketsUrl !== undefined) links.push({ label: t.ticketsLink, url: order.ticketsUrl });
  const state = withStep(turn.state, 'idle', undefined);
  return {
    replies: [{ text: [t.booked(order.number), payment].filter((line) => line !== '').join(' '), links }],
    state: { ...state, memory: { ...state.memory, ...(slots.productionId === undefined ? {} : { productionId: slots.productionId }) } },
    failed: 0,
    visitor: { name: slots.name, email: slots.email, contactId: order.contactId },
  };
}

async function failed(deps: DialogueDeps, turn: Turn, slots: BookingSlots, code: string): Promise<Outcome> {
  const t = texts[turn.language];
  const again = { ...slots, hold: undefined, performanceId: undefined, performanceLabel: undefined, priceCategoryId: undefined, tariff: undefined, categoryLabel: undefined };
  if (code === 'hold_expired' || code === 'sold_out') return advance(deps, turn, again, [{ text: t.holdExpired }]);
  if (code === 'price_changed') return advance(deps, turn, { ...slots, hold: undefined }, []);
  await releaseHold(deps, turn, slots);
  return { replies: [{ text: t.bookingFailed }], state: withStep(turn.state, 'idle', undefined), failed: 0 };
}

/**
 * The message read as the answer to the booking step's question; null when it is not one
 * (the dialogue then answers it as a question of its own and asks the step again).
 */
export async function continueBooking(deps: DialogueDeps, turn: Turn): Promise<Outcome | null> {
  const step = turn.state.step;
  const slots = turn.state.booking ?? {};
  const { entities } = turn.understanding;
  const t = texts[turn.language];
  const text = fold(turn.text);

  switch (step) {
    case 'booking.production': {
      const next = absorb(turn, slots);
      if (next.productionId === undefined) return null;
      return advance(deps, turn, next, [], entities.dates);
    }
    case 'booking.performance': {
      const chosen = slots.offeredPerformances?.find((p) => fold(p.label) === text || (text.length >= 6 && text.includes(fold(p.label))));
      if (chosen !== undefined) return advance(deps, turn, absorb(turn, { ...slots, performanceId: chosen.id, performanceLabel: chosen.label, offeredPerformances: undefined }));
      const other = entities.productions.find((match) => match.score >= 0.8 && match.productionId !== slots.productionId);
      if (other !== undefined) return advance(deps, turn, { ...slots, productionId: other.productionId, productionTitle: other.title, offeredPerformances: undefined }, [], entities.dates);
      if (entities.dates.length > 0) return advance(deps, turn, absorb(turn, slots), [], entities.dates);
      return null;
    }
    case 'booking.count': {
      const count = countIn(turn);
      if (count === undefined) return null;
      if (count < 1 || count > MAX_TICKETS_PER_ORDER) return { replies: [{ text: t.countTooMany(MAX_TICKETS_PER_ORDER) }], state: turn.state, failed: 0 };
      return advance(deps, turn, { ...slots, count, ...(entities.reduced === true ? { reduced: true } : {}) });
    }
    case 'booking.category': {
      const offered = slots.offeredCategories ?? [];
      const chosen = offered.find((o) => fold(o.label) === text) ?? offered.find((o) => text !== '' && fold(o.label.split(' – ')[0] ?? '') === text);
      if (chosen !== undefined) return advance(deps, turn, { ...slots, priceCategoryId: chosen.priceCategoryId, tariff: chosen.tariff, categoryLabel: chosen.label });
      if (entities.reduced === true && slots.reduced !== true) return advance(deps, turn, { ...slots, reduced: true, offeredCategories: undefined });
      const named = offered.filter((o) => text !== '' && text.includes(fold(o.label.split(' – ')[0] ?? '').split(' ')[0] ?? '\u0000'));
      if (named.length === 1 && named[0] !== undefined) return advance(deps, turn, { ...slots, priceCategoryId: named[0].priceCategoryId, tariff: named[0].tariff, categoryLabel: named[0].label });
      return null;
    }
    case 'booking.name': {
      const name = turn.text.trim().replace(namePrefix, '').trim();
      const email = emailIn(turn.text);
      if (turn.text.includes('?') || name === '' || name.length > 120 || (email !== undefined && name.includes('@'))) return email === undefined ? null : advance(deps, turn, { ...slots, email });
      if (turn.understanding.intent === 'cancel' && turn.understanding.confidence >= thresholds.act) return null;
      return advance(deps, turn, { ...slots, name });
    }
    case 'booking.email': {
      const email = emailIn(turn.text) ?? entities.email;
      if (email === undefined) return turn.text.includes('@') ? { replies: [{ text: t.badEmail }], state: turn.state, failed: 0 } : null;
      return advance(deps, turn, { ...slots, email });
    }
    case 'booking.consent_newsletter':
    case 'booking.consent_recommendations': {
      const answer = confirmed(turn);
      if (answer === undefined) return null;
      return advance(deps, turn, step === 'booking.consent_newsletter' ? { ...slots, newsletter: answer } : { ...slots, recommendations: answer });
    }
    case 'booking.confirm': {
      const answer = confirmed(turn);
      if (answer === true) return place(deps, turn, slots);
      if (answer === false) return cancelBooking(deps, turn);
      const count = entities.ticketCount;
      if (count !== undefined && count !== slots.count && count >= 1 && count <= MAX_TICKETS_PER_ORDER) {
        await releaseHold(deps, turn, slots);
        return advance(deps, turn, { ...slots, count, hold: undefined });
      }
      return null;
    }
    default:
      return null;
  }
}
