import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../i18n/index.ts';
import { useSession } from './session.tsx';

/*
 * Dates are shown, entered and grouped in the house's time zone, whatever the zone of
 * the browser: a performance at 19:30 in Berlin is 19:30 for a colleague in Lisbon too.
 */

/** The wall-clock format Mantine's date-time pickers exchange. */
export const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

export function useHouseZone(): string {
  return useSession().session.house.timeZone;
}

export function useTimeFormat() {
  const zone = useHouseZone();
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return useMemo(() => {
    const make = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: zone, ...options });
    const date = make({ weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' });
    const dateLong = make({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    const time = make({ hour: '2-digit', minute: '2-digit' });
    const dateTime = make({ day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    const plainDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
    const monthTitle = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' });
    const weekdayShort = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' });
    const dayMonth = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
    const utcOf = (day: string) => new Date(`${day}T12:00:00Z`);
    return {
      zone,
      locale,
      /** 'Sa., 14.03.2026' */
      date: (iso: string) => date.format(new Date(iso)),
      dateLong: (iso: string) => dateLong.format(new Date(iso)),
      time: (iso: string) => time.format(new Date(iso)),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      /** A calendar date 'YYYY-MM-DD' as is, without any zone shift. */
      day: (day: string) => plainDate.format(utcOf(day)),
      dayMonth: (day: string) => dayMonth.format(utcOf(day)),
      monthTitle: (day: string) => monthTitle.format(utcOf(day)),
      weekdayShort: (day: string) => weekdayShort.format(utcOf(day)),
      /** The house-zone calendar date of an instant. */
      dayOf: (iso: string) => dayjs(iso).tz(zone).format('YYYY-MM-DD'),
      today: () => dayjs().tz(zone).format('YYYY-MM-DD'),
      /** The instant a house day begins; with `dayEnd`, a range of days as the API's instants. */
      dayStart: (day: string) => dayjs.tz(day, zone).startOf('day').toISOString(),
      /** The instant after a house day: the start of the next one. */
      dayEnd: (day: string) => dayjs.tz(day, zone).add(1, 'day').startOf('day').toISOString(),
      /** An instant as the wall-clock value of a date-time picker in the house zone. */
      toPicker: (iso: string | null) => (iso === null ? null : dayjs(iso).tz(zone).format(PICKER_FORMAT)),
      /** A picker's wall-clock value read in the house zone, as an ISO instant. */
      fromPicker: (value: string | null) => (value === null || value === '' ? null : dayjs.tz(value, PICKER_FORMAT, zone).toISOString()),
    };
  }, [zone, locale]);
}

export type TimeFormat = ReturnType<typeof useTimeFormat>;
