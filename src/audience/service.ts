import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import type { Events } from '../core/jobs/events.ts';
import { createAuditService } from './audit/service.ts';
import { createConsentService } from './consents/service.ts';
import { createStaffConsents } from './consents/staff.ts';
import { createContactMerge } from './contacts/merge.ts';
import { createPurposeReader } from './contacts/purpose.ts';
import { createContactService } from './contacts/service.ts';
import { createInteractionService } from './interactions/service.ts';

/**
 * The audience's core, composed: contacts, consents, interactions and the audit log.
 * Other capabilities use these functions and the audience's events, never its tables.
 *
 * - contacts.findOrCreate / consents.request|confirm|grant|revoke|require /
 *   interactions.record act for a house (sign-up, bookings, import, preference centre);
 * - the functions taking a Scope serve staff and see only what the scope may see.
 */
export function createAudienceService(deps: { database: Database; clock: Clock; events?: Events | undefined }) {
  const consents = createConsentService(deps);
  const reader = createPurposeReader({ database: deps.database, consents });
  const contacts = {
    ...createContactService(deps),
    ...createContactMerge(deps),
    readForPurpose: reader.readForPurpose,
    readManyForPurpose: reader.readManyForPurpose,
  };
  const interactions = createInteractionService({ ...deps, consents, reader });
  const staffConsents = createStaffConsents({ database: deps.database, clock: deps.clock, consents });
  const audit = createAuditService(deps);
  return { contacts, consents, staffConsents, interactions, audit };
}

export type AudienceService = ReturnType<typeof createAudienceService>;
