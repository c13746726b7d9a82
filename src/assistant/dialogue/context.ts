import type { ConsentService } from '../../audience/consents/service.ts';
import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { RecommendationService } from '../../recommend/service.ts';
import type { PaymentProviders } from '../../ticketing/payments.ts';
import type { TicketingService } from '../../ticketing/service.ts';
import type { LanguageModel } from '../language-model.ts';
import type { AssistantSettings } from '../settings.ts';
import type { Language, Understanding } from '../nlu/types.ts';
import type { Reply } from './model.ts';
import type { DialogueState } from './state.ts';
import type { HouseUnderstanding } from './understanders.ts';

/* What every part of the dialogue is given (the services it acts through) and what one turn knows and decides. */

export interface DialogueDeps {
  clock: Clock;
  publicUrl: string;
  catalogue: Pick<CatalogueService, 'listPerformances' | 'getProduction'>;
  ticketing: Pick<TicketingService, 'availability' | 'hold' | 'releaseHold' | 'place' | 'settings' | 'listOrders' | 'orderForHouse'>;
  payments: Pick<PaymentProviders, 'all'>;
  recommendations: Pick<RecommendationService, 'recommendForVisitor'>;
  languageModel: LanguageModel;
  /** The house's consent policies: the booking asks with their wording, as the booking widget does. */
  consents: Pick<ConsentService, 'policy'>;
  /** The hashed IP and user agent kept with ticked consent boxes, as the booking widget keeps them. */
  consentProof?: (houseId: string, meta: RequestMeta) => Promise<{ ipHash: string; userAgent?: string }>;
}

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface DialogueHouse {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  website: string | null;
}

export interface Turn {
  house: DialogueHouse;
  conversationId: string;
  /** The language of this message (detected, or the conversation's for short ones). */
  language: Language;
  text: string;
  understanding: Understanding;
  knowledge: HouseUnderstanding;
  settings: AssistantSettings;
  state: DialogueState;
  visitor: { name: string | null; email: string | null };
  /** Failed understandings in a row before this message. */
  failed: number;
  meta: RequestMeta;
  now: Date;
}

export type HandoverReason = 'requested' | 'not_understood' | 'human_only';

export interface Outcome {
  replies: Reply[];
  state: DialogueState;
  failed: number;
  handover?: HandoverReason;
  /** The message goes to the unanswered list. */
  unanswered?: boolean;
  visitor?: { name?: string; email?: string; contactId?: string | null };
  /** A verification code to mail to the address in state.resend (enqueued with the save). */
  verificationCode?: string;
  /** Orders whose tickets mail is sent again (enqueued with the save). */
  resendOrders?: string[];
}
