import { conversationsOfContact } from '../../assistant/privacy.ts';
import { fromJson } from '../../core/db/json.ts';
import type { Executor } from '../../core/db/database.ts';
import type { ConsentProof } from '../model.ts';
import { EXPORT_FORMAT_VERSION } from './model.ts';
import type { ContactExport, PrivacyRequest } from './schemas.ts';
import * as store from './store.ts';

/*
 * The document of an access request (Art. 15 GDPR) in a structured, machine-readable
 * form (Art. 20): every row Foyer holds about the person, from every audience table,
 * with names where an id alone would tell the person nothing.
 */

type Contact = NonNullable<Awaited<ReturnType<typeof store.findContactInScope>>>;

/** The proof fields a consent may carry (model.ts ConsentProof); anything else stored there is not passed on. */
const proofFields: readonly (keyof ConsentProof)[] = ['confirmedAt', 'ipHash', 'userAgent', 'importRunId', 'importRow', 'staffRef', 'note'];

function proofOf(text: string): Record<string, unknown> {
  const stored = fromJson<Record<string, unknown>>(text, {});
  return Object.fromEntries(proofFields.filter((field) => stored[field] !== undefined).map((field) => [field, stored[field]]));
}

export function privacyRequestFromRow(row: store.PrivacyRequestRow): PrivacyRequest {
  return {
    id: row.id,
    contactId: row.contact_id,
    pseudonym: row.pseudonym,
    kind: row.kind as PrivacyRequest['kind'],
    status: row.status as PrivacyRequest['status'],
    via: row.via as PrivacyRequest['via'],
    actor: row.actor,
    reason: row.reason,
    requestedAt: row.requested_at,
    completedAt: row.completed_at,
  };
}

export async function buildExport(db: Executor, houseId: string, contact: Contact, header: { generatedAt: string; requestId: string }): Promise<ContactExport> {
  const house = await store.houseOf(db, houseId);
  const units = await store.unitsOf(db, houseId, contact.id);
  const interactions = await store.interactionsOf(db, houseId, contact.id);
  const consents = await store.consentsOf(db, houseId, contact.id);
  const segments = await store.segmentsOf(db, houseId, contact.id);
  const audit = await store.auditOf(db, houseId, contact.id);
  const requests = await store.requestsOf(db, houseId, contact.id);
  const exposures = await store.recommendationExposuresOf(db, houseId, contact.id);
  const assistantConversations = await conversationsOfContact(db, houseId, contact);
  return {
    header: { formatVersion: EXPORT_FORMAT_VERSION, generatedAt: header.generatedAt, house: { id: house.id, name: house.name }, contactId: contact.id, requestId: header.requestId },
    contact: {
      id: contact.id,
      email: contact.email,
      name: contact.name,
      phone: contact.phone,
      language: contact.language,
      postalCode: contact.postal_code,
      birthYear: contact.birth_year,
      interests: fromJson<string[]>(contact.interests, []),
      source: contact.source,
      createdAt: contact.created_at,
      updatedAt: contact.updated_at,
    },
    units: units.map((row) => ({ unitId: row.unit_id, name: row.name_de, since: row.since })),
    interactions: interactions.map((row) => ({
      id: row.id,
      kind: row.kind,
      occurredAt: row.occurred_at,
      source: row.source,
      ref: row.ref,
      unitId: row.unit_id,
      productionId: row.production_id,
      productionTitle: row.title_de,
      performanceId: row.performance_id,
      details: row.details === null ? null : fromJson<Record<string, unknown>>(row.details, {}),
      createdAt: row.created_at,
    })),
    consents: consents.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      status: row.status,
      legalBasis: row.legal_basis,
      source: row.source,
      textVersion: row.text_version,
      requestedAt: row.requested_at,
      grantedAt: row.granted_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      proof: proofOf(row.proof),
      retentionDoneAt: row.retention_done_at,
      updatedAt: row.updated_at,
    })),
    segments: segments.map((row) => ({ segmentId: row.segment_id, name: row.name, addedAt: row.added_at })),
    audit: audit.map((row) => ({ id: row.id, at: row.at, actor: row.actor, action: row.action, reason: row.reason, details: fromJson<Record<string, unknown>>(row.details, {}) })),
    privacyRequests: requests.map(privacyRequestFromRow),
    recommendationExposures: exposures.map((row) => ({
      id: row.id,
      productionId: row.production_id,
      productionTitle: row.title_de,
      slot: row.slot,
      reason: row.reason,
      surface: row.surface,
      shownAt: row.shown_at,
    })),
    assistantConversations,
  };
}
