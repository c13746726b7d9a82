/*
 * Why an item is in the list, as data and as a sentence in German and English. The
 * reason is the part of the score that carried the item; a discovery names its bridge,
 * because "new for you" alone gives a person no reason to try it. "New for you" is said
 * only of a genre the person has never been to: a discovery outside the comfort zone may
 * be in a genre they went to once or twice, and then its bridge production is the reason.
 */
import { genreByCode } from '../catalogue/genres.ts';
import type { Model } from './model.ts';
import type { Profile, Scored } from './scoring.ts';
import type { Bridge, Explanation, Item } from './types.ts';

/** Co-attendance by fewer people than this is not shown as "people like you" (and would point at individuals). */
const minPeople = 3;

export function explanationFor(model: Model, profile: Profile, scored: Scored, slot: 'relevant' | 'discovery', bridge?: Bridge): Explanation {
  const item = model.items[scored.item] as Item;
  if (slot === 'discovery' && bridge) {
    const known = new Set([...profile.history.flatMap((e) => (model.items[e.item] as Item).genres), ...profile.declared]);
    const genre = bridge.kind === 'adjacent_genre' ? (known.has(bridge.to) ? undefined : bridge.to) : item.genres.find((g) => !known.has(g));
    if (genre !== undefined) return { kind: 'new_for_you', genre, bridge };
    const through = bridge.kind === 'same_person' || bridge.kind === 'same_work' ? bridge.itemId : undefined;
    if (through !== undefined && profile.history.some((e) => e.chosen && (model.items[e.item] as Item).id === through)) return { kind: 'because_you_saw', itemId: through };
  }
  if (profile.subject === 'similar_to' && profile.history[0]) {
    return { kind: 'similar_to', itemId: (model.items[profile.history[0].item] as Item).id };
  }
  const strongest = Math.max(scored.collaborative, scored.content, scored.declared, scored.popularity);
  if (strongest > 0 && strongest === scored.declared) {
    const genre = item.genres.find((g) => profile.declared.includes(g)) as string;
    return { kind: 'matches_interest', genre };
  }
  if (strongest > 0 && strongest === scored.collaborative && scored.collaborativeSource >= 0) {
    const n = model.items.length;
    const count = model.coAttendance[scored.collaborativeSource * n + scored.item] as number;
    if (count >= minPeople) return { kind: 'people_like_you', count };
    return { kind: 'because_you_saw', itemId: (model.items[scored.collaborativeSource] as Item).id };
  }
  if (strongest > 0 && strongest === scored.content && scored.contentSource >= 0) {
    return { kind: 'because_you_saw', itemId: (model.items[scored.contentSource] as Item).id };
  }
  return { kind: 'popular' };
}

function genreLabel(code: string): { de: string; en: string } {
  const genre = genreByCode(code);
  // English labels sit mid-sentence ("New for you: contemporary dance"); German nouns keep their capital.
  return genre ? { de: genre.de, en: genre.en.toLowerCase() } : { de: code, en: code };
}

/** "pina bausch" -> "Pina Bausch": people and works are stored normalised. */
function displayName(name: string): string {
  return name.replace(/(^|[\s-])(\p{L})/gu, (_, gap: string, letter: string) => gap + letter.toUpperCase());
}

/**
 * Roles as the sentences name them. The catalogue's role is free text, mostly the German
 * name of the work done ("Inszenierung", "Choreografie") and sometimes a gendered person
 * noun ("Dirigentin"). German sentences name the work done, which is gender-neutral and
 * needs no guess at the person's gender; English ones the person noun ("the choreographer
 * of Carmen"), which English does not gender. A role not in this list is shown in German
 * as the catalogue words it and left out in English, where it may not read as English.
 */
const knownRoles: readonly { words: readonly string[]; de: string; en: string }[] = [
  { words: ['regie', 'inszenierung', 'director', 'direction', 'stage director'], de: 'Regie', en: 'director' },
  { words: ['choreografie', 'choreographie', 'choreograf', 'choreografin', 'choreograph', 'choreographin', 'choreographer', 'choreography'], de: 'Choreografie', en: 'choreographer' },
  { words: ['musikalische leitung', 'dirigent', 'dirigentin', 'dirigat', 'conductor', 'musical director', 'musical direction'], de: 'Musikalische Leitung', en: 'conductor' },
  { words: ['bühne und kostüme', 'ausstattung', 'set and costumes', 'set and costume design'], de: 'Ausstattung', en: 'set and costume designer' },
  { words: ['bühne', 'bühnenbild', 'set', 'set design', 'set designer', 'stage design'], de: 'Bühnenbild', en: 'set designer' },
  { words: ['kostüme', 'kostüm', 'kostümbild', 'costumes', 'costume design', 'costume designer'], de: 'Kostümbild', en: 'costume designer' },
  { words: ['dramaturgie', 'dramaturg', 'dramaturgin', 'dramaturgy'], de: 'Dramaturgie', en: 'dramaturg' },
  { words: ['licht', 'lichtdesign', 'lighting', 'lighting design', 'lighting designer'], de: 'Lichtdesign', en: 'lighting designer' },
  { words: ['komposition', 'komponist', 'komponistin', 'composer', 'composition'], de: 'Komposition', en: 'composer' },
  { words: ['kuration', 'kurator', 'kuratorin', 'curator', 'curation'], de: 'Kuration', en: 'curator' },
  { words: ['text', 'autor', 'autorin', 'author', 'libretto'], de: 'Text', en: 'author' },
];

export function roleLabel(role: string): { de: string; en: string | null } | undefined {
  const word = role.trim().toLowerCase();
  if (word === '' || word.length > 60) return undefined;
  const known = knownRoles.find((r) => r.words.includes(word));
  return known ? { de: known.de, en: known.en } : { de: role.trim(), en: null };
}

/** The person's role in a production, as the catalogue words it; undefined when it does not say. */
export type RoleOf = (itemId: string, person: string) => string | undefined;

export function sentence(explanation: Explanation, titleOf: (itemId: string) => { de: string; en: string }, roleOf?: RoleOf): { de: string; en: string } {
  switch (explanation.kind) {
    case 'because_you_saw': {
      const t = titleOf(explanation.itemId);
      return { de: `Weil Sie „${t.de}“ gesehen haben`, en: `Because you saw ${t.en}` };
    }
    case 'similar_to': {
      const t = titleOf(explanation.itemId);
      return { de: `Ähnlich wie „${t.de}“`, en: `Similar to ${t.en}` };
    }
    case 'people_like_you':
      return { de: 'Beliebt bei Menschen mit ähnlichem Geschmack', en: 'Popular with people who share your taste' };
    case 'matches_interest': {
      const g = genreLabel(explanation.genre);
      return { de: `Passt zu Ihrem Interesse: ${g.de}`, en: `Matches your interest: ${g.en}` };
    }
    case 'popular':
      return { de: 'Gerade besonders gefragt', en: 'Popular right now' };
    case 'new_for_you': {
      const g = genreLabel(explanation.genre);
      const head = { de: `Neu für Sie: ${g.de}`, en: `New for you: ${g.en}` };
      const bridge = explanation.bridge;
      switch (bridge.kind) {
        case 'same_person': {
          const t = titleOf(bridge.itemId);
          const who = displayName(bridge.person);
          const stored = roleOf?.(bridge.itemId, bridge.person);
          const role = stored === undefined ? undefined : roleLabel(stored);
          return {
            de: role ? `${head.de}, mit ${who} (${role.de} in „${t.de}“)` : `${head.de}, mit ${who} aus „${t.de}“`,
            en: role?.en ? `${head.en}, with ${who}, the ${role.en} of ${t.en}` : `${head.en}, with ${who} from ${t.en}`,
          };
        }
        case 'same_work': {
          const t = titleOf(bridge.itemId);
          const work = displayName(bridge.work);
          return { de: `${head.de}: ${work}, das Sie aus „${t.de}“ kennen`, en: `${head.en}: ${work}, which you know from ${t.en}` };
        }
        case 'adjacent_genre': {
          const from = genreLabel(bridge.from);
          return { de: `${head.de}, nah an ${from.de}, das Sie mögen`, en: `${head.en}, close to the ${from.en} you like` };
        }
        case 'similar_people_returned':
          return {
            de: `${head.de}. Menschen mit ähnlichem Geschmack haben es ausprobiert und kamen wieder`,
            en: `${head.en}. People with tastes like yours tried it and came back`,
          };
      }
    }
  }
}
