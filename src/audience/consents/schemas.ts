import { z } from 'zod';
import { consentSources, consentStatuses, legalBases, marketingPurposes, purposes } from '../model.ts';

/* Consents: what the services take in, what the API shows. */

export const consentProofInput = z
  .object({
    confirmedAt: z.string().optional(),
    ipHash: z.string().max(128).optional(),
    userAgent: z.string().max(500).optional(),
    importRunId: z.string().max(64).optional(),
    importRow: z.number().int().min(0).optional(),
    staffRef: z.string().max(100).optional(),
    note: z.string().max(1000).optional(),
  })
  .strict();

const actor = z.string().min(1).max(200);

export const consentRequestInput = z.object({
  houseId: z.string().min(1),
  contactId: z.string().min(1),
  // Ticketing rests on a contract, not on a click in a mail.
  purpose: z.enum(marketingPurposes),
  source: z.enum(consentSources),
  textVersion: z.string().min(1).max(100).optional(),
  proof: consentProofInput,
  actor,
});
export type ConsentRequestInput = z.input<typeof consentRequestInput>;

export const consentConfirmInput = z.object({ token: z.string().min(1).max(200), proof: consentProofInput.default({}) });
export type ConsentConfirmInput = z.input<typeof consentConfirmInput>;

export const consentGrantInput = z.object({
  houseId: z.string().min(1),
  contactId: z.string().min(1),
  purpose: z.enum(purposes),
  source: z.enum(consentSources),
  legalBasis: z.enum(legalBases),
  proof: consentProofInput,
  textVersion: z.string().min(1).max(100).optional(),
  actor,
});
export type ConsentGrantInput = z.input<typeof consentGrantInput>;

export const consentRevokeInput = z.object({
  houseId: z.string().min(1),
  contactId: z.string().min(1),
  purpose: z.enum(purposes),
  actor,
  reason: z.string().max(1000).nullish(),
});
export type ConsentRevokeInput = z.input<typeof consentRevokeInput>;

/** What staff record on a contact's page: said at the box office, on the phone, to the assistant. */
export const staffConsentBody = z
  .object({
    purpose: z.enum(purposes),
    legalBasis: z.enum(legalBases).optional().describe('default: contract for ticketing, consent otherwise'),
    source: z.enum(['box_office', 'staff', 'assistant']),
    note: z.string().trim().max(1000).optional(),
  })
  .meta({ id: 'ConsentRecord' });
export type StaffConsentBody = z.input<typeof staffConsentBody>;

export const revokeBody = z.object({ reason: z.string().trim().max(1000).optional() }).meta({ id: 'ConsentRevoke' });

export const policyInput = z
  .object({
    expiryMonths: z.number().int().min(1).max(120),
    textDe: z.string().trim().min(1).max(5000),
    textEn: z.string().trim().min(1).max(5000).nullish(),
  })
  .meta({ id: 'ConsentPolicyEdit' });
export type PolicyInput = z.input<typeof policyInput>;

export const consentDto = z
  .object({
    id: z.string(),
    contactId: z.string(),
    purpose: z.enum(purposes),
    /** Effective: a granted consent past its expiry reads as expired even before the retention job ran. */
    status: z.enum(consentStatuses),
    valid: z.boolean(),
    legalBasis: z.enum(legalBases),
    source: z.string(),
    textVersion: z.string(),
    requestedAt: z.string(),
    grantedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    proof: z.record(z.string(), z.unknown()),
    updatedAt: z.string(),
  })
  .meta({ id: 'Consent' });
export type Consent = z.output<typeof consentDto>;

/** A consent at a glance, for lists: its state now and until when, without proof or wording. */
export const consentSummaryDto = consentDto.pick({ purpose: true, status: true, valid: true, expiresAt: true }).meta({ id: 'ConsentSummary' });
export type ConsentSummary = z.output<typeof consentSummaryDto>;

export const policyDto = z
  .object({
    purpose: z.enum(purposes),
    expiryMonths: z.number().int(),
    textVersion: z.string(),
    textDe: z.string(),
    textEn: z.string().nullable(),
    custom: z.boolean(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'ConsentPolicy' });
