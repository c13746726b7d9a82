import type { ContactLanguage, MarketingPurpose } from '../model.ts';

/*
 * Every visitor-facing word of the sign-up, the confirmation and the preference centre,
 * in German (first) and English. Pages, mails and the embeddable form read from here.
 */

export type Language = ContactLanguage;

export function languageOf(value: string | null | undefined, fallback: Language = 'de'): Language {
  const short = (value ?? '').slice(0, 2).toLowerCase();
  return short === 'en' ? 'en' : short === 'de' ? 'de' : fallback;
}

export const purposeLabels: Record<Language, Record<MarketingPurpose, string>> = {
  de: {
    newsletter: 'Newsletter',
    recommendations: 'Persönliche Empfehlungen',
    behavioural_analysis: 'Auswertung meiner Interessen und Besuche',
    post_phone: 'Kontakt per Post oder Telefon',
  },
  en: {
    newsletter: 'Newsletter',
    recommendations: 'Personal recommendations',
    behavioural_analysis: 'Analysis of my interests and visits',
    post_phone: 'Contact by post or phone',
  },
};

export const statusLabels: Record<Language, Record<string, string>> = {
  de: { granted: 'erteilt', pending: 'wartet auf Bestätigung', revoked: 'widerrufen', expired: 'abgelaufen', none: 'nicht erteilt' },
  en: { granted: 'given', pending: 'awaiting confirmation', revoked: 'withdrawn', expired: 'expired', none: 'not given' },
};

const de = {
  locale: 'de-DE',
  // sign-up form (signup.js)
  email: 'E-Mail-Adresse',
  name: 'Name (freiwillig)',
  website: 'Bitte leer lassen',
  submit: 'Anmelden',
  choose: 'Bitte wählen Sie mindestens einen Zweck.',
  thanks: 'Danke! Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie Ihre Anmeldung über den Link darin.',
  tooMany: 'Zu viele Versuche. Bitte versuchen Sie es später noch einmal.',
  failed: 'Das hat nicht geklappt. Bitte prüfen Sie Ihre Angaben und versuchen Sie es noch einmal.',
  // sign-up answer
  signupAccepted: 'Danke! Falls die Adresse stimmt, kommt gleich eine E-Mail mit einem Bestätigungslink.',
  // double opt-in mail
  confirmSubject: (house: string) => `Bitte bestätigen Sie Ihre Anmeldung bei ${house}`,
  confirmGreeting: (name: string | null) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
  confirmIntro: (house: string) => `Sie (oder jemand mit Ihrer Adresse) haben sich bei ${house} angemeldet für:`,
  confirmAction: 'Bitte bestätigen Sie das mit einem Klick:',
  confirmButton: 'Anmeldung bestätigen',
  confirmIgnore: (hours: number) => `Der Link gilt ${hours} Stunden. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach: ohne Bestätigung erhalten Sie nichts.`,
  mailFooter: 'Ihre Einwilligungen ansehen und ändern, Ihre Daten herunterladen oder löschen:',
  // confirmation pages
  confirmTitle: 'Anmeldung bestätigen',
  confirmPrompt: 'Ein Klick noch: Bestätigen Sie, dass Sie diese Anmeldung wünschen.',
  confirmedTitle: 'Danke, Ihre Anmeldung ist bestätigt',
  confirmedIntro: 'Sie haben eingewilligt in:',
  validUntil: (date: string) => `gültig bis ${date}`,
  goneTitle: 'Dieser Link gilt nicht mehr',
  goneText: 'Der Link wurde schon benutzt oder ist abgelaufen. Melden Sie sich bei Bedarf einfach noch einmal an.',
  notFoundTitle: 'Diesen Link kennen wir nicht',
  notFoundText: 'Bitte prüfen Sie, ob der Link vollständig ist.',
  erasedTitle: 'Ihre Daten sind gelöscht',
  erasedText: 'Wir haben Ihre Daten gelöscht. Dieser Link führt nirgendwohin mehr.',
  tooManyTitle: 'Zu viele Anfragen',
  badRequestTitle: 'Das hat nicht geklappt',
  // preference centre
  preferencesTitle: 'Ihre Einwilligungen',
  preferencesIntro: (house: string, email: string) => `Hier entscheiden Sie, wofür ${house} Ihre Daten (${email}) nutzen darf.`,
  grantedOn: (date: string) => `erteilt am ${date}`,
  save: 'Speichern',
  saved: 'Gespeichert.',
  newsletterPending: 'Für den Newsletter haben wir Ihnen eine E-Mail zur Bestätigung geschickt.',
  yourData: 'Ihre Daten',
  download: 'Meine Daten herunterladen (JSON)',
  deleteMe: 'Mich löschen',
  eraseTitle: 'Wirklich alles löschen?',
  eraseText: (house: string) => `${house} löscht dann alle Ihre Daten und Einwilligungen. Buchungen werden nur so lange ohne Ihren Namen aufbewahrt, wie das Steuerrecht es verlangt. Das lässt sich nicht rückgängig machen.`,
  eraseButton: 'Ja, alles löschen',
  cancel: 'Abbrechen',
  otherLanguage: 'English',
};

type Texts = typeof de;

const en: Texts = {
  locale: 'en-GB',
  email: 'E-mail address',
  name: 'Name (optional)',
  website: 'Please leave empty',
  submit: 'Sign up',
  choose: 'Please choose at least one purpose.',
  thanks: 'Thank you! We have sent you an e-mail. Please confirm your sign-up with the link in it.',
  tooMany: 'Too many attempts. Please try again later.',
  failed: 'That did not work. Please check what you entered and try again.',
  signupAccepted: 'Thank you! If the address is right, an e-mail with a confirmation link is on its way.',
  confirmSubject: (house) => `Please confirm your sign-up with ${house}`,
  confirmGreeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  confirmIntro: (house) => `You (or someone using your address) signed up with ${house} for:`,
  confirmAction: 'Please confirm with one click:',
  confirmButton: 'Confirm sign-up',
  confirmIgnore: (hours) => `The link works for ${hours} hours. If you did not sign up, simply ignore this e-mail: without confirmation you will receive nothing.`,
  mailFooter: 'See and change your consents, download or delete your data:',
  confirmTitle: 'Confirm your sign-up',
  confirmPrompt: 'One more click: confirm that you want this sign-up.',
  confirmedTitle: 'Thank you, your sign-up is confirmed',
  confirmedIntro: 'You have agreed to:',
  validUntil: (date) => `valid until ${date}`,
  goneTitle: 'This link no longer works',
  goneText: 'The link has been used already or has expired. If you like, simply sign up again.',
  notFoundTitle: 'We do not know this link',
  notFoundText: 'Please check that the link is complete.',
  erasedTitle: 'Your data has been deleted',
  erasedText: 'We have deleted your data. This link leads nowhere any more.',
  tooManyTitle: 'Too many requests',
  badRequestTitle: 'That did not work',
  preferencesTitle: 'Your consents',
  preferencesIntro: (house, email) => `Here you decide what ${house} may use your data (${email}) for.`,
  grantedOn: (date) => `given on ${date}`,
  save: 'Save',
  saved: 'Saved.',
  newsletterPending: 'For the newsletter we have sent you an e-mail to confirm.',
  yourData: 'Your data',
  download: 'Download my data (JSON)',
  deleteMe: 'Delete me',
  eraseTitle: 'Really delete everything?',
  eraseText: (house) => `${house} will then delete all your data and consents. Bookings are kept without your name only as long as tax law requires. This cannot be undone.`,
  eraseButton: 'Yes, delete everything',
  cancel: 'Cancel',
  otherLanguage: 'Deutsch',
};

export const texts: Record<Language, Texts> = { de, en };

/** A date in the house's time zone, written the way the reader's language writes it. */
export function formatDate(instant: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(texts[language].locale, { dateStyle: 'long', timeZone }).format(new Date(instant));
}
