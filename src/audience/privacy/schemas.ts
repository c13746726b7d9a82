import { z } from 'zod';
import { exportedConversationDto } from '../../assistant/privacy.ts';

/* Privacy: the service inputs (shared by the staff API and the preference centre) and the DTOs. */

export const privacyVias = ['staff', 'preference_centre'] as const;
export type PrivacyVia = (typeof privacyVias)[number];

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const reason = z.string().trim().min(3, 'must say why, in at least 3 characters').max(500);

export const eraseInput = z.object({
  reason,
  via: z.enum(privacyVias),
  /** Staff must type the person's address: an erasure cannot be undone, so the wrong person must not be erased by a slip. */
  confirmEmail: z.string().trim().max(254).optional(),
});
export type EraseInput = z.input<typeof eraseInput>;

export const eraseBody = z
  .object({
    reason,
    confirmEmail: z.string().trim().min(1).max(254).describe("the contact's e-mail address, typed again; case does not matter"),
  })
  .meta({ id: 'ContactErase' });

export const erasureDto = z
  .object({
    contactId: z.string(),
    requestId: z.string(),
    pseudonym: z.string().describe('what the kept bookings of the person carry from now on'),
    kept: z.object({ bookings: z.number().int() }),
    deleted: z.object({ interactions: z.number().int(), consents: z.number().int(), units: z.number().int(), segments: z.number().int() }),
  })
  .meta({ id: 'ContactErasure' });
export type ErasureResult = z.output<typeof erasureDto>;

export const requestKinds = ['access', 'erasure'] as const;
export const requestStatuses = ['done', 'failed'] as const;

export const requestListQuery = z.object({
  kind: z.enum(requestKinds).optional(),
  status: z.enum(requestStatuses).optional(),
  from: instant.optional().describe('requested at or after this instant'),
  to: instant.optional().describe('requested before this instant'),
});
export type RequestListQuery = z.input<typeof requestListQuery>;

export const privacyRequestDto = z
  .object({
    id: z.string(),
    contactId: z.string().nullable().describe('null once the person is erased'),
    pseudonym: z.string().nullable().describe('erasure: the pseudonym of the erased person'),
    kind: z.enum(requestKinds),
    status: z.enum(requestStatuses),
    via: z.enum(privacyVias),
    actor: z.string(),
    reason: z.string().nullable(),
    requestedAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'PrivacyRequest' });
export type PrivacyRequest = z.output<typeof privacyRequestDto>;

// ---------- the export (Art. 15 and 20 GDPR) ----------

const json = z.record(z.string(), z.unknown());

export const contactExportDto = z
  .object({
    header: z.object({
      formatVersion: z.literal(1),
      generatedAt: z.string(),
      house: z.object({ id: z.string(), name: z.string() }),
      contactId: z.string(),
      requestId: z.string(),
    }),
    contact: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      language: z.string().nullable(),
      postalCode: z.string().nullable(),
      birthYear: z.number().int().nullable(),
      interests: z.array(z.string()),
      source: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
    units: z.array(z.object({ unitId: z.string(), name: z.string(), since: z.string() })),
    interactions: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        occurredAt: z.string(),
        source: z.string(),
        ref: z.string().nullable(),
        unitId: z.string().nullable(),
        productionId: z.string().nullable(),
        productionTitle: z.string().nullable(),
        performanceId: z.string().nullable(),
        details: json.nullable(),
        createdAt: z.string(),
      }),
    ),
    consents: z.array(
      z.object({
        id: z.string(),
        purpose: z.string(),
        status: z.string(),
        legalBasis: z.string(),
        source: z.string(),
        textVersion: z.string(),
        requestedAt: z.string(),
        grantedAt: z.string().nullable(),
        expiresAt: z.string().nullable(),
        revokedAt: z.string().nullable(),
        proof: json.describe('what the person saw and did; an IP address only as its hash'),
        retentionDoneAt: z.string().nullable(),
        updatedAt: z.string(),
      }),
    ),
    segments: z.array(z.object({ segmentId: z.string(), name: z.string(), addedAt: z.string() })),
    audit: z.array(z.object({ id: z.string(), at: z.string(), actor: z.string(), action: z.string(), reason: z.string().nullable(), details: json })),
    privacyRequests: z.array(privacyRequestDto),
    recommendationExposures: z
      .array(
        z.object({
          id: z.string(),
          productionId: z.string(),
          productionTitle: z.string().nullable(),
          slot: z.string().describe('relevant, or discovery: a place kept for something outside the usual'),
          reason: z.string().describe('why it was in the list: because_you_saw, people_like_you, matches_interest, popular, new_for_you, similar_to'),
          surface: z.string().describe('where it was shown: api (the house’s site or app), mail, widget, staff (a staff member looked at the list), assistant'),
          shownAt: z.string(),
        }),
      )
      .describe('what Foyer recommended to the person, kept as long as the recommendations consent holds and at most 400 days'),
    assistantConversations: z
      .array(exportedConversationDto)
      .describe('conversations with the visitor assistant linked to the person or written under their address, with every message'),
  })
  .meta({ id: 'ContactExport', description: 'Everything Foyer holds about one person (Art. 15 and 20 GDPR)' });
export type ContactExport = z.output<typeof contactExportDto>;
