import type { Scope } from '../../core/auth/model.ts';
import { chunks } from '../../core/db/batch.ts';
import type { Database } from '../../core/db/database.ts';
import { notFound } from '../../core/errors.ts';
import type { ConsentService } from '../consents/service.ts';
import { type DataItem, dataItems, type InteractionKind, interactionKinds, justifiedBy, type Purpose } from '../model.ts';
import type { Contact } from './schemas.ts';
import { contactFromRow } from './service.ts';
import * as store from './store.ts';

/*
 * Reading personal data for a purpose. The consent check lives here, in the service
 * layer, so that no caller (a recommender, a campaign, a report) can read what the
 * person has not allowed, whatever its UI shows.
 */

/** The items a purpose justifies (model.justifiedBy read the other way round). */
export function itemsJustifiedBy(purpose: Purpose): DataItem[] {
  return dataItems.filter((item) => justifiedBy[item].includes(purpose));
}

/** The interaction kinds a set of valid purposes lets a reader see. */
export function readableKinds(valid: ReadonlySet<Purpose>): InteractionKind[] {
  return interactionKinds.filter((kind) => justifiedBy[`interaction:${kind}`].some((purpose) => valid.has(purpose)));
}

type ContactField = 'email' | 'name' | 'phone' | 'language' | 'postalCode' | 'birthYear' | 'interests';

const fieldOfItem: Partial<Record<DataItem, ContactField>> = {
  email: 'email',
  name: 'name',
  phone: 'phone',
  language: 'language',
  postal_code: 'postalCode',
  birth_year: 'birthYear',
  interests: 'interests',
};

export interface PurposeReading {
  contactId: string;
  purpose: Purpose;
  items: DataItem[];
  /** Only the contact fields the purpose justifies; the others are absent, not null. */
  fields: Partial<Pick<Contact, ContactField>>;
  interactionKinds: InteractionKind[];
  interactionDetails: boolean;
}

export function createPurposeReader({ database, consents }: { database: Database; consents: Pick<ConsentService, 'require' | 'validAmong'> }) {
  const { db } = database;

  /**
   * What may be read about a contact for `purpose`: throws no_consent unless the
   * consent for it is valid now, and not_found when the scope may not see the contact.
   */
  async function readForPurpose(scope: Scope, contactId: string, purpose: Purpose): Promise<PurposeReading> {
    const row = await store.findContact(db, scope, contactId);
    if (row === undefined) throw notFound('contact', contactId);
    await consents.require(scope.houseId, contactId, purpose);
    return readingOf(row, purpose);
  }

  /**
   * readForPurpose for many contacts in two queries: the readings of those the scope sees
   * and whose consent for `purpose` is valid now; the others are simply absent.
   */
  async function readManyForPurpose(scope: Scope, contactIds: readonly string[], purpose: Purpose): Promise<Map<string, PurposeReading>> {
    const readings = new Map<string, PurposeReading>();
    const allowed = await consents.validAmong(scope.houseId, contactIds, purpose);
    const wanted = contactIds.filter((id) => allowed.has(id));
    for (const chunk of chunks(wanted, 1000)) {
      for (const row of await store.findContacts(db, scope, chunk)) readings.set(row.id, readingOf(row, purpose));
    }
    return readings;
  }

  function readingOf(row: store.ContactRow, purpose: Purpose): PurposeReading {
    const contactId = row.id;
    const contact = contactFromRow(row, []);
    const items = itemsJustifiedBy(purpose);
    const fields: PurposeReading['fields'] = {};
    for (const item of items) {
      const field = fieldOfItem[item];
      if (field !== undefined) Object.assign(fields, { [field]: contact[field] });
    }
    return {
      contactId,
      purpose,
      items,
      fields,
      interactionKinds: readableKinds(new Set([purpose])),
      interactionDetails: items.includes('interaction_details'),
    };
  }

  return { readForPurpose, readManyForPurpose };
}

export type PurposeReader = ReturnType<typeof createPurposeReader>;
