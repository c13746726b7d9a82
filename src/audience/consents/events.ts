import { z } from 'zod';
import { defineEvent } from '../../core/jobs/events.ts';

/*
 * What the audience tells other capabilities. A consent that ends matters to campaigns
 * (stop sending) and recommendations (drop the profile) at once, not at the next
 * retention run; a new interaction lets recommendations and analytics update.
 */

export const consentGranted = defineEvent(
  'consent.granted',
  z.object({ houseId: z.string(), contactId: z.string(), purpose: z.string(), expiresAt: z.string() }),
);

export const consentRevoked = defineEvent('consent.revoked', z.object({ houseId: z.string(), contactId: z.string(), purpose: z.string() }));

export const interactionRecorded = defineEvent(
  'audience.interaction_recorded',
  z.object({ houseId: z.string(), contactId: z.string(), interactionId: z.string(), kind: z.string(), occurredAt: z.string() }),
);
