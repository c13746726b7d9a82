import type { Language, PaymentNote } from './model.ts';

/*
 * Every visitor-facing word of the confirmation mail, the calendar entry and the
 * printable tickets, in German (first) and English.
 */

const de = {
  subject: (number: string, house: string) => `Ihre Karten – Bestellung ${number} bei ${house}`,
  greeting: (name: string) => `Guten Tag ${name},`,
  intro: (house: string) => `vielen Dank für Ihre Buchung bei ${house}. Hier sind Ihre Karten.`,
  orderNumber: 'Bestellnummer',
  payment: {
    box_office: (total: string) => `Bitte bezahlen Sie ${total} an der Theaterkasse, spätestens vor Beginn der Vorstellung.`,
    invoice: (total: string, number: string) => `Sie zahlen ${total} auf Rechnung. Bitte geben Sie bei der Überweisung die Bestellnummer ${number} als Verwendungszweck an.`,
    awaiting: (total: string) => `Ihre Zahlung über ${total} ist noch nicht bei uns eingegangen.`,
    paid: (total: string) => `Bezahlt: ${total}. Vielen Dank!`,
    free: () => 'Ihre Karten sind kostenlos.',
    cancelled: () => 'Diese Bestellung wurde storniert.',
    refunded: () => 'Diese Bestellung wurde storniert; der Betrag wird erstattet.',
  } satisfies Record<PaymentNote, (total: string, number: string) => string>,
  fullPrice: 'Normalpreis',
  ticketCode: 'Ticket-Code',
  qrLabel: (code: string) => `QR-Code für Ticket ${code}`,
  printIntro: 'Ihre Karten zum Ausdrucken oder Vorzeigen auf dem Handy:',
  printButton: 'Karten öffnen',
  atTheDoor: 'Zeigen Sie am Einlass den QR-Code vor, ausgedruckt oder auf dem Handy. Jeder Code gilt für einen Einlass.',
  calendar: 'Im Anhang finden Sie für jede Vorstellung einen Kalendereintrag.',
  questions: 'Fragen? Antworten Sie einfach auf diese E-Mail.',
  closing: 'Wir freuen uns auf Ihren Besuch!',
  calendarDescription: (number: string, count: number) => `Bestellung ${number}, ${count === 1 ? '1 Karte' : `${count} Karten`}`,
  // printable page
  pageTitle: 'Ihre Karten',
  pageIntro: 'Drucken Sie diese Seite aus oder zeigen Sie den QR-Code am Einlass auf Ihrem Handy vor. Jede Karte steht auf einer eigenen Seite.',
  ticketOf: (index: number, count: number) => `Karte ${index} von ${count}`,
  date: 'Datum',
  time: 'Beginn',
  timeValue: (time: string) => `${time} Uhr`,
  hall: 'Saal',
  category: 'Kategorie',
  tariff: 'Tarif',
  price: 'Preis',
  order: 'Bestellung',
  name: 'Name',
  paymentDue: 'Die Bestellung ist noch nicht bezahlt.',
  noTickets: 'Diese Bestellung hat keine gültigen Karten.',
  notFoundTitle: 'Karten nicht gefunden',
  notFoundText: 'Diesen Link kennen wir nicht. Bitte verwenden Sie den Link aus Ihrer Bestätigungs-E-Mail.',
};

type Texts = typeof de;

const en: Texts = {
  subject: (number, house) => `Your tickets – order ${number} at ${house}`,
  greeting: (name) => `Hello ${name},`,
  intro: (house) => `thank you for booking with ${house}. Here are your tickets.`,
  orderNumber: 'Order number',
  payment: {
    box_office: (total) => `Please pay ${total} at the box office, at the latest before the performance begins.`,
    invoice: (total, number) => `You pay ${total} by invoice. Please give the order number ${number} as the payment reference.`,
    awaiting: (total) => `We have not yet received your payment of ${total}.`,
    paid: (total) => `Paid: ${total}. Thank you!`,
    free: () => 'Your tickets are free of charge.',
    cancelled: () => 'This order has been cancelled.',
    refunded: () => 'This order has been cancelled; the amount will be refunded.',
  },
  fullPrice: 'Full price',
  ticketCode: 'Ticket code',
  qrLabel: (code) => `QR code for ticket ${code}`,
  printIntro: 'Your tickets to print or to show on your phone:',
  printButton: 'Open tickets',
  atTheDoor: 'Show the QR code at the door, printed or on your phone. Each code admits one person once.',
  calendar: 'A calendar entry for each performance is attached.',
  questions: 'Questions? Simply reply to this e-mail.',
  closing: 'We look forward to seeing you!',
  calendarDescription: (number, count) => `Order ${number}, ${count === 1 ? '1 ticket' : `${count} tickets`}`,
  pageTitle: 'Your tickets',
  pageIntro: 'Print this page or show the QR code on your phone at the door. Each ticket is printed on a page of its own.',
  ticketOf: (index, count) => `Ticket ${index} of ${count}`,
  date: 'Date',
  time: 'Starts',
  timeValue: (time) => time,
  hall: 'Hall',
  category: 'Category',
  tariff: 'Tariff',
  price: 'Price',
  order: 'Order',
  name: 'Name',
  paymentDue: 'This order has not been paid yet.',
  noTickets: 'This order has no valid tickets.',
  notFoundTitle: 'Tickets not found',
  notFoundText: 'We do not know this link. Please use the link from your confirmation e-mail.',
};

export const texts: Record<Language, Texts> = { de, en };

export function languageOf(value: string | null | undefined): Language {
  return value === 'en' ? 'en' : 'de';
}
