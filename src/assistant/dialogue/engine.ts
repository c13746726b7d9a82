import type { Intent, KnowledgeTopic } from '../nlu/types.ts';
import { type Answer, faqAnswer, isHumanOnlyTopic, programmeAnswer, suggestionAnswer } from './answers.ts';
import { advance, cancelBooking, continueBooking, startBooking } from './booking.ts';
import type { DialogueDeps, Outcome, Turn } from './context.ts';
import { handOver } from './handover.ts';
import { emailIn, type Reply, thresholds } from './model.ts';
import { continueResend, resendQuestion, startResend } from './resend.ts';
import type { DialogueState } from './state.ts';
import { intentChoices, texts } from './texts.ts';

/*
 * The dialogue's state machine: one visitor message in, the assistant's messages and the
 * next state out. A step that asked a question reads the message as its answer first; a
 * confident question of another kind is answered in between and the step asked again.
 * Below the fallback threshold a message is not understood (twice in a row: handover);
 * between the thresholds the visitor is asked which of the two likeliest intents they mean.
 */

const contextual: ReadonlySet<Intent> = new Set(['affirm', 'deny', 'unknown', 'greeting', 'thanks']);

function starters(turn: Turn): Reply['quickReplies'] {
  return texts[turn.language].starters;
}

/** Remembers what suggestions build on: genres, audience, age, a production named. */
function remember(turn: Turn): DialogueState {
  const { entities, intent } = turn.understanding;
  const memory = turn.state.memory;
  const production = entities.productions.find((match) => match.score >= 0.6);
  return {
    ...turn.state,
    memory: {
      genres: [...new Set([...entities.genres, ...memory.genres])].slice(0, 6),
      intents: [...memory.intents, intent].slice(-10),
      ...(entities.audience === undefined ? (memory.audience === undefined ? {} : { audience: memory.audience }) : { audience: entities.audience }),
      ...(entities.age === undefined ? (memory.age === undefined ? {} : { age: memory.age }) : { age: entities.age }),
      ...(production === undefined ? (memory.productionId === undefined ? {} : { productionId: memory.productionId }) : { productionId: production.productionId }),
    },
  };
}

/**
 * Whether the message carries what the step asked for: an address in the email steps, a
 * code (or a new address) in the code step. A bare "483920" or "anna@example.org" gets a
 * guessed intent from the classifier, sometimes a confident one ("cancel", "handover");
 * the entity decides before any intent does.
 */
function carriesStepAnswer(turn: Turn): boolean {
  const { entities } = turn.understanding;
  const email = entities.email !== undefined || emailIn(turn.text) !== undefined;
  switch (turn.state.step) {
    case 'booking.email':
    case 'resend.email':
      return email;
    case 'resend.code':
      return email || entities.code !== undefined || /\b\d{6}\b/.test(turn.text);
    default:
      return false;
  }
}

function idle(state: DialogueState): DialogueState {
  const { clarifying: _clarifying, ...rest } = state;
  return { ...rest, step: 'idle' };
}

export function createDialogue(deps: DialogueDeps) {
  async function notUnderstood(turn: Turn): Promise<Outcome> {
    const failed = turn.failed + 1;
    if (failed >= 2) return { ...(await handOver(deps, turn, 'not_understood')), unanswered: true };
    return { replies: [{ text: texts[turn.language].notUnderstood, quickReplies: starters(turn) }], state: idle(turn.state), failed, unanswered: true };
  }

  function clarify(turn: Turn): Outcome | null {
    const { intent, alternatives } = turn.understanding;
    const options = [...new Set([intent, ...alternatives.map((a) => a.intent)])].filter((option) => intentChoices[option] !== undefined).slice(0, 2);
    if (options.length === 0) return null;
    const quickReplies = options.flatMap((option) => {
      const choice = intentChoices[option]?.[turn.language];
      return choice === undefined ? [] : [choice];
    });
    return { replies: [{ text: texts[turn.language].clarify, quickReplies }], state: { ...turn.state, step: 'clarifying', clarifying: options }, failed: turn.failed };
  }

  function fromAnswer(turn: Turn, answer: Answer): Promise<Outcome> | Outcome {
    if (answer.kind === 'handover') return handOver(deps, turn, 'human_only');
    return { replies: [answer.reply], state: idle(turn.state), failed: 0, ...(answer.kind === 'unanswered' ? { unanswered: true } : {}) };
  }

  /** A message outside any step (or a confident question inside one), by its intent. */
  async function general(turn: Turn): Promise<Outcome> {
    const { intent, confidence } = turn.understanding;
    const t = texts[turn.language];
    if (intent === 'unknown' || confidence < thresholds.fallback) return notUnderstood(turn);
    if (confidence < thresholds.act) {
      // Asked once already and still unsure: that is a failed understanding.
      if (turn.state.step === 'clarifying') return notUnderstood(turn);
      return clarify(turn) ?? notUnderstood(turn);
    }
    if (intent.startsWith('faq.')) return fromAnswer(turn, await faqAnswer(deps, turn, intent.slice(4) as KnowledgeTopic));
    switch (intent) {
      case 'programme':
        return fromAnswer(turn, await programmeAnswer(deps, turn));
      case 'recommend':
      case 'surprise':
        return fromAnswer(turn, await suggestionAnswer(deps, turn, intent === 'surprise'));
      case 'book':
        return startBooking(deps, { ...turn, state: idle(turn.state) });
      case 'resend_tickets':
        return startResend(deps, turn);
      case 'handover':
        return handOver(deps, turn, 'requested');
      case 'complaint':
        if (isHumanOnlyTopic(turn, 'complaint')) return handOver(deps, turn, 'human_only');
        return { replies: [{ text: t.complaint, quickReplies: [t.complaintReply] }], state: idle(turn.state), failed: 0 };
      case 'greeting':
        return { replies: [{ text: t.greetingAgain, quickReplies: starters(turn) }], state: idle(turn.state), failed: 0 };
      case 'thanks':
        return { replies: [{ text: t.thanks }], state: idle(turn.state), failed: 0 };
      case 'goodbye':
        return { replies: [{ text: t.goodbye }], state: idle(turn.state), failed: 0 };
      default:
        return { replies: [{ text: t.nothingToCancel, quickReplies: starters(turn) }], state: idle(turn.state), failed: 0 };
    }
  }

  /** Answers a question in the middle of a step, then asks the step's question again. */
  async function aside(turn: Turn, ask: (answered: Outcome) => Promise<Outcome> | Outcome): Promise<Outcome> {
    const answered = await general({ ...turn, state: idle(turn.state) });
    if (answered.handover !== undefined) return answered;
    return ask(answered);
  }

  async function respond(input: Turn): Promise<Outcome> {
    const turn: Turn = { ...input, state: remember(input) };
    const { intent, confidence } = turn.understanding;
    const confident = intent !== 'unknown' && confidence >= thresholds.act;
    const step = turn.state.step;
    const inBooking = step.startsWith('booking.');
    const inResend = step === 'resend.email' || step === 'resend.code';

    if (carriesStepAnswer(turn)) {
      const consumed = inBooking ? await continueBooking(deps, turn) : await continueResend(deps, turn);
      if (consumed !== null) return consumed;
    }
    if (confident && intent === 'handover') return handOver(deps, turn, 'requested');
    if (confident && intent === 'cancel' && inBooking) return cancelBooking(deps, turn);
    if (confident && intent === 'cancel' && inResend) {
      const { resend: _resend, ...rest } = turn.state;
      return { replies: [{ text: texts[turn.language].nothingToCancel }], state: idle(rest), failed: 0 };
    }

    if (inBooking) {
      const consumed = await continueBooking(deps, turn);
      if (consumed !== null) return consumed;
      const slots = turn.state.booking ?? {};
      if (confident && intent === 'book') return startBooking(deps, turn);
      if (confident && !contextual.has(intent)) {
        return aside(turn, (answered) =>
          advance(deps, { ...turn, state: { ...turn.state, memory: answered.state.memory } }, slots, [...answered.replies, { text: texts[turn.language].backToBooking }]),
        );
      }
      return advance(deps, turn, slots);
    }

    if (inResend) {
      const consumed = await continueResend(deps, turn);
      if (consumed !== null) return consumed;
      if (confident && intent === 'resend_tickets') return startResend(deps, turn);
      if (confident && !contextual.has(intent)) {
        return aside(turn, (answered) => ({ replies: [...answered.replies, { text: resendQuestion(turn) }], state: turn.state, failed: 0 }));
      }
      return { replies: [{ text: resendQuestion(turn) }], state: turn.state, failed: 0 };
    }

    return general(turn);
  }

  return { respond };
}

export type Dialogue = ReturnType<typeof createDialogue>;
