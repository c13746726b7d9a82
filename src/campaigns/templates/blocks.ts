import { DateTime } from 'luxon';
import { escapeHtml, type RenderedBlock, type TemplateLanguage } from './model.ts';

/*
 * The programme blocks as mail HTML and text, pure: data from the catalogue in, a
 * RenderedBlock out. Every text from the catalogue is escaped here, because the
 * {% content %} tag places the HTML as it is. Plain tags with inline styles: the blocks
 * sit inside an mj-text, where mail clients accept little more.
 */

export interface BlockStyle {
  language: TemplateLanguage;
  timeZone: string;
  primaryColour: string;
  accentColour: string;
}

const locales: Record<TemplateLanguage, string> = { de: 'de-DE', en: 'en-GB' };

// A newsletter formats the same few programme dates for every recipient's recommendations;
// Luxon's localised formatting was the largest cost per mail in bench/campaign-render.ts.
const formattedDates = new Map<string, string>();

/** "Samstag, 3. Oktober 2026, 19:30 Uhr" / "Saturday 3 October 2026, 7:30 pm", in the house's zone. */
export function formatDate(instant: string, style: Pick<BlockStyle, 'language' | 'timeZone'>): string {
  const key = `${style.language} ${style.timeZone} ${instant}`;
  const known = formattedDates.get(key);
  if (known !== undefined) return known;
  const at = DateTime.fromISO(instant, { zone: 'utc' }).setZone(style.timeZone).setLocale(locales[style.language]);
  const text = style.language === 'de' ? at.toFormat("cccc, d. LLLL yyyy, HH:mm 'Uhr'") : at.toFormat('cccc d LLLL yyyy, h:mm a');
  if (formattedDates.size >= 10_000) formattedDates.clear();
  formattedDates.set(key, text);
  return text;
}

export function formatTime(instant: string, style: Pick<BlockStyle, 'language' | 'timeZone'>): string {
  const at = DateTime.fromISO(instant, { zone: 'utc' }).setZone(style.timeZone);
  return style.language === 'de' ? at.toFormat("HH:mm 'Uhr'") : at.toFormat('h:mm a').toLowerCase();
}

export function formatPrice(amountMinor: number, currency: string, language: TemplateLanguage): string {
  return new Intl.NumberFormat(locales[language], { style: 'currency', currency }).format(amountMinor / 100);
}

const words = {
  de: {
    priceFrom: (price: string) => `Karten ab ${price}`,
    book: 'Karten buchen',
    more: (n: number) => `und ${n} weitere Termine`,
    noneThisWeek: 'In den nächsten sieben Tagen stehen keine Vorstellungen auf dem Spielplan.',
    noneLastTickets: 'Für die nächsten zwei Wochen gibt es noch für alle Vorstellungen gute Plätze.',
    seatsLeft: (n: number) => (n === 1 ? 'nur noch 1 Platz' : `nur noch ${n} Plätze`),
    hall: 'Spielstätte',
    doors: (time: string) => `Einlass ab ${time}, etwa 30 Minuten vor Beginn.`,
    cloakroom: 'Garderobe: Mäntel und große Taschen geben Sie bitte an der Garderobe im Foyer ab.',
    travel: 'Anreise',
    noRecommendations: 'Gerade haben wir keine passenden Termine – schauen Sie bald wieder in den Spielplan.',
  },
  en: {
    priceFrom: (price: string) => `Tickets from ${price}`,
    book: 'Book tickets',
    more: (n: number) => `and ${n} more dates`,
    noneThisWeek: 'There are no performances on the programme in the next seven days.',
    noneLastTickets: 'All performances of the next two weeks still have good seats.',
    seatsLeft: (n: number) => (n === 1 ? 'only 1 seat left' : `only ${n} seats left`),
    hall: 'Venue',
    doors: (time: string) => `Doors open at ${time}, about 30 minutes before the start.`,
    cloakroom: 'Cloakroom: please leave coats and large bags at the cloakroom in the foyer.',
    travel: 'Getting here',
    noRecommendations: 'We have no matching dates right now – have a look at the programme again soon.',
  },
} as const;

function paragraph(html: string, extra = ''): string {
  return `<p style="margin:0 0 12px 0;${extra}">${html}</p>`;
}

function buttonLink(url: string, label: string, colour: string): string {
  return `<a href="${escapeHtml(url)}" style="display:inline-block;background:${colour};color:#ffffff;text-decoration:none;font-weight:bold;padding:10px 18px;border-radius:4px">${escapeHtml(label)}</a>`;
}

/** About 400 characters, cut at a word: a teaser, not the programme booklet. */
export function shorten(text: string, max = 400): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))} …`;
}

export interface TeaserData {
  title: string;
  subtitle: string | null;
  text: string | null;
  imageUrl: string | null;
  /** The next performances' starts, soonest first. */
  dates: readonly string[];
  priceFrom: { amountMinor: number; currency: string } | null;
  url: string;
}

export function teaserBlock(data: TeaserData, style: BlockStyle): RenderedBlock {
  const w = words[style.language];
  const shown = data.dates.slice(0, 4).map((date) => formatDate(date, style));
  const more = data.dates.length - shown.length;
  const dateLines = more > 0 ? [...shown, w.more(more)] : shown;
  const price = data.priceFrom === null ? null : w.priceFrom(formatPrice(data.priceFrom.amountMinor, data.priceFrom.currency, style.language));
  const text = data.text === null ? null : shorten(data.text);
  const html = [
    data.imageUrl === null ? '' : `<img src="${escapeHtml(data.imageUrl)}" alt="${escapeHtml(data.title)}" width="552" style="display:block;width:100%;max-width:552px;height:auto;border:0;margin:0 0 16px 0">`,
    `<h2 style="margin:0 0 4px 0;color:${style.primaryColour}">${escapeHtml(data.title)}</h2>`,
    data.subtitle === null ? '' : paragraph(escapeHtml(data.subtitle), 'font-style:italic;color:#555555'),
    text === null ? '' : paragraph(escapeHtml(text)),
    dateLines.length === 0 ? '' : paragraph(dateLines.map(escapeHtml).join('<br>'), `border-left:3px solid ${style.accentColour};padding-left:10px`),
    price === null ? '' : paragraph(`<strong>${escapeHtml(price)}</strong>`),
    paragraph(buttonLink(data.url, w.book, style.primaryColour)),
  ].join('');
  const plain = [data.title, data.subtitle, text, dateLines.join('\n'), price, `${w.book}: ${data.url}`].filter((part) => part !== null && part !== '').join('\n\n');
  return { html, text: plain, title: data.title, date: shown[0] ?? '', url: data.url };
}

export interface ProgrammeEntry {
  performanceId: string;
  title: string;
  startsAt: string;
  hall: string | null;
  url: string;
  /** Only in "last tickets". */
  seatsLeft?: number;
}

export function programmeListBlock(kind: 'this_week' | 'last_tickets', entries: readonly ProgrammeEntry[], style: BlockStyle): RenderedBlock {
  const w = words[style.language];
  if (entries.length === 0) {
    const none = kind === 'this_week' ? w.noneThisWeek : w.noneLastTickets;
    return { html: paragraph(escapeHtml(none)), text: none, items: [] };
  }
  const items = entries.map((entry) => ({
    title: entry.title,
    date: formatDate(entry.startsAt, style),
    hall: entry.hall,
    url: entry.url,
    seatsLeft: entry.seatsLeft ?? null,
  }));
  const html = items
    .map((item) => {
      const details = [item.date, item.hall, item.seatsLeft === null ? null : w.seatsLeft(item.seatsLeft)].filter((part) => part !== null);
      return paragraph(
        `<a href="${escapeHtml(item.url)}" style="color:${style.primaryColour};font-weight:bold;text-decoration:none">${escapeHtml(item.title)}</a><br>` +
          `<span style="color:#555555;font-size:14px">${details.map(escapeHtml).join(' · ')}</span>`,
        `border-left:3px solid ${style.accentColour};padding-left:10px`,
      );
    })
    .join('');
  const text = items
    .map((item) => [`- ${item.title}`, `  ${[item.date, item.hall, item.seatsLeft === null ? null : w.seatsLeft(item.seatsLeft)].filter((p) => p !== null).join(' · ')}`, `  ${item.url}`].join('\n'))
    .join('\n\n');
  return { html, text, items };
}

export interface PracticalInfoData {
  title: string;
  startsAt: string;
  hall: string | null;
  venue: { name: string; address: string; directions: string | null } | null;
  url: string;
}

export function practicalInfoBlock(data: PracticalInfoData, style: BlockStyle): RenderedBlock {
  const w = words[style.language];
  const date = formatDate(data.startsAt, style);
  const doorsAt = DateTime.fromISO(data.startsAt, { zone: 'utc' }).minus({ minutes: 30 }).toISO() ?? data.startsAt;
  const place = [data.hall, data.venue?.name, data.venue?.address].filter((part): part is string => part !== null && part !== undefined && part !== '');
  const lines: { label: string | null; text: string }[] = [
    { label: null, text: date },
    ...(place.length === 0 ? [] : [{ label: w.hall, text: place.join(', ') }]),
    { label: null, text: w.doors(formatTime(doorsAt, style)) },
    { label: null, text: w.cloakroom },
    ...(data.venue?.directions == null || data.venue.directions === '' ? [] : [{ label: w.travel, text: data.venue.directions }]),
  ];
  const html =
    `<h3 style="margin:0 0 8px 0;color:${style.primaryColour}">${escapeHtml(data.title)}</h3>` +
    lines.map((line) => paragraph(line.label === null ? escapeHtml(line.text) : `<strong>${escapeHtml(line.label)}:</strong> ${escapeHtml(line.text)}`)).join('');
  const text = [data.title, ...lines.map((line) => (line.label === null ? line.text : `${line.label}: ${line.text}`))].join('\n');
  return { html, text, title: data.title, date, url: data.url };
}

export interface RecommendationItem {
  title: string;
  url: string;
  imageUrl: string | null;
  nextStartsAt: string | null;
  explanation: string;
  discovery: boolean;
}

export function recommendationsBlock(items: readonly RecommendationItem[], style: BlockStyle): RenderedBlock {
  const w = words[style.language];
  if (items.length === 0) return { html: paragraph(escapeHtml(w.noRecommendations)), text: w.noRecommendations, items: [] };
  const shown = items.map((item) => ({
    title: item.title,
    url: item.url,
    date: item.nextStartsAt === null ? null : formatDate(item.nextStartsAt, style),
    explanation: item.explanation,
    discovery: item.discovery ? 1 : 0,
  }));
  const html = shown
    .map((item) =>
      paragraph(
        `<a href="${escapeHtml(item.url)}" style="color:${style.primaryColour};font-weight:bold;text-decoration:none">${escapeHtml(item.title)}</a>` +
          (item.date === null ? '' : `<br><span style="color:#555555;font-size:14px">${escapeHtml(item.date)}</span>`) +
          `<br><span style="font-size:14px;${item.discovery === 1 ? `color:${style.accentColour};font-weight:bold` : 'color:#555555'}">${escapeHtml(item.explanation)}</span>`,
        `border-left:3px solid ${item.discovery === 1 ? style.accentColour : style.primaryColour};padding-left:10px`,
      ),
    )
    .join('');
  const text = shown.map((item) => [`- ${item.title}`, item.date === null ? null : `  ${item.date}`, `  ${item.explanation}`, `  ${item.url}`].filter((l) => l !== null).join('\n')).join('\n\n');
  return { html, text, items: shown };
}
