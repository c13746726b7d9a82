import { DateTime } from 'luxon';

/*
 * What the offer mail and the offer pages say, in German and English. Instants are
 * shown in the house's time zone with its abbreviation (MESZ, CET), so a reader abroad
 * knows whose clock the deadline is on.
 */

export type Language = 'de' | 'en';

export function languageOf(value: string | null | undefined): Language {
  return value === 'en' ? 'en' : 'de';
}

const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

/** 'Samstag, 3. Oktober 2026, 19:30' in the house's zone. */
export function performanceTime(instant: string, timeZone: string, language: Language): string {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).setLocale(locales[language]);
  return `${local.toLocaleString(DateTime.DATE_HUGE)}, ${local.toLocaleString(DateTime.TIME_SIMPLE)}${language === 'de' ? ' Uhr' : ''}`;
}

/** 'Samstag, 3. Oktober 2026' in the house's zone. */
export function performanceDate(instant: string, timeZone: string, language: Language): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).setLocale(locales[language]).toLocaleString(DateTime.DATE_HUGE);
}

/** '1. September 2026 um 12:00 MESZ': the deadline of an offer, with the zone. */
export function deadline(instant: string, timeZone: string, language: Language): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone).setLocale(locales[language]).toLocaleString(DateTime.DATETIME_FULL);
}

export interface Texts {
  // mail
  mailSubject: (title: string, date: string) => string;
  greeting: (name: string) => string;
  offerIntro: (title: string) => string;
  seats: (quantity: number, category: string) => string;
  heldUntil: (deadline: string) => string;
  bookAt: string;
  afterDeadline: string;
  notWanted: string;
  // page
  offerTitle: string;
  performance: string;
  when: string;
  hall: string;
  category: string;
  tariff: string;
  fullPrice: string;
  quantity: string;
  total: string;
  validUntil: string;
  yourDetails: string;
  name: string;
  email: string;
  language: string;
  payment: string;
  paymentMethods: Record<'box_office' | 'invoice', string>;
  marketing: string;
  newsletter: string;
  recommendations: string;
  marketingNote: string;
  book: (total: string) => string;
  errorsTitle: string;
  bookedTitle: string;
  bookedText: (number: string) => string;
  mailFollows: string;
  showTickets: string;
  alreadyBookedText: (number: string) => string;
  ranOutTitle: string;
  ranOutText: string;
  notFoundTitle: string;
  notFoundText: string;
  badRequestTitle: string;
  badRequestText: string;
  tooManyTitle: string;
  tooManyText: string;
  otherLanguage: string;
}

const de: Texts = {
  mailSubject: (title, date) => `Plätze frei für ${title} am ${date}`,
  greeting: (name) => `Guten Tag ${name},`,
  offerIntro: (title) => `gute Nachricht von der Warteliste: Für ${title} sind Plätze frei geworden.`,
  seats: (quantity, category) => `Wir halten ${quantity === 1 ? '1 Platz' : `${quantity} Plätze`} in der Kategorie ${category} für Sie bereit.`,
  heldUntil: (until) => `Das Angebot gilt bis ${until}.`,
  bookAt: 'Hier können Sie die Karten buchen:',
  afterDeadline: 'Danach gehen die Plätze an die nächste Person auf der Warteliste.',
  notWanted: 'Möchten Sie die Plätze nicht, brauchen Sie nichts zu tun.',
  offerTitle: 'Ihr Angebot von der Warteliste',
  performance: 'Vorstellung',
  when: 'Termin',
  hall: 'Spielstätte',
  category: 'Kategorie',
  tariff: 'Tarif',
  fullPrice: 'Normalpreis',
  quantity: 'Anzahl',
  total: 'Gesamtpreis',
  validUntil: 'Reserviert bis',
  yourDetails: 'Ihre Angaben',
  name: 'Name',
  email: 'E-Mail-Adresse',
  language: 'Sprache',
  payment: 'Bezahlung',
  paymentMethods: { box_office: 'An der Abendkasse', invoice: 'Auf Rechnung' },
  marketing: 'Freiwillig',
  newsletter: 'Ja, ich möchte den Newsletter erhalten.',
  recommendations: 'Ja, ich möchte persönliche Empfehlungen erhalten.',
  marketingNote: 'Beides können Sie jederzeit widerrufen. Wir senden Ihnen zuerst eine E-Mail zur Bestätigung.',
  book: (total) => `Verbindlich buchen (${total})`,
  errorsTitle: 'Bitte prüfen Sie Ihre Angaben:',
  bookedTitle: 'Vielen Dank für Ihre Buchung',
  bookedText: (number) => `Ihre Bestellnummer ist ${number}.`,
  mailFollows: 'Die Bestätigung mit Ihren Karten kommt per E-Mail.',
  showTickets: 'Karten anzeigen',
  alreadyBookedText: (number) => `Dieses Angebot haben Sie bereits gebucht. Ihre Bestellnummer ist ${number}.`,
  ranOutTitle: 'Das Angebot ist abgelaufen',
  ranOutText: 'Die Frist für dieses Angebot ist vorbei, und die Plätze wurden wieder freigegeben. Schauen Sie gern, ob es noch Karten gibt, oder tragen Sie sich erneut in die Warteliste ein.',
  notFoundTitle: 'Angebot nicht gefunden',
  notFoundText: 'Diesen Link kennen wir nicht. Bitte öffnen Sie den vollständigen Link aus unserer E-Mail.',
  badRequestTitle: 'Das hat nicht geklappt',
  badRequestText: 'Die Anfrage war unvollständig. Bitte öffnen Sie den Link aus unserer E-Mail noch einmal.',
  tooManyTitle: 'Zu viele Anfragen',
  tooManyText: 'Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal.',
  otherLanguage: 'English',
};

const en: Texts = {
  mailSubject: (title, date) => `Seats available for ${title} on ${date}`,
  greeting: (name) => `Dear ${name},`,
  offerIntro: (title) => `good news from the waiting list: seats have become available for ${title}.`,
  seats: (quantity, category) => `We are holding ${quantity === 1 ? '1 seat' : `${quantity} seats`} in the category ${category} for you.`,
  heldUntil: (until) => `The offer is valid until ${until}.`,
  bookAt: 'Book the tickets here:',
  afterDeadline: 'After that, the seats go to the next person on the waiting list.',
  notWanted: 'If you do not want the seats, there is nothing you need to do.',
  offerTitle: 'Your offer from the waiting list',
  performance: 'Performance',
  when: 'Date',
  hall: 'Venue',
  category: 'Category',
  tariff: 'Tariff',
  fullPrice: 'Full price',
  quantity: 'Tickets',
  total: 'Total',
  validUntil: 'Held until',
  yourDetails: 'Your details',
  name: 'Name',
  email: 'E-mail address',
  language: 'Language',
  payment: 'Payment',
  paymentMethods: { box_office: 'At the box office', invoice: 'By invoice' },
  marketing: 'Optional',
  newsletter: 'Yes, I would like to receive the newsletter.',
  recommendations: 'Yes, I would like to receive personal recommendations.',
  marketingNote: 'You can withdraw either at any time. We will first send you an e-mail to confirm.',
  book: (total) => `Book now (${total})`,
  errorsTitle: 'Please check your details:',
  bookedTitle: 'Thank you for your booking',
  bookedText: (number) => `Your order number is ${number}.`,
  mailFollows: 'The confirmation with your tickets is on its way by e-mail.',
  showTickets: 'Show tickets',
  alreadyBookedText: (number) => `You have already booked this offer. Your order number is ${number}.`,
  ranOutTitle: 'This offer has run out',
  ranOutText: 'The time for this offer is over and the seats have been released. Please check whether tickets are still available, or join the waiting list again.',
  notFoundTitle: 'Offer not found',
  notFoundText: 'We do not know this link. Please open the complete link from our e-mail.',
  badRequestTitle: 'That did not work',
  badRequestText: 'The request was incomplete. Please open the link from our e-mail again.',
  tooManyTitle: 'Too many requests',
  tooManyText: 'Please wait a moment and try again.',
  otherLanguage: 'Deutsch',
};

export const texts: Record<Language, Texts> = { de, en };

const fieldErrors: Record<Language, Record<string, string>> = {
  de: {
    name: 'Bitte geben Sie Ihren Namen ein.',
    email: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
    language: 'Bitte wählen Sie Deutsch oder Englisch.',
    paymentMethod: 'Bitte wählen Sie, wie Sie bezahlen möchten.',
  },
  en: {
    name: 'Please enter your name.',
    email: 'Please enter a valid e-mail address.',
    language: 'Please choose German or English.',
    paymentMethod: 'Please choose how you want to pay.',
  },
};

/** What the booking form says beside a field that was refused; the server's message where there is no better one. */
export function fieldError(field: string, message: string, language: Language): string {
  return fieldErrors[language][field] ?? message;
}
