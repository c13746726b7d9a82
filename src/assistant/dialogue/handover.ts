import { teamAvailability } from '../settings.ts';
import { abandonBooking } from './booking.ts';
import type { DialogueDeps, HandoverReason, Outcome, Turn } from './context.ts';
import { emailIn, formatOpening, type Reply } from './model.ts';
import type { DialogueState } from './state.ts';
import { texts } from './texts.ts';

/*
 * Handing the conversation to the house's team, with everything said so far (the inbox
 * shows it). The visitor is told honestly whether someone is there now or when the team
 * is next, and asked for an address when none is known, so a reply reaches them after
 * they leave. Nobody is mailed: the inbox is where staff look.
 */

export function teamSentence(turn: Turn): string {
  const t = texts[turn.language];
  const { available, nextOpening } = teamAvailability(turn.settings, turn.house.timeZone, turn.now);
  if (available) return t.teamThere;
  if (nextOpening === null) return t.teamAwayUnknown;
  const { day, time } = formatOpening(nextOpening, turn.house.timeZone, turn.language, turn.now);
  return t.teamAway(t.nextOpening(day, time));
}

export async function handOver(deps: DialogueDeps, turn: Turn, reason: HandoverReason, lead: Reply[] = []): Promise<Outcome> {
  const t = texts[turn.language];
  const base: DialogueState = turn.state.step.startsWith('booking.') ? await abandonBooking(deps, turn) : { ...turn.state };
  const { clarifying: _clarifying, resend: _resend, ...state } = base;
  const opening = reason === 'requested' ? t.handover : reason === 'not_understood' ? t.handoverNotUnderstood : t.handoverHumanOnly;
  const email = turn.visitor.email ?? emailIn(turn.text);
  const lines = [opening, teamSentence(turn), ...(email === undefined || email === null ? [t.askHandoverEmail] : [])];
  return {
    replies: [...lead, { text: lines.join(' ') }],
    state: { ...state, step: email === undefined || email === null ? 'handover.email' : 'idle' },
    failed: 0,
    handover: reason,
    ...(email === undefined || email === null || turn.visitor.email !== null ? {} : { visitor: { email } }),
  };
}

/** After the handover: an address the visitor gives is kept for the team's reply; anything else waits for the team. */
export function afterHandover(turn: Turn): Outcome {
  const email = turn.state.step === 'handover.email' ? (emailIn(turn.text) ?? turn.understanding.entities.email) : undefined;
  if (email === undefined) return { replies: [], state: turn.state, failed: 0 };
  return { replies: [{ text: texts[turn.language].handoverEmailNoted }], state: { ...turn.state, step: 'idle' }, failed: 0, visitor: { email } };
}
