import { z } from 'zod';
import { genresInput } from '../../catalogue/schemas/productions.ts';
import { consentSummaryDto } from '../consents/schemas.ts';
import { consentSources, contactLanguages, purposes } from '../model.ts';

/* Contacts: the service inputs (shared by the API, bookings, sign-up and import) and the DTO. */

export const contactEmail = z.string().trim().max(254).pipe(z.email('must be an e-mail address'));
const name = z.string().trim().min(1).max(200);
const phone = z.string().trim().min(3).max(40).regex(/^[+0-9 ()/.-]+$/, 'digits, spaces and + ( ) / . - only');
const postalCode = z.string().trim().min(2).max(12).regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and - only');
// The upper bound depends on today's year; the service checks it with its clock.
const birthYear = z.number().int().min(1900);

const contactFields = {
  email: contactEmail,
  name: name.nullish(),
  phone: phone.nullish(),
  language: z.enum(contactLanguages).nullish(),
  postalCode: postalCode.nullish(),
  birthYear: birthYear.nullish(),
  interests: genresInput.optional(),
};

/** findOrCreate: what a sign-up, a booking, an import row or staff know about a person. */
export const contactFindOrCreateInput = z.object({
  houseId: z.string().min(1),
  unitId: z.string().min(1).nullish(),
  ...contactFields,
  source: z.enum(consentSources),
});
export type ContactFindOrCreateInput = z.input<typeof contactFindOrCreateInput>;

export const contactCreateBody = z
  .object({ ...contactFields, unitId: z.uuid().nullish().describe('unit staff: always their own unit') })
  .meta({ id: 'ContactCreate' });
export type ContactCreateBody = z.input<typeof contactCreateBody>;

export const contactPatchBody = z
  .object({ ...contactFields, interests: genresInput })
  .partial()
  .meta({ id: 'ContactPatch', description: 'null clears a field; the e-mail address cannot be cleared' });
export type ContactPatchBody = z.input<typeof contactPatchBody>;

export const contactListQuery = z.object({
  q: z.string().max(200).optional().describe('words in the name or e-mail address, case and accents ignored'),
  unitId: z.uuid().optional(),
  purpose: z.enum(purposes).optional().describe('only contacts whose consent for this purpose is valid now'),
});
export type ContactListQuery = z.input<typeof contactListQuery>;

export const contactDto = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    language: z.string().nullable(),
    postalCode: z.string().nullable(),
    birthYear: z.number().int().nullable(),
    interests: z.array(z.string()),
    source: z.string(),
    units: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.output<typeof contactDto>;

/**
 * A contact in the list, with each consent at a glance, so that staff see who may be
 * written to without opening (and so viewing) every person.
 */
export const contactListItemDto = contactDto
  .extend({ consents: z.array(consentSummaryDto).describe('one per purpose the person was asked about, in the order of the purposes') })
  .meta({ id: 'ContactListItem' });
export type ContactListItem = z.output<typeof contactListItemDto>;

export const mergeBody = z.object({ from: z.uuid().describe('the contact that is merged into this one and then deleted') }).meta({ id: 'ContactMerge' });
