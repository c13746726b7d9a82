/*
 * A small house for the recommender tests: operas and plays with a few bridges between
 * them (Faust as opera and play, Carmen as opera and ballet, a choreographer who worked on
 * Carmen and now has a brand-new dance piece nobody has seen), and audiences whose
 * histories make co-attendance meaningful.
 */
import { genreByCode } from '../catalogue/genres.ts';
import type { Interaction, InteractionKind, Item, TrainingData } from './types.ts';

export const now = Date.UTC(2026, 10, 1);
const day = 24 * 3600 * 1000;

export function item(id: string, fields: Partial<Item> = {}): Item {
  const genres = fields.genres ?? [];
  return {
    id,
    genres,
    families: [...new Set(genres.map((g) => genreByCode(g)?.family ?? g))],
    tags: [],
    people: [],
    works: [],
    unitId: null,
    audience: 'adults',
    hallId: null,
    language: null,
    ageMin: null,
    ageMax: null,
    accessibility: ['wheelchair'],
    text: { de: '', en: '' },
    title: { de: id, en: id },
    createdAt: now - 365 * day,
    ...fields,
  };
}

const range = (prefix: string, count: number, fields: (i: number) => Partial<Item>) =>
  Array.from({ length: count }, (_, i) => item(`${prefix}-${i + 1}`, fields(i + 1)));

export const catalogue: Item[] = [
  item('faust', { genres: ['opera'], people: ['gounod', 'anna berg'], works: ['faust'], title: { de: 'Faust', en: 'Faust' }, text: { de: 'Oper von Gounod nach Goethe', en: 'Opera by Gounod after Goethe' } }),
  item('carmen', { genres: ['opera'], people: ['bizet', 'lena wolf'], works: ['carmen'], title: { de: 'Carmen', en: 'Carmen' }, text: { de: 'Oper von Bizet, Leidenschaft in Sevilla', en: 'Opera by Bizet, passion in Seville' } }),
  ...range('opera', 12, (i) => ({ genres: ['opera'], people: [`composer ${i}`], text: { de: `Oper Nummer ${i} Arien Sängerinnen`, en: `Opera ${i} arias singers` } })),
  item('faust-play', { genres: ['drama'], people: ['jonas klein'], works: ['faust'], title: { de: 'Faust I', en: 'Faust I' }, text: { de: 'Goethes Tragödie', en: 'Goethe’s tragedy' } }),
  ...range('drama', 8, (i) => ({ genres: ['drama'], people: [`director ${i}`], text: { de: `Schauspiel ${i} Bühne`, en: `Play ${i} stage` } })),
  item('carmen-ballet', { genres: ['ballet'], people: ['mats ek'], works: ['carmen'], title: { de: 'Carmen (Ballett)', en: 'Carmen (ballet)' } }),
  item('new-dance', { genres: ['contemporary_dance'], people: ['lena wolf'], title: { de: 'Wolfsstunde', en: 'Hour of the Wolf' }, createdAt: now - 5 * day }),
  ...range('concert', 4, () => ({ genres: ['orchestral'] })),
  ...range('jazz', 2, () => ({ genres: ['jazz'] })),
  item('pop-1', { genres: ['pop'] }),
  item('circus-1', { genres: ['circus'] }),
  ...range('expo', 3, () => ({ genres: ['exhibition'] })),
  item('gruffalo', { genres: ['children_theatre'], audience: 'family', ageMin: 6, ageMax: 10 }),
  item('english-play', { genres: ['drama'], language: 'en' }),
  item('italian-opera', { genres: ['opera'], language: 'it', accessibility: ['wheelchair', 'surtitles'] }),
  item('stairs-only', { genres: ['drama'], accessibility: [] }),
];

export function visits(userId: string, itemIds: readonly string[], kind: InteractionKind = 'attended', from = now - 300 * day): Interaction[] {
  return itemIds.map((itemId, i) => ({ userId, itemId, kind, at: from + i * 10 * day, weight: 1 }));
}

/** Audiences: opera fans, drama fans, opera fans who tried jazz and came back, concert-goers. */
export function audience(): Interaction[] {
  const out: Interaction[] = [];
  for (let u = 0; u < 30; u++) {
    const operas = [0, 1, 2, 3].map((k) => `opera-${((u + k * 3) % 12) + 1}`);
    out.push(...visits(`opera-fan-${u}`, ['faust', 'carmen', ...operas, ...(u % 3 === 0 ? ['drama-1'] : [])]));
  }
  for (let u = 0; u < 20; u++) out.push(...visits(`drama-fan-${u}`, ['faust-play', `drama-${(u % 8) + 1}`, `drama-${((u + 3) % 8) + 1}`]));
  for (let u = 0; u < 10; u++) out.push(...visits(`jazz-curious-${u}`, ['carmen', `opera-${(u % 12) + 1}`, 'jazz-1', `opera-${((u + 5) % 12) + 1}`]));
  for (let u = 0; u < 10; u++) out.push(...visits(`concert-goer-${u}`, ['concert-1', 'concert-2', `concert-${(u % 2) + 3}`, 'faust']));
  out.push(...visits('expo-goer', ['expo-1', 'expo-2']));
  out.push(...visits('circus-goer', ['circus-1']));
  return out;
}

export function trainingData(extra: readonly Interaction[] = [], declared: Record<string, string[]> = {}): TrainingData {
  return { items: catalogue, interactions: [...audience(), ...extra], declared: new Map(Object.entries(declared)), now };
}

/** The person the discovery tests are about: seven operas and one play. */
export const operaLover = visits('opera-lover', ['faust', 'carmen', 'opera-1', 'opera-2', 'opera-3', 'opera-4', 'opera-5', 'drama-1']);
