import dayjs from 'dayjs';

/* Calendar arithmetic on plain dates ('YYYY-MM-DD'): no zones here, the page groups instants by house-zone date. */

const FORMAT = 'YYYY-MM-DD';

export type CalendarView = 'month' | 'week';

export function isDate(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value, FORMAT, true).isValid();
}

export function addDays(day: string, days: number): string {
  return dayjs(day).add(days, 'day').format(FORMAT);
}

export function mondayOf(day: string): string {
  return dayjs(day).startOf('isoWeek').format(FORMAT);
}

/** The weeks shown for the month of `day`: Monday before the 1st to the Sunday after the last. */
export function monthGrid(day: string): { first: string; last: string; days: string[] } {
  const start = dayjs(day).startOf('month');
  const first = start.startOf('isoWeek');
  const last = start.endOf('month').endOf('isoWeek');
  const days: string[] = [];
  for (let cursor = first; !cursor.isAfter(last, 'day'); cursor = cursor.add(1, 'day')) days.push(cursor.format(FORMAT));
  return { first: first.format(FORMAT), last: last.format(FORMAT), days };
}

export function weekDays(day: string): string[] {
  const monday = mondayOf(day);
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

export function shift(day: string, view: CalendarView, direction: 1 | -1): string {
  return view === 'month'
    ? dayjs(day).startOf('month').add(direction, 'month').format(FORMAT)
    : dayjs(day).add(direction * 7, 'day').format(FORMAT);
}

export function sameMonth(a: string, b: string): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

export function isoWeekNumber(day: string): number {
  return dayjs(day).isoWeek();
}
