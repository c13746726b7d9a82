import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseProductionsFile, readDemoFiles } from './data.ts';
import { planDemoHouse } from './plan.ts';

const files = readDemoFiles();
const plan = planDemoHouse(files, { imageBaseUrl: null });
const staged = plan.productions.filter((p) => p.production.kind === 'staged');
const exhibitions = plan.productions.filter((p) => p.production.kind === 'exhibition');
const performances = staged.flatMap((p) => p.performances.map((performance) => ({ ...performance, slug: p.slug, hall: p.hall, unit: p.unit })));
const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' });

describe('the demo season', () => {
  it('has a full season of productions and performances', () => {
    expect(plan.productions.length).toBeGreaterThanOrEqual(28);
    expect(performances.length).toBeGreaterThanOrEqual(250);
    expect(exhibitions.length).toBeGreaterThanOrEqual(3);
  });

  it('covers every genre a municipal theatre with a museum offers', () => {
    const genres = new Set(plan.productions.flatMap((p) => p.production.genres ?? []));
    for (const genre of [
      'drama', 'comedy', 'opera', 'operetta', 'musical', 'ballet', 'contemporary_dance', 'orchestral', 'chamber_music',
      'children_theatre', 'youth_theatre', 'puppetry', 'reading', 'talk', 'guided_tour', 'exhibition',
    ]) {
      expect(genres, genre).toContain(genre);
    }
  });

  it('has German and English titles, subtitles and descriptions of a few sentences for every production', () => {
    for (const { slug, production } of plan.productions) {
      for (const language of ['de', 'en'] as const) {
        expect(production.title[language], `${slug} title ${language}`).toBeTruthy();
        expect(production.subtitle?.[language], `${slug} subtitle ${language}`).toBeTruthy();
        const sentences = (production.description?.[language] ?? '').split(/[.!?](\s|$)/).filter((s) => s.trim().length > 1).length;
        expect(sentences, `${slug} description ${language}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('plays every performance inside the season and in a hall of the house', () => {
    const halls = new Set(plan.venues.flatMap((v) => v.halls.map((h) => h.key)));
    for (const performance of performances) {
      const date = berlin(performance.startsAt).toISODate() ?? '';
      expect(date >= plan.season.from && date <= plan.season.until, `${performance.slug} ${performance.local}`).toBe(true);
      expect(halls.has(performance.hall ?? ''), performance.slug).toBe(true);
    }
  });

  it('never puts two performances on the same stage at the same time', () => {
    const byHall = new Map<string, typeof performances>();
    for (const performance of performances) {
      if (performance.status === 'cancelled') continue;
      byHall.set(performance.hall ?? '', [...(byHall.get(performance.hall ?? '') ?? []), performance]);
    }
    const clashes: string[] = [];
    for (const [hall, list] of byHall) {
      list.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      for (let i = 1; i < list.length; i += 1) {
        const before = list[i - 1];
        const current = list[i];
        if (before !== undefined && current !== undefined && (before.endsAt ?? before.startsAt) > current.startsAt) {
          clashes.push(`${hall}: ${before.slug} ${before.local} overlaps ${current.slug} ${current.local}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('plays evenings at 19:30, matinées on Sundays and school performances on weekday mornings', () => {
    const times = (filter: (p: (typeof performances)[number]) => boolean) => performances.filter(filter).map((p) => p.local.slice(11));
    expect(times(() => true).filter((t) => t === '19:30').length).toBeGreaterThan(100);
    const sundays = performances.filter((p) => berlin(p.startsAt).weekday === 7).map((p) => p.local.slice(11));
    for (const time of ['11:00', '15:00', '18:00']) expect(sundays).toContain(time);
    const school = performances.filter((p) => p.unit === 'junges-theater' && p.local.endsWith('10:00'));
    expect(school.length).toBeGreaterThan(40);
    for (const performance of school) expect(berlin(performance.startsAt).weekday, performance.local).toBeLessThanOrEqual(5);
  });

  it('keeps wall-clock times across the change to winter time', () => {
    const zauberfloete = performances.find((p) => p.slug === 'die-zauberfloete' && p.local === '2026-10-25 18:00');
    expect(zauberfloete?.startsAt).toBe('2026-10-25T17:00:00.000Z');
    expect(performances.find((p) => p.slug === 'die-zauberfloete' && p.local === '2026-10-23 19:30')?.startsAt).toBe('2026-10-23T17:30:00.000Z');
  });

  it('has premieres, sold-out evenings, a few cancellations and exactly one rescheduled performance', () => {
    const count = (status: string) => performances.filter((p) => p.status === status).length;
    expect(performances.filter((p) => p.note?.de.includes('Premiere')).length).toBeGreaterThanOrEqual(10);
    expect(count('sold_out')).toBeGreaterThanOrEqual(10);
    expect(count('cancelled')).toBeGreaterThanOrEqual(2);
    expect(count('cancelled')).toBeLessThanOrEqual(5);
    expect(count('rescheduled')).toBe(1);
    const moved = performances.find((p) => p.status === 'rescheduled');
    expect(moved?.rescheduledFrom).not.toBeNull();
    for (const cancelled of performances.filter((p) => p.status === 'cancelled')) expect(cancelled.note?.de).toBeTruthy();
  });

  it('offers performances with audio description, sign language and relaxed performances', () => {
    const features = new Set(performances.flatMap((p) => p.features));
    for (const feature of ['audio_description', 'sign_language', 'relaxed']) expect(features).toContain(feature);
    const withAudioDescription = plan.productions.find((p) => p.performances.some((performance) => performance.features.includes('audio_description')));
    expect(withAudioDescription?.production.accessibility).toContain('audio_description');
  });

  it('surtitles its operas', () => {
    for (const { slug, production } of plan.productions.filter((p) => p.production.genres?.includes('opera'))) {
      expect(production.surtitles, slug).toEqual(expect.arrayContaining(['de', 'en']));
      expect(production.accessibility, slug).toContain('surtitles');
    }
  });

  it('prices the opera in four categories with a reduced tariff of about half', () => {
    const carmen = plan.productions.find((p) => p.slug === 'carmen');
    expect(carmen?.prices.map((p) => p.category.amountMinor)).toEqual([4800, 3900, 2900, 1800]);
    const reduced = carmen?.prices[1]?.category.reductions?.find((r) => r.code === 'ermaessigt');
    expect(reduced?.amountMinor).toBe(1950);
    expect(reduced?.eligible).toEqual(expect.arrayContaining(['pupils', 'students', 'unemployed', 'disabled', 'disabled_companion', 'culture_pass']));
    const children = plan.productions.find((p) => p.slug === 'die-schneekoenigin');
    expect(children?.prices.map((p) => p.category.amountMinor)).toEqual([800, 600]);
    const talk = plan.productions.find((p) => p.slug === 'stadtgespraech');
    expect(talk?.prices.map((p) => p.category.amountMinor)).toEqual([0]);
    for (const production of plan.productions) expect(production.prices.length, production.slug).toBeGreaterThan(0);
  });

  it('charges New Year\'s Eve prices for the Silvester performance only', () => {
    const fledermaus = plan.productions.find((p) => p.slug === 'die-fledermaus');
    const special = fledermaus?.prices.filter((p) => p.performanceAt !== null) ?? [];
    expect(special.map((p) => p.performanceAt)).toEqual(Array(4).fill('2026-12-31 19:30'));
    expect(special[0]?.category.amountMinor).toBe(6400);
  });

  it('opens its exhibitions Tuesday to Sunday, with dated exceptions for the holidays', () => {
    for (const { slug, production } of exhibitions) {
      expect(production.runsFrom, slug).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((production.runsUntil ?? '') > (production.runsFrom ?? ''), slug).toBe(true);
      const hours = production.openingHours;
      expect(hours?.weekly.mon, slug).toBeUndefined();
      expect(hours?.weekly.thu).toEqual([{ opens: '10:00', closes: '20:00' }]);
      expect(hours?.exceptions?.find((e) => e.date === '2026-12-24')?.closed).toBe(true);
      expect(hours?.exceptions?.find((e) => e.date === '2027-03-29')?.hours).toEqual([{ opens: '11:00', closes: '18:00' }]);
    }
  });

  it('gives the same plan on every run', () => {
    expect(planDemoHouse(readDemoFiles(), { imageBaseUrl: null })).toEqual(plan);
  });

  it('points every production at its poster when images are served', () => {
    const withImages = planDemoHouse(files, { imageBaseUrl: 'http://127.0.0.1:3000' });
    expect(withImages.productions[0]?.production.imageUrl).toBe(`http://127.0.0.1:3000/demo/images/${withImages.productions[0]?.slug}.svg`);
  });

  it('names the production when an edited file refers to a hall that does not exist', () => {
    const broken = structuredClone(files.productions);
    const first = broken.productions[0];
    if (first === undefined || first.kind === 'exhibition') throw new Error('expected a staged production first');
    first.hall = 'dachboden';
    expect(() => planDemoHouse({ house: files.house, productions: broken }, { imageBaseUrl: null })).toThrow(/production theaterfest: unknown hall dachboden/);
  });

  it('names the production when an edited entry is malformed', () => {
    const raw = JSON.parse(JSON.stringify(files.productions)) as { productions: Record<string, unknown>[] };
    const second = raw.productions[1];
    if (second !== undefined) second.audience = 'everyone';
    expect(() => parseProductionsFile(raw)).toThrow(/productions\[1\] \(die-zauberfloete\)\.audience/);
  });
});
