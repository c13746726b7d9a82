import type { Performance, PerformanceStatus } from '../../api/types.ts';

/* What the performance form sends that is derived rather than typed in. */

/**
 * The rescheduledFrom to send with a saved performance: null unless it is rescheduled.
 * When it becomes rescheduled and its start moves, the start it had so far; one that was
 * already moved keeps the first start it was moved from, which is the date on the tickets
 * people hold. undefined: leave the stored value as it is.
 */
export function rescheduledFromFor(
  before: Pick<Performance, 'startsAt' | 'status' | 'rescheduledFrom'> | null,
  next: { startsAt: string | null; status: PerformanceStatus },
): string | null | undefined {
  if (next.status !== 'rescheduled') return null;
  if (before === null || next.startsAt === null) return undefined;
  if (before.status === 'rescheduled' && before.rescheduledFrom !== null) return undefined;
  const moved = Date.parse(next.startsAt) !== Date.parse(before.startsAt);
  return moved ? before.startsAt : undefined;
}
