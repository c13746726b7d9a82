/*
 * Row shapes of the audience tables, with the catalogue's conventions (catalogue/tables.ts):
 * UUIDv7 text ids, ISO-8601 UTC text instants, JSON text for lists and objects, 0/1 for
 * booleans. Every row carries its house_id and every query filters by it.
 *
 * Personal data lives only in contact, interaction.details and consent.proof; everything
 * the retention job deletes or anonymises is in these three places.
 */

export interface ContactTable {
  id: string;
  house_id: string;
  email: string; // as given
  email_normalised: string; // trimmed, lower-cased: one person per address and house
  name: string | null;
  phone: string | null;
  language: string | null; // de | en
  postal_code: string | null;
  birth_year: number | null;
  interests: string; // JSON: genre codes from catalogue/genres.ts the person declared
  source: string; // form | box_office | import | assistant | staff
  created_at: string;
  updated_at: string;
}

/** Which units a contact belongs to: interacted with the unit, or imported for it. Unit staff see only these. */
export interface ContactUnitTable {
  house_id: string;
  contact_id: string;
  unit_id: string;
  since: string;
}

export interface InteractionTable {
  id: string;
  house_id: string;
  /** Null once the contact is erased and the row is kept for the law (a booking, pseudonymised). */
  contact_id: string | null;
  /** Set when contact_id was cleared: a stable pseudonym, the same for all rows of one erased person. */
  pseudonym: string | null;
  kind: string; // InteractionKind (model.ts)
  occurred_at: string;
  source: string; // the capability that wrote it: ticketing, campaigns, assistant, web, survey, import, staff
  /** Idempotency: a capability's own id for the fact (order line, message id); unique per house and source. */
  ref: string | null;
  unit_id: string | null;
  production_id: string | null;
  performance_id: string | null;
  details: string | null; // JSON, behavioural detail (link clicked, page, answer); dropped first
  created_at: string;
}

export interface ConsentTable {
  id: string;
  house_id: string;
  contact_id: string;
  purpose: string; // Purpose (model.ts)
  status: string; // ConsentStatus: pending | granted | revoked | expired
  legal_basis: string; // consent | contract | legitimate_interest
  source: string; // form | box_office | import | assistant | staff | preference_centre
  text_version: string; // the wording the person saw
  requested_at: string;
  granted_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  /** JSON ConsentProof: double opt-in confirmation, hashed IP, user agent, import file, staff member. */
  proof: string;
  /** sha256 of the double opt-in token while pending. */
  confirmation_token_hash: string | null;
  /** When the current double opt-in token stopped working: used, or voided by a revocation or direct grant (migration g). */
  token_spent_at: string | null;
  /** When the retention job has dealt with this consent's end; null while it is valid or not yet handled. */
  retention_done_at: string | null;
  updated_at: string;
}

/** Per house and purpose: how long a consent lasts and the text people agree to. */
export interface ConsentPolicyTable {
  house_id: string;
  purpose: string;
  expiry_months: number;
  text_version: string;
  text_de: string;
  text_en: string | null;
  updated_at: string;
}

/** Append-only: rows are inserted, never updated (a trigger refuses it) nor deleted except with their house. */
export interface AuditEntryTable {
  id: string;
  house_id: string;
  at: string;
  actor: string; // staff:<id> | api_key:<id> | contact:<id> (preference centre) | system:<job>
  action: string; // AuditAction (model.ts)
  /** No foreign key: the entry outlives an erased contact. */
  contact_id: string | null;
  reason: string | null;
  details: string; // JSON, never personal data beyond ids
}

export interface SegmentTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  name: string;
  description: string | null;
  kind: string; // rules | static
  rules: string | null; // JSON SegmentRule (segments/model.ts) for kind rules
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** The members of a static list. */
export interface SegmentMemberTable {
  house_id: string;
  segment_id: string;
  contact_id: string;
  added_at: string;
}

export interface PrivacyRequestTable {
  id: string;
  house_id: string;
  /** Null once the person is erased. */
  contact_id: string | null;
  kind: string; // access | erasure
  status: string; // done | failed
  via: string; // preference_centre | staff
  actor: string;
  reason: string | null;
  requested_at: string;
  completed_at: string | null;
  /** Erasure: the pseudonym the person's kept bookings carry (migration i); contact_id is null by then. */
  pseudonym: string | null;
}

export interface ContactImportRunTable {
  id: string;
  house_id: string;
  unit_id: string | null;
  source: string; // file name
  dry_run: number;
  status: string; // ok | failed
  report: string; // JSON ContactImportReport, or { error }
  actor: string | null;
  started_at: string;
  finished_at: string;
}

/** Per house: the key that signs preference-centre links. Made on first use; rotating it voids every link. */
export interface AudienceKeyTable {
  house_id: string;
  link_key: string; // base64url, 32 random bytes
  created_at: string;
}

export interface AudienceTables {
  contact: ContactTable;
  contact_unit: ContactUnitTable;
  interaction: InteractionTable;
  consent: ConsentTable;
  consent_policy: ConsentPolicyTable;
  audit_entry: AuditEntryTable;
  segment: SegmentTable;
  segment_member: SegmentMemberTable;
  privacy_request: PrivacyRequestTable;
  contact_import_run: ContactImportRunTable;
  audience_key: AudienceKeyTable;
}
