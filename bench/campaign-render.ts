/*
 * Rendering one compiled campaign template for many contacts (issue 5: the per-contact
 * step of a newsletter to 100,000 contacts must fit in well under a minute, leaving the
 * rest for SMTP).
 *
 *   npm run bench -- campaign-render [--contacts N] [--template KEY]
 *
 * Pure, no database: the library's season announcement (teaser, recommendations, this
 * week) is compiled once per language with a demo-like branding; the shared blocks are
 * made once per language from a fixed programme of 12 productions; then, for every
 * contact, the personal recommendations are chosen from their interests and rendered
 * (recommendByInterests + recommendationsBlock) and the mail is rendered (subject, HTML,
 * text). Contacts: 80 % German, 20 % English; names with umlauts, one in 50 with markup
 * in the name (escaped); interests 0 to 3 genres. Prints one JSON line per phase.
 */
import { cpus, loadavg } from 'node:os';
import { type BlockStyle, programmeListBlock, recommendationsBlock, teaserBlock } from '../src/campaigns/templates/blocks.ts';
import { compileTemplate, render } from '../src/campaigns/templates/compile.ts';
import { libraryEntry, librarySource } from '../src/campaigns/templates/library.ts';
import { type Blocks, effectiveBranding, emptyBranding, type RenderContext, type TemplateLanguage } from '../src/campaigns/templates/model.ts';
import { recommendByInterests, type UpcomingProduction } from '../src/campaigns/templates/recommendations.ts';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const contacts = Number.parseInt(option('contacts', '10000'), 10);
const key = option('template', 'season_announcement');
const entry = libraryEntry(key);
if (entry === undefined) throw new Error(`no library template ${key}`);

const house = { name: 'Stadttheater Auenstadt', street: 'Theaterplatz 1', postalCode: '12345', city: 'Auenstadt', website: 'https://theater-auenstadt.example' };
const branding = effectiveBranding({ ...emptyBranding, logoUrl: 'https://theater-auenstadt.example/logo.png', imprintUrl: 'https://theater-auenstadt.example/impressum' }, house);
const genres = ['opera', 'drama', 'comedy', 'ballet', 'contemporary_dance', 'orchestral', 'chamber_music', 'children_theatre', 'musical', 'reading', 'jazz', 'operetta'];
const upcoming: UpcomingProduction[] = genres.map((genre, i) => ({
  productionId: `p${i}`,
  title: { de: `Produktion ${i} – ${genre}`, en: `Production ${i} – ${genre}` },
  genres: [genre],
  imageUrl: null,
  url: `https://theater-auenstadt.example/programm/p${i}`,
  nextStartsAt: new Date(Date.UTC(2026, 8, 2 + i, 17, 30)).toISOString(),
}));

function sharedBlocks(language: TemplateLanguage): Blocks {
  const style: BlockStyle = { language, timeZone: 'Europe/Berlin', primaryColour: branding.primaryColour, accentColour: branding.accentColour };
  const week = upcoming.slice(0, 6).map((p, i) => ({ performanceId: `q${i}`, title: p.title[language] ?? p.title.de, startsAt: p.nextStartsAt, hall: 'Großes Haus', url: p.url }));
  return {
    teaser: teaserBlock(
      { title: 'Carmen', subtitle: 'Oper von Georges Bizet', text: 'Eine Geschichte von Freiheit und Eifersucht. '.repeat(12), imageUrl: 'https://theater-auenstadt.example/carmen.jpg', dates: upcoming.slice(0, 5).map((p) => p.nextStartsAt), priceFrom: { amountMinor: 2900, currency: 'EUR' }, url: 'https://theater-auenstadt.example/carmen' },
      style,
    ),
    this_week: programmeListBlock('this_week', week, style),
    last_tickets: programmeListBlock('last_tickets', week.slice(0, 3).map((w, i) => ({ ...w, seatsLeft: 4 + i })), style),
  };
}

const styles: Record<TemplateLanguage, BlockStyle> = {
  de: { language: 'de', timeZone: 'Europe/Berlin', primaryColour: branding.primaryColour, accentColour: branding.accentColour },
  en: { language: 'en', timeZone: 'Europe/Berlin', primaryColour: branding.primaryColour, accentColour: branding.accentColour },
};
const firstNames = ['Erika', 'Jürgen', 'Özlem', 'Anna', 'Jonas', 'Mia', 'Lukas', 'Sophie', 'Ben', 'Lea'];

function contactNumber(i: number) {
  const language: TemplateLanguage = i % 5 === 0 ? 'en' : 'de';
  const first = firstNames[i % firstNames.length] ?? 'Erika';
  const name = i % 50 === 0 ? `${first} <b>Müller</b> & Co` : `${first} Müller-${i}`;
  const interests = genres.filter((_, g) => (i + g * 7) % 11 < i % 4);
  return { language, first, name, interests: interests.slice(0, 3), id: `c${i}` };
}

const common = { bench: 'campaign-render', template: key, contacts, node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length };

const compileStart = performance.now();
const compiled = { de: await compileTemplate(librarySource(entry, 'de'), branding), en: await compileTemplate(librarySource(entry, 'en'), branding) };
const blocks = { de: sharedBlocks('de'), en: sharedBlocks('en') };
console.log(JSON.stringify({ ...common, phase: 'compile', languages: 2, ms: Math.round(performance.now() - compileStart) }));

function run(count: number): { bytes: number } {
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const c = contactNumber(i);
    const recommended = recommendByInterests(upcoming, c.interests, c.language, 3);
    const personal = recommendationsBlock(
      recommended.map((r) => ({ title: r.title, url: r.url, imageUrl: r.imageUrl, nextStartsAt: r.nextStartsAt, explanation: r.explanation, discovery: r.reason === 'discovery' })),
      styles[c.language],
    );
    const context: RenderContext = {
      contact: { firstName: c.first, name: c.name, language: c.language },
      house: { name: house.name, address: 'Theaterplatz 1, 12345 Auenstadt', website: house.website },
      links: { unsubscribe: `https://foyer.example/public/u/m1.${c.id}.sig`, preferences: `https://foyer.example/public/p/${c.id}`, view_online: `https://foyer.example/public/v/${c.id}` },
      blocks: { ...blocks[c.language], recommendations: personal },
    };
    const mail = render(compiled[c.language], context);
    bytes += mail.html.length + mail.text.length + mail.subject.length;
  }
  return { bytes };
}

run(Math.min(500, contacts)); // warm-up: JIT and luxon's locale caches
const cpuBefore = process.cpuUsage();
const start = performance.now();
const { bytes } = run(contacts);
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    ...common,
    phase: 'render',
    ms: Math.round(ms),
    mailsPerSecond: Math.round((contacts / ms) * 1000),
    mailsPerMinutePerCore: Math.round((contacts / ms) * 60_000),
    averageKb: Math.round(bytes / contacts / 102.4) / 10,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    loadAverage: loadavg()[0],
  }),
);
