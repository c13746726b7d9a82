import { describe, expect, it } from 'vitest';
import { rescheduledFromFor } from '../../web/src/pages/programme/performanceModel.ts';

/* What the performance form sends as rescheduledFrom (web/src/pages/programme/PerformanceForm.tsx). */

const scheduled = { startsAt: '2027-02-01T18:30:00.000Z', status: 'scheduled' as const, rescheduledFrom: null };

describe('the start a performance was moved from', () => {
  it('is the previous start when the performance becomes rescheduled on another date', () => {
    expect(rescheduledFromFor(scheduled, { startsAt: '2027-02-08T18:30:00.000Z', status: 'rescheduled' })).toBe('2027-02-01T18:30:00.000Z');
  });

  it('is left alone when it becomes rescheduled but keeps its start, or is new', () => {
    expect(rescheduledFromFor(scheduled, { startsAt: '2027-02-01T18:30:00.000Z', status: 'rescheduled' })).toBeUndefined();
    expect(rescheduledFromFor(null, { startsAt: '2027-02-08T18:30:00.000Z', status: 'rescheduled' })).toBeUndefined();
  });

  it('keeps the first start of a performance moved a second time', () => {
    const moved = { startsAt: '2027-02-08T18:30:00.000Z', status: 'rescheduled' as const, rescheduledFrom: '2027-02-01T18:30:00.000Z' };
    expect(rescheduledFromFor(moved, { startsAt: '2027-02-15T18:30:00.000Z', status: 'rescheduled' })).toBeUndefined();
  });

  it('is null for every other status', () => {
    const moved = { startsAt: '2027-02-08T18:30:00.000Z', status: 'rescheduled' as const, rescheduledFrom: '2027-02-01T18:30:00.000Z' };
    for (const status of ['scheduled', 'cancelled', 'sold_out'] as const) {
      expect(rescheduledFromFor(moved, { startsAt: '2027-02-08T18:30:00.000Z', status })).toBeNull();
      expect(rescheduledFromFor(null, { startsAt: '2027-02-08T18:30:00.000Z', status })).toBeNull();
    }
  });
});
