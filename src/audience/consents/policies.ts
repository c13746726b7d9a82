import { createHash } from 'node:crypto';
import { DEFAULT_EXPIRY_MONTHS, type Purpose } from '../model.ts';

/*
 * What a house asks people to agree to when it has written nothing itself. Pure: the
 * service falls back to these when a house has no consent_policy row for a purpose.
 */

export interface ConsentPolicy {
  purpose: Purpose;
  expiryMonths: number;
  textVersion: string;
  textDe: string;
  textEn: string | null;
  /** False while the house runs on Foyer's defaults (no row written yet). */
  custom: boolean;
  updatedAt: string | null;
}

const defaultTexts: Record<Purpose, { de: string; en: string }> = {
  newsletter: {
    de: 'Ja, ich möchte den Newsletter des Hauses per E-Mail erhalten. Ich kann meine Einwilligung jederzeit widerrufen.',
    en: "Yes, I would like to receive the house's newsletter by e-mail. I can withdraw my consent at any time.",
  },
  recommendations: {
    de: 'Ja, das Haus darf mir auf Grundlage meiner Buchungen und Interessen persönliche Empfehlungen geben, auch für Neues abseits meiner Gewohnheiten.',
    en: 'Yes, the house may give me personal recommendations based on my bookings and interests, including new things beyond my habits.',
  },
  behavioural_analysis: {
    de: 'Ja, das Haus darf auswerten, wie ich Newsletter, Website und Assistenten nutze, um sein Angebot zu verbessern.',
    en: 'Yes, the house may analyse how I use its newsletters, website and assistant to improve what it offers.',
  },
  post_phone: {
    de: 'Ja, das Haus darf mich per Post oder Telefon über sein Programm informieren.',
    en: 'Yes, the house may contact me by post or phone about its programme.',
  },
  ticketing: {
    de: 'Ihre Daten werden zur Abwicklung Ihrer Buchungen verarbeitet (Art. 6 Abs. 1 lit. b DSGVO).',
    en: 'Your data is processed to handle your bookings (Art. 6(1)(b) GDPR).',
  },
};

/**
 * A version derived from the wording itself: the same text always has the same version,
 * and any change to either language makes a new one, so a consent's text_version tells
 * exactly which wording the person saw.
 */
export function textVersionOf(textDe: string, textEn: string | null): string {
  return createHash('sha256').update(`${textDe}\n---\n${textEn ?? ''}`).digest('hex').slice(0, 12);
}

export function defaultPolicy(purpose: Purpose): ConsentPolicy {
  const text = defaultTexts[purpose];
  return {
    purpose,
    expiryMonths: DEFAULT_EXPIRY_MONTHS[purpose],
    textVersion: textVersionOf(text.de, text.en),
    textDe: text.de,
    textEn: text.en,
    custom: false,
    updatedAt: null,
  };
}
