import type { MailLanguage } from '../../core/mail/model.ts';

/* The visitor-facing words of the marketing envelope and its pages, German first. */

export const envelopeTexts = {
  de: {
    footerWhy: (house: string) => `Sie erhalten diese E-Mail, weil Sie Nachrichten von ${house} abonniert haben.`,
    unsubscribe: 'Abmelden',
    preferences: 'Einstellungen ändern',
    unsubscribeTitle: 'Abmelden',
    unsubscribeQuestion: (house: string, purpose: string) => `Möchten Sie ${purpose} von ${house} nicht mehr erhalten?`,
    unsubscribeButton: 'Ja, abmelden',
    unsubscribedTitle: 'Abgemeldet',
    unsubscribedBody: (house: string, purpose: string) => `Sie erhalten ${purpose} von ${house} nicht mehr. Das kann einige Stunden dauern, wenn gerade ein Versand läuft.`,
    preferencesLink: 'Alle Einwilligungen in der Einstellungsseite verwalten',
    notFoundTitle: 'Unbekannter Link',
    notFoundBody: 'Diesen Link kennen wir nicht. Bitte verwenden Sie den Link aus Ihrer E-Mail vollständig.',
    tooManyTitle: 'Zu viele Anfragen',
    tooManyBody: 'Bitte versuchen Sie es in einer Minute noch einmal.',
    purposes: { newsletter: 'den Newsletter', recommendations: 'persönliche Empfehlungen', behavioural_analysis: 'die Auswertung Ihres Verhaltens', post_phone: 'Post und Anrufe' },
    switchTo: 'English',
  },
  en: {
    footerWhy: (house: string) => `You receive this e-mail because you subscribed to news from ${house}.`,
    unsubscribe: 'Unsubscribe',
    preferences: 'Change preferences',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeQuestion: (house: string, purpose: string) => `Do you no longer want to receive ${purpose} from ${house}?`,
    unsubscribeButton: 'Yes, unsubscribe',
    unsubscribedTitle: 'Unsubscribed',
    unsubscribedBody: (house: string, purpose: string) => `You will no longer receive ${purpose} from ${house}. If a mailing is on its way right now, this can take a few hours.`,
    preferencesLink: 'Manage all your consents on the preferences page',
    notFoundTitle: 'Unknown link',
    notFoundBody: 'We do not know this link. Please use the whole link from your e-mail.',
    tooManyTitle: 'Too many requests',
    tooManyBody: 'Please try again in a minute.',
    purposes: { newsletter: 'the newsletter', recommendations: 'personal recommendations', behavioural_analysis: 'the analysis of your behaviour', post_phone: 'post and calls' },
    switchTo: 'Deutsch',
  },
} as const satisfies Record<MailLanguage, unknown>;

export function languageOf(value: string | null | undefined, fallback: MailLanguage = 'de'): MailLanguage {
  const short = (value ?? '').trim().slice(0, 2).toLowerCase();
  return short === 'de' || short === 'en' ? short : fallback;
}
