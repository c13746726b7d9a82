import { createHash, randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AuditEntryInput } from '../audience/audit/store.ts';
import { appendAudit } from '../audience/audit/store.ts';
import { defaultPolicy } from '../audience/consents/policies.ts';
import type { ContactInsert } from '../audience/import/plan.ts';
import { insertContacts, insertUnitLinks } from '../audience/import/store.ts';
import { normaliseContactEmail } from '../audience/model.ts';
import type { SegmentService } from '../audience/segments/service.ts';
import type { ConsentTable, InteractionTable } from '../audience/tables.ts';
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../core/db/database.ts';
import { toJson } from '../core/db/json.ts';
import { newId } from '../core/ids.ts';
import { audienceProgramme, type AudiencePlan, DEMO_AUDIENCE_SEED, planDemoAudience } from './audience-plan.ts';
import { demoSegments } from './audience-segments.ts';
import type { DemoPlan } from './plan.ts';

/*
 * Writes the demo audience (audience-plan.ts) into the freshly seeded demo house.
 *
 * In bulk, not through contacts.findOrCreate, consents.grant and interactions.record:
 * those are one transaction per call, and the audience is some 25,000 rows (contacts,
 * consents, history, audit entries) that would take tens of seconds one by one, where
 * `npm start` should be ready in about two. So: one transaction, multi-row statements in
 * chunks, with the contact import's own batched writers for contacts and unit links.
 * The audit entries the services would have written are written in bulk too, by
 * `system:demo`: one contact.imported per person and one entry per consent state, dated
 * at the seed, with the historic instants in their details (as the contact import does).
 *
 * The saved segments go through the segment service, like any staff member's: it checks
 * each rule tree and the ids in it.
 */

export const DEMO_ACTOR = 'system:demo';

/** Rows per multi-row statement: 500 x 18 columns stays far below either engine's bound-parameter limit. */
const CHUNK = 500;

export interface AudienceIds {
  houseId: string;
  /** By unit slug. */
  units: ReadonlyMap<string, string>;
  /** By production slug, with its performances by local start. */
  productions: ReadonlyMap<string, { id: string; performances: ReadonlyMap<string, string> }>;
}

export interface AudienceCounts {
  contacts: number;
  consents: number;
  interactions: number;
  segments: number;
}

export const noAudience: Readonly<AudienceCounts> = Object.freeze({ contacts: 0, consents: 0, interactions: 0, segments: 0 });

export interface AudienceSeedDeps {
  database: Pick<Database, 'db'>;
  clock: Clock;
  segments: Pick<SegmentService, 'createSegment' | 'importMembers'>;
}

function missing(what: string): never {
  throw new Error(`demo audience: ${what} was not seeded`);
}

interface AudienceRows {
  contacts: ContactInsert[];
  consents: Insertable<ConsentTable>[];
  interactions: Insertable<InteractionTable>[];
  unitLinks: { contactId: string; unitId: string }[];
  audit: AuditEntryInput[];
}

/** The plan as table rows, with ids given and keys resolved. */
function rowsOf(audience: AudiencePlan, ids: AudienceIds): AudienceRows {
  const at = audience.now;
  const houseId = ids.houseId;
  const rows: AudienceRows = { contacts: [], consents: [], interactions: [], unitLinks: [], audit: [] };
  const unitId = (slug: string) => ids.units.get(slug) ?? missing(`unit ${slug}`);
  const production = (slug: string) => ids.productions.get(slug) ?? missing(`production ${slug}`);
  const textVersions = new Map<string, string>();
  const textVersion = (purpose: Parameters<typeof defaultPolicy>[0]) => {
    let version = textVersions.get(purpose);
    if (version === undefined) textVersions.set(purpose, (version = defaultPolicy(purpose).textVersion));
    return version;
  };

  for (const contact of audience.contacts) {
    const contactId = newId();
    rows.contacts.push({
      id: contactId,
      email: contact.email,
      emailNormalised: normaliseContactEmail(contact.email),
      name: contact.name,
      phone: contact.phone,
      language: contact.language,
      postalCode: contact.postalCode,
      birthYear: contact.birthYear,
      interests: contact.interests,
      source: contact.source,
    });
    const unitIds = contact.units.map(unitId);
    for (const id of unitIds) rows.unitLinks.push({ contactId, unitId: id });
    rows.audit.push({
      houseId,
      at,
      actor: DEMO_ACTOR,
      action: 'contact.imported',
      contactId,
      reason: 'demo audience',
      details: { created: true, consents: contact.consents.map((c) => c.purpose), interactions: contact.interactions.length, unitIds },
    });

    for (const consent of contact.consents) {
      const version = textVersion(consent.purpose);
      rows.consents.push({
        id: newId(),
        house_id: houseId,
        contact_id: contactId,
        purpose: consent.purpose,
        status: consent.status,
        legal_basis: consent.legalBasis,
        source: consent.source,
        text_version: version,
        requested_at: consent.requestedAt,
        granted_at: consent.grantedAt,
        expires_at: consent.expiresAt,
        revoked_at: consent.revokedAt,
        proof: toJson(consent.proof),
        // A waiting double opt-in has a link out; only the person holds its token.
        confirmation_token_hash: consent.status === 'pending' ? createHash('sha256').update(randomBytes(32)).digest('hex') : null,
        token_spent_at: null,
        retention_done_at: consent.retentionDoneAt,
        updated_at: consent.revokedAt ?? consent.retentionDoneAt ?? consent.grantedAt ?? consent.requestedAt,
      });
      const entry = (action: AuditEntryInput['action'], details: Record<string, unknown>): AuditEntryInput => ({
        houseId,
        at,
        actor: DEMO_ACTOR,
        action,
        contactId,
        reason: 'demo audience',
        details: { purpose: consent.purpose, source: consent.source, ...details },
      });
      if (consent.grantedAt === null) {
        rows.audit.push(entry('consent.requested', { requestedAt: consent.requestedAt, textVersion: version }));
        continue;
      }
      rows.audit.push(entry('consent.granted', { legalBasis: consent.legalBasis, textVersion: version, grantedAt: consent.grantedAt, expiresAt: consent.expiresAt }));
      if (consent.status === 'revoked') rows.audit.push(entry('consent.revoked', { revokedAt: consent.revokedAt }));
      if (consent.status === 'expired') rows.audit.push(entry('consent.expired', { expiresAt: consent.expiresAt }));
    }

    for (const interaction of contact.interactions) {
      const played = interaction.production === null ? null : production(interaction.production);
      rows.interactions.push({
        id: newId(),
        house_id: houseId,
        contact_id: contactId,
        pseudonym: null,
        kind: interaction.kind,
        occurred_at: interaction.occurredAt,
        source: interaction.source,
        ref: interaction.ref,
        unit_id: interaction.unit === null ? null : unitId(interaction.unit),
        production_id: played?.id ?? null,
        performance_id:
          interaction.performance === null ? null : (played?.performances.get(interaction.performance) ?? missing(`performance ${interaction.production} ${interaction.performance}`)),
        details: interaction.details === null ? null : toJson(interaction.details),
        created_at: at,
      });
    }
  }
  return rows;
}

async function insertChunked<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) await write(rows.slice(start, start + CHUNK));
}

async function writeRows(trx: Executor, houseId: string, rows: AudienceRows, at: string): Promise<void> {
  await insertContacts(trx, houseId, rows.contacts, at);
  await insertChunked(rows.consents, (chunk) => trx.insertInto('consent').values(chunk).execute());
  await insertChunked(rows.interactions, (chunk) => trx.insertInto('interaction').values(chunk).execute());
  await insertUnitLinks(trx, houseId, rows.unitLinks, at);
  await insertChunked(rows.audit, (chunk) => appendAudit(trx, chunk));
}

/** The saved segments, in order, through the segment service; the static list gets the premiere subscribers. */
async function seedSegments(segments: AudienceSeedDeps['segments'], ids: AudienceIds, audience: AudiencePlan): Promise<number> {
  const scope = { houseId: ids.houseId, unitId: null };
  const made = new Map<string, string>();
  const refs = {
    unit: (slug: string) => ids.units.get(slug) ?? missing(`unit ${slug}`),
    segment: (key: string) => made.get(key) ?? missing(`segment ${key}`),
  };
  for (const planned of demoSegments) {
    const segment = await segments.createSegment(
      scope,
      {
        name: planned.name,
        description: planned.description,
        kind: planned.kind,
        unitId: planned.unit === null ? null : refs.unit(planned.unit),
        ...(planned.rules === null ? {} : { rules: planned.rules(refs) }),
      },
      DEMO_ACTOR,
    );
    made.set(planned.key, segment.id);
    if (planned.kind !== 'static') continue;
    const members = audience.contacts.filter((c) => c.premiereSubscriber).map((c) => c.email);
    const file = new TextEncoder().encode(['E-Mail', ...members].join('\n'));
    const result = await segments.importMembers(scope, segment.id, { bytes: file });
    if (result.added !== members.length) throw new Error(`demo audience: ${result.added} of ${members.length} premiere subscribers were put on the list`);
  }
  return made.size;
}

/**
 * Plans the audience for the seed time (the clock's now) and writes it into the demo
 * house: contacts, consents, interactions, unit memberships and audit entries in one
 * transaction, then the saved segments. The caller removes the house when this throws.
 */
export async function seedDemoAudience(deps: AudienceSeedDeps, plan: DemoPlan, ids: AudienceIds, seed: number = DEMO_AUDIENCE_SEED): Promise<AudienceCounts> {
  const now = deps.clock.now();
  const audience = planDemoAudience(audienceProgramme(plan, now), seed);
  const rows = rowsOf(audience, ids);
  await deps.database.db.transaction().execute((trx) => writeRows(trx, ids.houseId, rows, audience.now));
  const segments = await seedSegments(deps.segments, ids, audience);
  return { contacts: rows.contacts.length, consents: rows.consents.length, interactions: rows.interactions.length, segments };
}
