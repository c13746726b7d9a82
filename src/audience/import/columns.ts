import { z } from 'zod';
import { normaliseHeader } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { marketingPurposes, type MarketingPurpose } from '../model.ts';
import { contactFields, type ContactColumns, type ContactField } from './model.ts';

/*
 * Which column holds what in exports of ticketing and newsletter tools: German and
 * English header names, pretix's order export (orders and positions sheets, both
 * languages), spreadsheets people keep by hand. An explicit mapping wins.
 */

const synonyms: Record<ContactField, readonly string[]> = {
  email: ['e-mail', 'email', 'e-mail-adresse', 'e-mail adresse', 'emailadresse', 'email-adresse', 'e-mail address', 'email address', 'mail', 'mailadresse', 'e-mail-address'],
  // pretix: 'Name' in the orders sheet, 'Invoice address name' in the others and in newer versions.
  name: ['name', 'vollständiger name', 'voller name', 'full name', 'invoice address name', 'rechnungsadresse: name', 'kundenname', 'customer name'],
  firstName: ['vorname', 'first name', 'firstname', 'given name', 'fname', 'invoice address name: given name', 'rechnungsadresse: name: vorname'],
  lastName: ['nachname', 'familienname', 'last name', 'lastname', 'surname', 'family name', 'lname', 'invoice address name: family name', 'rechnungsadresse: name: nachname'],
  attendeeName: ['attendee name', 'name teilnehmer*in', 'teilnehmername', 'name des teilnehmers', 'teilnehmer*in'],
  phone: ['telefon', 'telefonnummer', 'tel', 'tel.', 'phone', 'phone number', 'telephone', 'mobil', 'mobile', 'handy', 'mobilnummer', 'mobile phone'],
  language: ['sprache', 'language', 'order locale', 'bestellsprache', 'locale', 'korrespondenzsprache', 'preferred language'],
  postalCode: ['plz', 'postleitzahl', 'postcode', 'post code', 'postal code', 'zip', 'zip code', 'zipcode', 'invoice address zip code', 'rechnungsadresse: postleitzahl'],
  birthYear: ['geburtsjahr', 'jahrgang', 'year of birth', 'birth year', 'birthyear'],
  birthDate: ['geburtsdatum', 'geburtstag', 'date of birth', 'birth date', 'birthdate', 'birthday', 'dob'],
  interests: ['interessen', 'interesse', 'interests', 'interest', 'sparten', 'lieblingssparten', 'vorlieben', 'genres'],
  consentDate: [
    'einwilligung am',
    'einwilligungsdatum',
    'datum der einwilligung',
    'eingewilligt am',
    'opt-in date',
    'opt-in-datum',
    'opt-in datum',
    'optin date',
    'opt in date',
    'optin time',
    'confirm time',
    'consent date',
    'consented at',
    'subscribed at',
    'subscription date',
    'date subscribed',
    'angemeldet am',
    'anmeldedatum',
    'eingetragen am',
  ],
  orderCode: ['order code', 'bestellnummer', 'bestell-nr.', 'bestellnr.', 'bestellnr', 'order number', 'order no.', 'order id', 'auftragsnummer', 'buchungsnummer', 'booking number', 'booking reference'],
  orderDate: ['order date', 'bestelldatum', 'buchungsdatum', 'booking date', 'kaufdatum', 'purchase date', 'order datetime'],
  orderTime: ['order time', 'bestelluhrzeit', 'bestellzeit'],
  orderStatus: ['status', 'order status', 'bestellstatus'],
  // pretix: order codes are unique per event only.
  event: ['event slug', 'kurzname der veranstaltung'],
};

/** Columns that say yes or no to a purpose. 'Telefon' alone is a phone number; 'Post/Telefon' is a consent. */
const consentSynonyms: Record<MarketingPurpose, readonly string[]> = {
  newsletter: [
    'newsletter',
    'einwilligung newsletter',
    'newsletter-einwilligung',
    'newsletter einwilligung',
    'newsletter opt-in',
    'newsletter-opt-in',
    'newsletter abonniert',
    'newsletter consent',
    'opt-in',
    'optin',
    'opt in',
    'marketing',
    'marketing opt-in',
    'e-mail-marketing',
    'email marketing',
    'werbeeinwilligung',
    'accepts marketing',
    'abonniert',
    'subscribed',
  ],
  recommendations: ['empfehlungen', 'recommendations', 'personalisierte empfehlungen', 'personalised recommendations', 'personalized recommendations', 'einwilligung empfehlungen'],
  behavioural_analysis: ['verhaltensanalyse', 'analyse', 'nutzungsanalyse', 'behavioural analysis', 'behavioral analysis', 'analytics', 'einwilligung analyse'],
  post_phone: ['post/telefon', 'post / telefon', 'post und telefon', 'post', 'postwerbung', 'kontakt per post', 'kontakt per post/telefon', 'post/phone', 'post and phone', 'mail and phone', 'direct mail', 'einwilligung post'],
};

const byName = new Map<string, ContactField>();
for (const field of contactFields) for (const name of synonyms[field]) if (!byName.has(name)) byName.set(name, field);
const consentByName = new Map<string, MarketingPurpose>();
for (const purpose of marketingPurposes) for (const name of consentSynonyms[purpose]) if (!consentByName.has(name)) consentByName.set(name, purpose);

export interface ContactColumnMap {
  fields: Partial<Record<ContactField, number>>;
  /** Column index and header per purpose. */
  consents: Partial<Record<MarketingPurpose, { index: number; header: string }>>;
  /** Headers of columns that hold nothing Foyer imports. */
  unknown: string[];
}

/**
 * A header row names an e-mail column (data rows hold addresses, not the word): the
 * header may come below a few title lines.
 */
export function isContactHeader(cells: readonly string[], columns: ContactColumns | undefined): boolean {
  const wanted = columns?.email === undefined ? undefined : normaliseHeader(columns.email);
  return cells.some((cell) => {
    const name = normaliseHeader(cell);
    return wanted === undefined ? byName.get(name) === 'email' : name === wanted;
  });
}

function missingColumn(field: string, wanted: string, header: readonly string[]): DomainError {
  const message = `the file has no column "${wanted}" (its columns: ${header.filter((h) => h.trim() !== '').map((h) => `"${h.trim()}"`).join(', ')})`;
  return new DomainError('validation', `columns.${field}: ${message}`, [{ field: `columns.${field}`, message }]);
}

export function mapContactColumns(header: readonly string[], columns: ContactColumns | undefined): ContactColumnMap {
  const names = header.map(normaliseHeader);
  const fields: Partial<Record<ContactField, number>> = {};
  const consents: ContactColumnMap['consents'] = {};
  const used = new Set<number>();
  const explicit = (field: string, wanted: string): number => {
    const index = names.indexOf(normaliseHeader(wanted));
    if (index < 0) throw missingColumn(field, wanted, header);
    used.add(index);
    return index;
  };
  for (const field of contactFields) {
    const wanted = columns?.[field];
    if (wanted !== undefined) fields[field] = explicit(field, wanted);
  }
  for (const purpose of marketingPurposes) {
    const wanted = columns?.consent?.[purpose];
    if (wanted === undefined) continue;
    const index = explicit(`consent.${purpose}`, wanted);
    consents[purpose] = { index, header: (header[index] ?? wanted).trim() };
  }
  names.forEach((name, index) => {
    if (used.has(index)) return;
    const field = byName.get(name);
    if (field !== undefined && fields[field] === undefined) {
      fields[field] = index;
      used.add(index);
      return;
    }
    const purpose = consentByName.get(name);
    if (purpose !== undefined && consents[purpose] === undefined) {
      consents[purpose] = { index, header: (header[index] ?? name).trim() };
      used.add(index);
    }
  });
  const unknown = header.filter((name, index) => !used.has(index) && name.trim().length > 0).map((name) => name.trim());
  return { fields, consents, unknown };
}

/** The mapping as the API and the CLI take it: JSON such as {"email":"Mail","consent":{"newsletter":"NL"}}. */
const header = z.string().trim().min(1).max(200);
export const contactColumnsSchema = z
  .object({
    ...Object.fromEntries(contactFields.map((field) => [field, header.optional()])),
    consent: z.partialRecord(z.enum(marketingPurposes), header).optional(),
  })
  .strict()
  .describe('Column mapping: field -> column header, e.g. {"email":"Mail","consent":{"newsletter":"NL"}}');

export function parseContactColumns(text: string): ContactColumns {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('validation', 'columns: must be a JSON object such as {"email":"Mail","consent":{"newsletter":"NL"}}', [{ field: 'columns', message: 'not JSON' }]);
  }
  const parsed = contactColumnsSchema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'columns'}: ${issue.message}`).join('; ');
    throw new DomainError(
      'validation',
      `columns: map the fields ${contactFields.join(', ')} and consent.{${marketingPurposes.join(', ')}} to column headers (${message})`,
      [{ field: 'columns', message }],
    );
  }
  return parsed.data as ContactColumns;
}
