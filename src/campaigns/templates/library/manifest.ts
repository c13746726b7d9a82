import type { BlockKey, TemplateKind } from '../model.ts';

/*
 * The ready templates a house starts with. The bodies are beside this file as
 * <key>.<language>.mjml (MJML sections with Liquid); subject and preheader are here.
 * The house layout (layout.ts) adds the logo, the footer and the unsubscribe link.
 */

export interface LibraryEntry {
  key: string;
  kind: TemplateKind;
  name: { de: string; en: string };
  description: { de: string; en: string };
  /** What a send of it is about: nothing in particular, a production (teaser) or a performance (practical info). */
  needs: 'none' | 'production' | 'performance';
  blocks: readonly BlockKey[];
  /** Mails of a series (the welcome series): its key, the step and the days after the previous step. */
  series: { key: string; step: number; delayDays: number } | null;
  subject: { de: string; en: string };
  preheader: { de: string; en: string };
}

const welcome = (step: number, delayDays: number) => ({ key: 'welcome', step, delayDays });

export const library: readonly LibraryEntry[] = [
  {
    key: 'season_announcement',
    kind: 'marketing',
    name: { de: 'Spielzeitankündigung', en: 'Season announcement' },
    description: { de: 'Die neue Spielzeit mit einer Produktion als Auftakt, persönlichen Empfehlungen und der Woche.', en: 'The new season, opened by one production, with personal recommendations and the week ahead.' },
    needs: 'production',
    blocks: ['teaser', 'recommendations', 'this_week'],
    series: null,
    subject: { de: 'Die neue Spielzeit bei {{ house.name }}', en: 'The new season at {{ house.name }}' },
    preheader: { de: 'Große Stoffe, leise Abende und manches Neue – wir freuen uns auf Sie.', en: 'Great stories, quiet evenings and something new – we look forward to seeing you.' },
  },
  {
    key: 'new_production',
    kind: 'marketing',
    name: { de: 'Neue Produktion', en: 'New production' },
    description: { de: 'Kündigt eine Produktion an, an die Interessierten ihrer Sparte.', en: 'Announces a production to the people interested in its genre.' },
    needs: 'production',
    blocks: ['teaser', 'recommendations'],
    series: null,
    subject: { de: 'Neu bei uns: {{ blocks.teaser.title }}', en: 'New at the theatre: {{ blocks.teaser.title }}' },
    preheader: { de: '{{ blocks.teaser.date }} – wir würden uns freuen, wenn Sie dabei sind.', en: '{{ blocks.teaser.date }} – we would be delighted if you joined us.' },
  },
  {
    key: 'last_tickets',
    kind: 'marketing',
    name: { de: 'Letzte Karten', en: 'Last tickets' },
    description: { de: 'Vorstellungen der nächsten zwei Wochen mit nur noch wenigen freien Plätzen.', en: 'Performances of the next two weeks with only a few seats left.' },
    needs: 'none',
    blocks: ['last_tickets', 'this_week'],
    series: null,
    subject: { de: 'Nur noch wenige Karten', en: 'Only a few tickets left' },
    preheader: { de: 'Für diese Vorstellungen der nächsten zwei Wochen wird es knapp.', en: 'Seats are running out for these performances in the next two weeks.' },
  },
  {
    key: 'reminder',
    kind: 'service',
    name: { de: 'Erinnerung zwei Tage vorher', en: 'Reminder two days before' },
    description: { de: 'Für alle mit Karten: Termin, Einlass, Garderobe und Anreise.', en: 'For everyone with tickets: date, doors, cloakroom and how to get there.' },
    needs: 'performance',
    blocks: ['practical_info'],
    series: null,
    subject: { de: 'Übermorgen: {{ blocks.practical_info.title }}', en: 'The day after tomorrow: {{ blocks.practical_info.title }}' },
    preheader: { de: '{{ blocks.practical_info.date }} – alles für Ihren Besuch.', en: '{{ blocks.practical_info.date }} – everything for your visit.' },
  },
  {
    key: 'thank_you',
    kind: 'marketing',
    name: { de: 'Danke nach dem Besuch', en: 'Thank you after the visit' },
    description: { de: 'Am Morgen nach dem Besuch: ein Dank, eine kurze Umfrage, Vorschläge für den nächsten Abend.', en: 'The morning after the visit: thanks, a short survey, ideas for the next evening.' },
    needs: 'performance',
    blocks: ['recommendations'],
    series: null,
    subject: { de: 'Danke, dass Sie bei uns waren', en: 'Thank you for coming' },
    preheader: { de: 'Wie hat es Ihnen gefallen? Zwei Minuten für Ihre Meinung.', en: 'How did you like it? Two minutes for your opinion.' },
  },
  {
    key: 'win_back',
    kind: 'marketing',
    name: { de: 'Wiedergewinnung', en: 'Win-back' },
    description: { de: 'Für alle, die lange nicht mehr bei uns waren.', en: 'For everyone we have not seen for a long time.' },
    needs: 'none',
    blocks: ['recommendations', 'this_week'],
    series: null,
    subject: { de: 'Wir haben Sie vermisst', en: 'We have missed you' },
    preheader: { de: 'Ein paar Vorschläge, ausgewählt für Sie.', en: 'A few suggestions, picked for you.' },
  },
  {
    key: 'welcome_1',
    kind: 'marketing',
    name: { de: 'Willkommen 1: Schön, dass Sie da sind', en: 'Welcome 1: lovely to have you' },
    description: { de: 'Direkt nach der Anmeldung: Begrüßung und die nächsten Tage.', en: 'Right after sign-up: a welcome and the days ahead.' },
    needs: 'none',
    blocks: ['this_week'],
    series: welcome(1, 0),
    subject: { de: 'Willkommen bei {{ house.name }}', en: 'Welcome to {{ house.name }}' },
    preheader: { de: 'Schön, dass Sie da sind – das spielen wir in den nächsten Tagen.', en: 'Lovely to have you – this is on in the coming days.' },
  },
  {
    key: 'welcome_2',
    kind: 'marketing',
    name: { de: 'Willkommen 2: Was Ihnen gefallen könnte', en: 'Welcome 2: what you might enjoy' },
    description: { de: 'Drei Tage später: Empfehlungen nach den Interessen, mit einer Entdeckung.', en: 'Three days later: recommendations by interests, with one discovery.' },
    needs: 'none',
    blocks: ['recommendations'],
    series: welcome(2, 3),
    subject: { de: 'Was Ihnen bei uns gefallen könnte', en: 'What you might enjoy with us' },
    preheader: { de: 'Ausgewählt nach Ihren Interessen – und eine Entdeckung.', en: 'Picked by your interests – and one discovery.' },
  },
  {
    key: 'welcome_3',
    kind: 'marketing',
    name: { de: 'Willkommen 3: Gut zu wissen', en: 'Welcome 3: good to know' },
    description: { de: 'Eine Woche später: was den ersten Besuch leicht macht.', en: 'A week later: what makes a first visit easy.' },
    needs: 'none',
    blocks: ['last_tickets'],
    series: welcome(3, 4),
    subject: { de: 'Gut zu wissen vor Ihrem ersten Besuch', en: 'Good to know before your first visit' },
    preheader: { de: 'Kein Dresscode, Einlass, Garderobe – und wo es noch Karten gibt.', en: 'No dress code, doors, cloakroom – and where tickets are left.' },
  },
];
