/*
 * Top-10 recommendations with discovery for 100,000 contacts over 1,000 upcoming items.
 * Targets (issue 6): all contacts in under 60 s on 2 cores; one contact online p99 < 20 ms.
 *
 *   npm run bench -- recommend-top10 [--items N] [--contacts N] [--seed N]
 *
 * Generates a house: items with one or two genres from the controlled vocabulary, a few
 * people each from a shared pool (so productions share directors and composers), works
 * for a quarter of them, German and English descriptions from a small word list, and a
 * tenth of the items new (nobody has seen them). Contacts have 0 to ~30 visits, Zipf-ish
 * in activity, each with two favourite genres that draw 70 % of their visits; a fifth
 * declare interests. One fit, then one request per contact (k 10, 2 discovery slots,
 * 95 % of the items bookable, the booked ones excluded), timed one by one, in one thread:
 * the second core is left to the service.
 */
import { loadavg } from 'node:os';
import { genres } from '../src/catalogue/genres.ts';
import { foyerRecommender } from '../src/recommend/foyer.ts';
import type { Interaction, Item, TrainingData } from '../src/recommend/types.ts';
import { arg, random } from './_audience.ts';


const itemCount = Number(arg('items') ?? 1000);
const contactCount = Number(arg('contacts') ?? 100_000);
const rand = random(Number(arg('seed') ?? 6));
const now = Date.UTC(2026, 10, 1);
const day = 24 * 3600 * 1000;
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const words = ['liebe', 'macht', 'stadt', 'nacht', 'traum', 'krieg', 'familie', 'sommer', 'meer', 'reise', 'fremde', 'heimat', 'zeit', 'stimme', 'körper', 'licht'];
const english = ['love', 'power', 'city', 'night', 'dream', 'war', 'family', 'summer', 'sea', 'journey', 'stranger', 'home', 'time', 'voice', 'body', 'light'];

const people = Array.from({ length: 400 }, (_, i) => `person ${i}`);
const works = Array.from({ length: 120 }, (_, i) => `work ${i}`);
const items: Item[] = Array.from({ length: itemCount }, (_, i) => {
  const own = [pick(genres), ...(rand() < 0.3 ? [pick(genres)] : [])];
  const codes = [...new Set(own.map((g) => g.code))];
  const theme = Array.from({ length: 6 }, () => Math.floor(rand() * words.length));
  return {
    id: `item-${i}`,
    genres: codes,
    families: [...new Set(own.map((g) => g.family))],
    tags: rand() < 0.5 ? [pick(['premiere', 'classic', 'guest', 'festival'])] : [],
    people: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(people)),
    works: rand() < 0.25 ? [pick(works)] : [],
    unitId: `unit-${i % 3}`,
    audience: rand() < 0.1 ? 'family' : 'adults',
    hallId: `hall-${i % 5}`,
    language: rand() < 0.9 ? 'de' : 'en',
    ageMin: rand() < 0.1 ? 6 : null,
    ageMax: null,
    accessibility: rand() < 0.8 ? ['wheelchair'] : [],
    text: { de: theme.map((w) => words[w]).join(' '), en: theme.map((w) => english[w]).join(' ') },
    title: { de: `Stück ${i}`, en: `Piece ${i}` },
    createdAt: now - (i % 10 === 0 ? 5 : 400) * day,
  };
});

const byGenre = new Map<string, Item[]>();
for (const item of items) for (const g of item.genres) byGenre.set(g, [...(byGenre.get(g) ?? []), item]);
const warm = items.filter((item) => item.createdAt < now - 30 * day);
const interactions: Interaction[] = [];
const declared = new Map<string, string[]>();
const booked = new Map<string, Set<string>>();
for (let c = 0; c < contactCount; c++) {
  const userId = `contact-${c}`;
  const favourites = [pick(genres).code, pick(genres).code];
  const visits = Math.floor(30 * rand() ** 3);
  for (let v = 0; v < visits; v++) {
    const pool = rand() < 0.7 ? (byGenre.get(pick(favourites)) ?? warm) : warm;
    const item = pick(pool.length > 0 ? pool : warm);
    interactions.push({ userId, itemId: item.id, kind: rand() < 0.8 ? 'attended' : 'clicked', at: now - Math.floor(rand() * 700) * day, weight: 1 });
  }
  if (rand() < 0.2) declared.set(userId, favourites);
  if (rand() < 0.05) booked.set(userId, new Set([pick(items).id]));
}
const candidates = new Set(items.filter(() => rand() < 0.95).map((item) => item.id));
const data: TrainingData = { items, interactions, declared, now };

const print = (figures: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'recommend-top10', ...figures, load: Math.round(loadavg()[0]! * 100) / 100 }));

let started = performance.now();
const fitted = foyerRecommender().fit(data);
const fitSeconds = (performance.now() - started) / 1000;
print({ step: 'fit', items: itemCount, contacts: contactCount, interactions: interactions.length, seconds: Math.round(fitSeconds * 100) / 100 });

const times = new Float64Array(contactCount);
let discoveries = 0;
started = performance.now();
for (let c = 0; c < contactCount; c++) {
  const userId = `contact-${c}`;
  const t = performance.now();
  const list = fitted.recommend({ subject: { kind: 'contact', userId }, k: 10, discoverySlots: 2, candidates, exclude: booked.get(userId), language: 'de' });
  times[c] = performance.now() - t;
  for (const r of list) if (r.slot === 'discovery') discoveries++;
}
const recommendSeconds = (performance.now() - started) / 1000;
times.sort();
const quantile = (q: number) => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] as number) * 1000) / 1000;
print({
  step: 'recommend',
  contacts: contactCount,
  k: 10,
  seconds: Math.round(recommendSeconds * 100) / 100,
  total_seconds: Math.round((fitSeconds + recommendSeconds) * 100) / 100,
  p50_ms: quantile(0.5),
  p99_ms: quantile(0.99),
  max_ms: quantile(1),
  discoveries_per_list: Math.round((discoveries / contactCount) * 100) / 100,
  target_seconds: 60,
  target_p99_ms: 20,
});
