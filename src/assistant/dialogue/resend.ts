import { createHash, randomInt } from 'node:crypto';
import { safeEqual } from '../../core/auth/tokens.ts';
import type { DialogueDeps, Outcome, Turn } from './context.ts';
import { emailIn } from './model.ts';
import type { DialogueState } from './state.ts';
import { texts } from './texts.ts';

/*
 * Sending lost tickets again: the visitor names the address they booked with, a
 * six-digit code goes to that address (only when it has orders here, but the answer is
 * the same either way, so nobody learns who booked), and the right code within ten
 * minutes and five tries sends the tickets mail of that address's coming orders again.
 * Only the code's hash is kept in the dialogue state.
 */

export const codeMinutes = 10;
export const codeAttempts = 5;

export function codeHashOf(conversationId: string, code: string): string {
  return createHash('sha256').update(`${conversationId}:${code}`).digest('hex');
}

function idle(state: DialogueState): DialogueState {
  const { resend: _resend, clarifying: _clarifying, ...rest } = state;
  return { ...rest, step: 'idle' };
}

/** The address's orders in this house that still have a valid ticket for a coming performance. */
async function upcomingOrdersOf(deps: DialogueDeps, turn: Turn, email: string): Promise<string[]> {
  const scope = { houseId: turn.house.id, unitId: null };
  const page = await deps.ticketing.listOrders(scope, { q: email, limit: 100 });
  const now = turn.now.toISOString();
  const ids: string[] = [];
  for (const summary of page.items) {
    if (summary.buyer.email?.toLowerCase() !== email || summary.state === 'cancelled' || summary.state === 'refunded') continue;
    const order = await deps.ticketing.orderForHouse(turn.house.id, summary.id);
    if (order.tickets.some((ticket) => ticket.state === 'valid' && ticket.startsAt > now)) ids.push(order.id);
  }
  return ids;
}

async function sendCode(deps: DialogueDeps, turn: Turn, email: string): Promise<Outcome> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const orders = await upcomingOrdersOf(deps, turn, email);
  const expiresAt = new Date(turn.now.getTime() + codeMinutes * 60_000).toISOString();
  const { clarifying: _clarifying, ...rest } = turn.state;
  return {
    replies: [{ text: texts[turn.language].codeSent }],
    state: { ...rest, step: 'resend.code', resend: { email, codeHash: codeHashOf(turn.conversationId, code), expiresAt, attempts: 0 } },
    failed: 0,
    ...(orders.length === 0 ? {} : { verificationCode: code }),
  };
}

export async function startResend(deps: DialogueDeps, turn: Turn): Promise<Outcome> {
  const email = emailIn(turn.text) ?? turn.understanding.entities.email;
  if (email !== undefined) return sendCode(deps, turn, email.toLowerCase());
  const { clarifying: _clarifying, ...rest } = turn.state;
  return { replies: [{ text: texts[turn.language].askOrderEmail }], state: { ...rest, step: 'resend.email' }, failed: 0 };
}

/** The step's question again, after the dialogue answered something else. */
export function resendQuestion(turn: Turn): string {
  const t = texts[turn.language];
  return turn.state.step === 'resend.code' ? t.askCode : t.askOrderEmail;
}

/** The message read as the address or the code the step asked for; null when it is neither. */
export async function continueResend(deps: DialogueDeps, turn: Turn): Promise<Outcome | null> {
  const t = texts[turn.language];
  if (turn.state.step === 'resend.email') {
    const email = emailIn(turn.text) ?? turn.understanding.entities.email;
    return email === undefined ? null : sendCode(deps, turn, email.toLowerCase());
  }
  const resend = turn.state.resend;
  const code = turn.understanding.entities.code ?? /\b(\d{6})\b/.exec(turn.text)?.[1];
  if (resend === undefined) return null;
  const email = emailIn(turn.text);
  if (email !== undefined) return sendCode(deps, turn, email);
  if (code === undefined) return null;
  const expired = resend.expiresAt === undefined || resend.expiresAt <= turn.now.toISOString() || resend.attempts >= codeAttempts;
  if (expired || resend.codeHash === undefined) {
    const { resend: _resend, ...rest } = turn.state;
    return { replies: [{ text: t.codeExpired }], state: { ...rest, step: 'resend.email' }, failed: 0 };
  }
  if (!safeEqual(resend.codeHash, codeHashOf(turn.conversationId, code))) {
    const attempts = resend.attempts + 1;
    if (attempts >= codeAttempts) {
      const { resend: _resend, ...rest } = turn.state;
      return { replies: [{ text: t.codeExpired }], state: { ...rest, step: 'resend.email' }, failed: 0 };
    }
    return { replies: [{ text: t.codeWrong(codeAttempts - attempts) }], state: { ...turn.state, resend: { ...resend, attempts } }, failed: 0 };
  }
  const orders = await upcomingOrdersOf(deps, turn, resend.email);
  return {
    replies: [{ text: orders.length === 0 ? t.nothingToResend : t.resent(orders.length) }],
    state: idle(turn.state),
    failed: 0,
    visitor: { email: resend.email },
    resendOrders: orders,
  };
}
