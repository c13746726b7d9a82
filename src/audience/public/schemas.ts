import { z } from 'zod';
import { contactEmail } from '../contacts/schemas.ts';
import { contactLanguages, marketingPurposes } from '../model.ts';

/* The public sign-up and preference centre: what they take in and what the JSON API gives. */

const purpose = z.enum(marketingPurposes);
const textVersion = z.string().trim().min(1).max(100);

export const signupBody = z
  .object({
    email: contactEmail,
    // An empty field of a plain HTML form means "no name".
    name: z.string().trim().max(200).optional().transform((value) => (value === '' ? undefined : value)),
    language: z.enum(contactLanguages).optional().describe('the language of the mails and pages; default: the house default'),
    purposes: z
      .array(purpose)
      .min(1, 'choose at least one purpose')
      .max(marketingPurposes.length)
      .transform((list) => [...new Set(list)])
      .describe('each a separate, unticked checkbox in the form'),
    website: z.string().max(500).optional().describe('honeypot: a hidden field people leave empty; a filled one is taken for a bot'),
    textVersion: textVersion.optional().describe('the version of the wording shown, for every purpose'),
    textVersions: z.partialRecord(purpose, textVersion).optional().describe('the version of the wording shown per purpose (wins over textVersion)'),
  })
  .meta({ id: 'Signup' });
export type SignupBody = z.output<typeof signupBody>;

export const signupAccepted = z.object({ message: z.string() }).meta({ id: 'SignupAccepted' });

export const preferenceToken = z.string().min(10).max(200);

export const purposeStateDto = z.object({
  purpose,
  status: z.enum(['granted', 'pending', 'revoked', 'expired', 'none']),
  grantedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  text: z.string().describe("the house's consent text in the chosen language"),
  textVersion: z.string(),
});

export const preferencesDto = z
  .object({
    house: z.object({ name: z.string() }),
    email: z.string(),
    language: z.enum(contactLanguages),
    purposes: z.array(purposeStateDto),
    pendingConfirmation: z.array(purpose).describe('purposes a confirmation mail was just sent for (double opt-in)'),
  })
  .meta({ id: 'Preferences' });

export const preferencesUpdate = z
  .partialRecord(purpose, z.boolean())
  .meta({ id: 'PreferencesUpdate', description: 'true grants (the newsletter through double opt-in), false revokes; purposes left out stay as they are' });
export type PreferencesUpdate = z.output<typeof preferencesUpdate>;

export const preferenceLinkDto = z.object({ url: z.string() }).meta({ id: 'PreferenceLink' });
