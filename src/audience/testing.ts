import type { Executor } from '../core/db/database.ts';
import { toJson } from '../core/db/json.ts';
import { newId } from '../core/ids.ts';
import { type InteractionKind, normaliseContactEmail, type Purpose } from './model.ts';

/*
 * Fixtures for audience tests: rows written directly, so that a test of retention,
 * segments or import can set up exactly the state it needs without going through
 * the services under test.
 */

export interface ContactFixture {
  email?: string;
  name?: string | null;
  phone?: string | null;
  language?: string | null;
  postalCode?: string | null;
  birthYear?: number | null;
  interests?: string[];
  units?: string[];
  createdAt?: string;
}

export async function insertContact(db: Executor, houseId: string, fixture: ContactFixture = {}): Promise<string> {
  const id = newId();
  const email = fixture.email ?? `person-${id.slice(-12)}@example.org`;
  const at = fixture.createdAt ?? '2026-01-01T10:00:00.000Z';
  await db
    .insertInto('contact')
    .values({
      id,
      house_id: houseId,
      email,
      email_normalised: normaliseContactEmail(email),
      name: fixture.name === undefined ? 'Erika Mustermann' : fixture.name,
      phone: fixture.phone ?? null,
      language: fixture.language === undefined ? 'de' : fixture.language,
      postal_code: fixture.postalCode ?? null,
      birth_year: fixture.birthYear ?? null,
      interests: toJson(fixture.interests ?? []),
      source: 'staff',
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const unitId of fixture.units ?? []) {
    await db.insertInto('contact_unit').values({ house_id: houseId, contact_id: id, unit_id: unitId, since: at }).execute();
  }
  return id;
}

export interface ConsentFixture {
  status?: 'pending' | 'granted' | 'revoked' | 'expired';
  grantedAt?: string;
  expiresAt?: string;
  revokedAt?: string | null;
  legalBasis?: 'consent' | 'contract' | 'legitimate_interest';
}

export async function insertConsent(db: Executor, houseId: string, contactId: string, purpose: Purpose, fixture: ConsentFixture = {}): Promise<string> {
  const id = newId();
  const grantedAt = fixture.grantedAt ?? '2026-01-01T10:00:00.000Z';
  await db
    .insertInto('consent')
    .values({
      id,
      house_id: houseId,
      contact_id: contactId,
      purpose,
      status: fixture.status ?? 'granted',
      legal_basis: fixture.legalBasis ?? (purpose === 'ticketing' ? 'contract' : 'consent'),
      source: 'staff',
      text_version: 'test-1',
      requested_at: grantedAt,
      granted_at: fixture.status === 'pending' ? null : grantedAt,
      expires_at: fixture.expiresAt ?? '2028-01-01T10:00:00.000Z',
      revoked_at: fixture.revokedAt ?? null,
      proof: toJson({ note: 'test fixture' }),
      confirmation_token_hash: null,
      retention_done_at: null,
      updated_at: grantedAt,
    })
    .execute();
  return id;
}

export interface InteractionFixture {
  occurredAt: string;
  unitId?: string | null;
  productionId?: string | null;
  performanceId?: string | null;
  details?: Record<string, unknown> | null;
  source?: string;
  ref?: string | null;
}

export async function insertInteraction(db: Executor, houseId: string, contactId: string, kind: InteractionKind, fixture: InteractionFixture): Promise<string> {
  const id = newId();
  await db
    .insertInto('interaction')
    .values({
      id,
      house_id: houseId,
      contact_id: contactId,
      pseudonym: null,
      kind,
      occurred_at: fixture.occurredAt,
      source: fixture.source ?? 'test',
      ref: fixture.ref ?? null,
      unit_id: fixture.unitId ?? null,
      production_id: fixture.productionId ?? null,
      performance_id: fixture.performanceId ?? null,
      details: fixture.details === undefined || fixture.details === null ? null : toJson(fixture.details),
      created_at: fixture.occurredAt,
    })
    .execute();
  return id;
}
