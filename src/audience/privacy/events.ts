import { z } from 'zod';
import { defineEvent } from '../../core/jobs/events.ts';

/*
 * What the privacy side tells other capabilities. An erased person's orders live in
 * ticketing, which pseudonymises them with the same pseudonym the kept bookings carry.
 */

export const contactErased = defineEvent('audience.contact_erased', z.object({ houseId: z.string(), contactId: z.string(), pseudonym: z.string() }));
