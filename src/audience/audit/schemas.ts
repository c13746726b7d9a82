import { z } from 'zod';
import { auditActions } from '../model.ts';

/* The audit log as the API shows it. */

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const auditQuery = z.object({
  contactId: z.uuid().optional(),
  action: z.enum(auditActions).optional(),
  from: instant.optional().describe('entries at or after this instant'),
  to: instant.optional().describe('entries before this instant'),
});
export type AuditQuery = z.input<typeof auditQuery>;

export const auditExportQuery = auditQuery.extend({ format: z.enum(['csv', 'json']).default('csv') });

export const auditEntryDto = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    contactId: z.string().nullable(),
    reason: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.output<typeof auditEntryDto>;
