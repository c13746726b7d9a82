import { z } from 'zod';
import { titleDto } from '../../catalogue/schemas.ts';
import { checkInResults } from '../model.ts';

/*
 * The door's offline side: the codes a box-office tablet keeps for one performance, and
 * the scans it made without network, sent when it is back. The single online scan is
 * checkInInput / checkInDto in ../schemas.ts.
 */

/** Offline scans one request may carry: a full house of a large hall, with room to spare. */
export const MAX_SYNC_SCANS = 5000;

export const checkInCodeDto = z.object({
  code: z.string(),
  state: z.enum(['valid', 'cancelled']),
  checkedInAt: z.string().nullable(),
  category: titleDto,
  /** The reduced tariff's code (e.g. 'ermaessigt'); null: full price. */
  tariff: z.string().nullable(),
  orderNumber: z.string(),
  buyerName: z.string(),
  /** True when the order is still to be paid at the box office. */
  paymentDue: z.boolean(),
});
export type CheckInCode = z.output<typeof checkInCodeDto>;

export const checkInCodesDto = z
  .object({
    performanceId: z.string(),
    /** When this list was read: scans after it are not in it. */
    syncedAt: z.string(),
    /** Every ticket of the performance, cancelled ones too, so the tablet can tell cancelled from unknown. */
    tickets: z.array(checkInCodeDto),
  })
  .meta({ id: 'CheckInCodes' });
export type CheckInCodes = z.output<typeof checkInCodesDto>;

export const offlineScanInput = z
  .object({
    code: z.string().trim().min(1).max(100),
    /** When the tablet scanned it; the first scan of a code becomes its check-in time. */
    scannedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const checkInSyncInput = z
  .object({
    /** The tablet's name: a scan sent again by the same device is recognised and not counted twice. */
    device: z.string().trim().min(1).max(100),
    scans: z.array(offlineScanInput).max(MAX_SYNC_SCANS),
  })
  .strict();
export type CheckInSyncInput = z.input<typeof checkInSyncInput>;

export const checkInSyncDto = z
  .object({
    /** One per scan sent, in the order they were sent. */
    results: z.array(z.object({ code: z.string(), result: z.enum(checkInResults), checkedInAt: z.string().nullable() })),
  })
  .meta({ id: 'CheckInSync' });
export type CheckInSync = z.output<typeof checkInSyncDto>;
