import { isoDate, utcToWall } from '../../catalogue/import/local-time.ts';
import type { AuditEntryInput } from '../audit/store.ts';
import { type ConsentProof, type DataItem, isConsentValid, justifiedBy, type LegalBasis, type Purpose } from '../model.ts';
import { type Booking, decideConsent, type ExistingConsent, type Grant, purposeLabels, rowBasis } from './basis.ts';
import type { ContactImportReport, ContactRow, ImportSource, ParsedContactFile, Skip, Warning } from './model.ts';
import { RowNotes } from './notes.ts';

/*
 * The rules of a contact import, pure: which rows have a lawful basis, which consents
 * are granted or renewed, which fields of existing contacts are filled, and what each
 * of those is reported and audited as. The service runs it once against what the house
 * holds; a dry run returns its report, a real run writes its lists.
 *
 * The rules, and why:
 * - A row is kept only for a purpose: a consent column that says yes (legal basis
 *   consent) or an order (contract, purpose ticketing). A row with neither is skipped:
 *   Foyer holds personal data only for a purpose.
 * - A consent counts from the date the file gives (a date column or a date in the cell),
 *   else from the import; one whose expiry has already passed is not imported.
 * - An import never takes a consent away: "no" in an old export is no revocation. It
 *   never gives back a consent the person revoked in Foyer either, and renews one only
 *   with a date later than the one Foyer has: re-importing an old file changes nothing.
 * - Existing contacts: empty fields are filled, nothing the person or staff set is
 *   overwritten. Fields that none of the contact's purposes justifies are left out.
 */

export interface ExistingContact {
  id: string;
  name: string | null;
  phone: string | null;
  language: string | null;
  postalCode: string | null;
  birthYear: number | null;
  interests: string[];
  /** Already linked to the unit the import is for. */
  inUnit: boolean;
  consents: Partial<Record<Purpose, ExistingConsent>>;
}

export interface ExistingState {
  /** By normalised e-mail address: only the addresses the file names. */
  contacts: Map<string, ExistingContact>;
  /** Imported bookings by ref, with their contact (null once erased): only the refs the file names. */
  bookings: Map<string, string | null>;
}

export interface PlanOptions {
  houseId: string;
  runId: string;
  /** Who runs the import, for the audit log: staff:<id>, api_key:<id>, system:cli. */
  actor: string;
  now: Date;
  /** The house's zone, for the dates in messages. */
  timeZone: string;
  unitId: string | null;
  source: ImportSource;
  dryRun: boolean;
  expiryMonths: Record<Purpose, number>;
  newId: () => string;
}

export interface ContactInsert {
  id: string;
  email: string;
  emailNormalised: string;
  name: string | null;
  phone: string | null;
  language: string | null;
  postalCode: string | null;
  birthYear: number | null;
  interests: string[];
  source: ImportSource;
}

/** Fields to fill on an existing contact; null: leave as it is. */
export interface ContactFill {
  id: string;
  name: string | null;
  phone: string | null;
  language: string | null;
  postalCode: string | null;
  birthYear: number | null;
  interests: string[] | null;
}

export interface ConsentWrite {
  id: string;
  contactId: string;
  purpose: Purpose;
  legalBasis: LegalBasis;
  source: ImportSource;
  grantedAt: string;
  expiresAt: string;
  proof: ConsentProof;
}

export interface BookingInsert {
  id: string;
  contactId: string;
  ref: string;
  occurredAt: string;
  unitId: string | null;
}

export interface ContactImportPlan {
  contactInserts: ContactInsert[];
  contactFills: ContactFill[];
  /** New consents and renewals alike: one row per (contact, purpose). */
  consentWrites: ConsentWrite[];
  bookingInserts: BookingInsert[];
  unitLinks: { contactId: string; unitId: string }[];
  audit: AuditEntryInput[];
  report: ContactImportReport;
}

/** The import's own source for booking interactions: refs are unique per house and source. */
export const BOOKING_SOURCE = 'import';

interface AcceptedRow {
  row: ContactRow;
  grants: Grant[];
  booking?: Booking;
}

interface Group {
  accepted: AcceptedRow[];
  noAnswers: { purpose: Purpose; column: string; line: number }[];
}

const itemLabels: Partial<Record<DataItem, string>> = {
  name: 'name',
  phone: 'phone number',
  language: 'language',
  postal_code: 'postcode',
  birth_year: 'year of birth',
  interests: 'interests',
  'interaction:booking': 'booking',
};


function lineOf(where: string): number {
  return Number(/\d+/.exec(where)?.[0] ?? 0);
}

export function planContactImport(parsed: ParsedContactFile, existing: ExistingState, options: PlanOptions): ContactImportPlan {
  const nowIso = options.now.toISOString();
  const day = (iso: string) => isoDate(utcToWall(Date.parse(iso), options.timeZone));
  const notes = new RowNotes();
  const skipped: Skip[] = [...parsed.skipped];
  const warnings: Warning[] = [...parsed.warnings];
  const groups = new Map<string, Group>();
  let ticketingOnly = 0;

  const context = { now: options.now, expiryMonths: options.expiryMonths, day, notes };

  // ---------- each row: is there a lawful basis? ----------
  for (const row of parsed.rows) {
    let group = groups.get(row.emailNormalised);
    if (group === undefined) {
      group = { accepted: [], noAnswers: [] };
      groups.set(row.emailNormalised, group);
    }
    for (const answer of row.consents) {
      if (answer.answer === 'no') group.noAnswers.push({ purpose: answer.purpose, column: answer.column, line: row.line });
    }
    const basis = rowBasis(row, context);
    if ('skip' in basis) skipped.push({ where: `row ${row.line}`, reason: basis.skip });
    else group.accepted.push({ row, ...basis });
  }

  // ---------- each person: what changes ----------
  const plan: Omit<ContactImportPlan, 'report'> = { contactInserts: [], contactFills: [], consentWrites: [], bookingInserts: [], unitLinks: [], audit: [] };
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const consentCounts = { granted: 0, renewed: 0, unchanged: 0 };
  const bookingCounts = { created: 0, unchanged: 0 };
  const refsInFile = new Map<string, string>();

  for (const [emailNormalised, group] of groups) {
    const previous = existing.contacts.get(emailNormalised);
    const validBefore = new Set<Purpose>();
    for (const [purpose, consent] of Object.entries(previous?.consents ?? {}) as [Purpose, ExistingConsent][]) {
      if (isConsentValid(consent, options.now)) validBefore.add(purpose);
    }
    warnNoIsNoRevocation(group, validBefore, notes);
    if (group.accepted.length === 0) continue;

    const best = new Map<Purpose, Grant>();
    for (const grant of group.accepted.flatMap((accepted) => accepted.grants)) {
      const current = best.get(grant.purpose);
      if (current === undefined || (grant.dated && (!current.dated || grant.grantedAt > current.grantedAt))) best.set(grant.purpose, grant);
    }
    const writes: { grant: Grant; renewed: boolean }[] = [];
    const refusals: string[] = [];
    for (const grant of best.values()) {
      const decision = decideConsent(previous?.consents[grant.purpose], grant, options.now, day);
      if (decision === 'new' || decision === 'renew') writes.push({ grant, renewed: decision === 'renew' });
      else if (decision === 'unchanged') consentCounts.unchanged += 1;
      else {
        refusals.push(decision.refused);
        notes.add(`refused:${grant.purpose}:${decision.key}`, grant.line, decision.refused);
      }
    }
    const purposes = new Set<Purpose>([...validBefore, ...writes.map((w) => w.grant.purpose)]);
    if (purposes.size === 0) {
      for (const { row } of group.accepted) skipped.push({ where: `row ${row.line}`, reason: `no lawful basis: ${refusals.join('; ')}` });
      continue;
    }
    // Said per person, not per row: another row, or Foyer itself, may hold a marketing consent.
    if ([...purposes].every((purpose) => purpose === 'ticketing')) {
      for (const { row } of group.accepted) {
        ticketingOnly += 1;
        if (parsed.hasConsentColumns) notes.add('ticketing-only', row.line, 'no marketing consent; imported for ticketing only');
      }
    }
    const justified = (item: DataItem) => justifiedBy[item].some((purpose) => purposes.has(purpose));
    const lines = group.accepted.map(({ row }) => row.line);
    const first = lines[0] ?? 0;
    const merged = mergeRows(group.accepted.map((accepted) => accepted.row));
    const keep = <T>(item: DataItem, value: T | undefined, empty: boolean): T | null => {
      if (value === undefined || !empty) return null;
      if (justified(item)) return value;
      const needs = justifiedBy[item].map((purpose) => purposeLabels[purpose]);
      notes.add(`unjustified:${item}`, first, `${itemLabels[item] ?? item} left out: none of the person's purposes needs it (${needs.join(' or ')} would)`);
      return null;
    };
    const fields = {
      name: keep('name', merged.name, previous?.name == null),
      phone: keep('phone', merged.phone, previous?.phone == null),
      language: keep('language', merged.language, previous?.language == null),
      postalCode: keep('postal_code', merged.postalCode, previous?.postalCode == null),
      birthYear: keep('birth_year', merged.birthYear, previous?.birthYear == null),
      interests: keep('interests', merged.interests.length === 0 ? undefined : merged.interests, (previous?.interests.length ?? 0) === 0),
    };
    const filled = Object.entries(fields)
      .filter(([, value]) => value !== null)
      .map(([key]) => key);

    const contactId = previous?.id ?? options.newId();
    if (previous === undefined) {
      plan.contactInserts.push({
        id: contactId,
        email: merged.email,
        emailNormalised,
        name: fields.name,
        phone: fields.phone,
        language: fields.language,
        postalCode: fields.postalCode,
        birthYear: fields.birthYear,
        interests: fields.interests ?? [],
        source: options.source,
      });
    } else if (filled.length > 0) {
      plan.contactFills.push({ id: contactId, ...fields });
    }

    for (const { grant, renewed } of writes) {
      plan.consentWrites.push({
        id: options.newId(),
        contactId,
        purpose: grant.purpose,
        legalBasis: grant.legalBasis,
        source: options.source,
        grantedAt: grant.grantedAt,
        expiresAt: grant.expiresAt,
        proof: { importRunId: options.runId, importRow: grant.line, note: grant.note },
      });
      if (renewed) consentCounts.renewed += 1;
      else consentCounts.granted += 1;
      plan.audit.push({
        houseId: options.houseId,
        at: nowIso,
        actor: options.actor,
        action: 'consent.granted',
        contactId,
        reason: 'contact import',
        details: {
          purpose: grant.purpose,
          legalBasis: grant.legalBasis,
          source: options.source,
          importRunId: options.runId,
          row: grant.line,
          grantedAt: grant.grantedAt,
          expiresAt: grant.expiresAt,
          renewed,
        },
      });
    }

    const linked = options.unitId !== null && previous?.inUnit !== true;
    if (linked && options.unitId !== null) plan.unitLinks.push({ contactId, unitId: options.unitId });

    let bookingsAdded = 0;
    const seenRefs = new Set<string>();
    for (const { booking } of group.accepted) {
      if (booking === undefined || seenRefs.has(booking.ref)) continue;
      seenRefs.add(booking.ref);
      if (!justified('interaction:booking')) {
        notes.add('unjustified:booking', booking.line, 'booking left out: the order is past the ticketing period and no consent of the person needs it');
        continue;
      }
      const owner = existing.bookings.get(booking.ref) ?? refsInFile.get(booking.ref);
      const known = existing.bookings.has(booking.ref) || refsInFile.has(booking.ref);
      if (known && owner !== contactId) {
        notes.add('order-of-another', booking.line, 'the order is already imported for another contact: left as it is');
        continue;
      }
      if (known) {
        bookingCounts.unchanged += 1;
        continue;
      }
      refsInFile.set(booking.ref, contactId);
      plan.bookingInserts.push({ id: options.newId(), contactId, ref: booking.ref, occurredAt: booking.at, unitId: options.unitId });
      bookingCounts.created += 1;
      bookingsAdded += 1;
    }

    const created = previous === undefined;
    const changed = created || filled.length > 0 || writes.length > 0 || linked || bookingsAdded > 0;
    if (created) counts.created += 1;
    else if (changed) counts.updated += 1;
    else counts.unchanged += 1;
    if (changed) {
      plan.audit.push({
        houseId: options.houseId,
        at: nowIso,
        actor: options.actor,
        action: 'contact.imported',
        contactId,
        reason: 'contact import',
        details: {
          importRunId: options.runId,
          created,
          rows: lines.slice(0, 20),
          fields: created ? Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== null) : filled,
          consents: writes.map((w) => w.grant.purpose),
          bookings: bookingsAdded,
          unitId: linked ? options.unitId : null,
        },
      });
    }
  }

  if (!parsed.hasConsentColumns && ticketingOnly > 0) {
    warnings.push({
      message: `the file has no consent column (such as Newsletter or Einwilligung): ${ticketingOnly} row(s) with an order were imported for ticketing only, without marketing consent`,
    });
  }
  skipped.sort((a, b) => lineOf(a.where) - lineOf(b.where));
  return {
    ...plan,
    report: {
      ...counts,
      skipped,
      warnings: [...warnings, ...notes.warnings()],
      details: {
        dryRun: options.dryRun,
        rows: parsed.rowCount,
        consents: consentCounts,
        bookings: bookingCounts,
        unitMemberships: plan.unitLinks.length,
        ticketingOnly,
      },
    },
  };
}

function warnNoIsNoRevocation(group: Group, validBefore: ReadonlySet<Purpose>, notes: RowNotes): void {
  const saidYes = new Set(group.accepted.flatMap(({ grants }) => grants.map((grant) => grant.purpose)));
  for (const { purpose, column, line } of group.noAnswers) {
    if (!validBefore.has(purpose) || saidYes.has(purpose)) continue;
    notes.add(
      `no-kept:${column}`,
      line,
      `column "${column}" says no, but the person has a valid ${purposeLabels[purpose]} consent in Foyer: kept (an export is no revocation; revoke it on the contact page or in the preference centre)`,
    );
  }
}

/** The values of all rows of one person: for each field the first row that has one. */
function mergeRows(rows: readonly ContactRow[]) {
  const first = rows[0] as ContactRow;
  const pick = <K extends 'name' | 'phone' | 'language' | 'postalCode' | 'birthYear'>(key: K): ContactRow[K] => rows.find((row) => row[key] !== undefined)?.[key];
  return {
    email: first.email,
    name: pick('name'),
    phone: pick('phone'),
    language: pick('language'),
    postalCode: pick('postalCode'),
    birthYear: pick('birthYear'),
    interests: rows.find((row) => row.interests.length > 0)?.interests ?? [],
  };
}
