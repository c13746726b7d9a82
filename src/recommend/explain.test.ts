import { describe, expect, test } from 'vitest';
import { sentence } from './explain.ts';
import type { Explanation } from './types.ts';

const titles: Record<string, { de: string; en: string }> = {
  faust: { de: 'Faust', en: 'Faust' },
  carmen: { de: 'Carmen', en: 'Carmen' },
  nathan: { de: 'Nathan der Weise', en: 'Nathan the Wise' },
};
const titleOf = (id: string) => titles[id] ?? { de: id, en: id };

describe('sentences in German and English', () => {
  test.each<{ explanation: Explanation; de: string; en: string }>([
    { explanation: { kind: 'because_you_saw', itemId: 'faust' }, de: 'Weil Sie „Faust“ gesehen haben', en: 'Because you saw Faust' },
    { explanation: { kind: 'similar_to', itemId: 'nathan' }, de: 'Ähnlich wie „Nathan der Weise“', en: 'Similar to Nathan the Wise' },
    { explanation: { kind: 'people_like_you', count: 12 }, de: 'Beliebt bei Menschen mit ähnlichem Geschmack', en: 'Popular with people who share your taste' },
    { explanation: { kind: 'matches_interest', genre: 'opera' }, de: 'Passt zu Ihrem Interesse: Oper', en: 'Matches your interest: opera' },
    { explanation: { kind: 'popular' }, de: 'Gerade besonders gefragt', en: 'Popular right now' },
    {
      explanation: { kind: 'new_for_you', genre: 'contemporary_dance', bridge: { kind: 'same_person', person: 'pina bausch', itemId: 'carmen' } },
      de: 'Neu für Sie: Zeitgenössischer Tanz, mit Pina Bausch aus „Carmen“',
      en: 'New for you: contemporary dance, with Pina Bausch from Carmen',
    },
    {
      explanation: { kind: 'new_for_you', genre: 'ballet', bridge: { kind: 'same_work', work: 'carmen', itemId: 'carmen' } },
      de: 'Neu für Sie: Ballett: Carmen, das Sie aus „Carmen“ kennen',
      en: 'New for you: ballet: Carmen, which you know from Carmen',
    },
    {
      explanation: { kind: 'new_for_you', genre: 'operetta', bridge: { kind: 'adjacent_genre', from: 'opera', to: 'operetta' } },
      de: 'Neu für Sie: Operette, nah an Oper, das Sie mögen',
      en: 'New for you: operetta, close to the opera you like',
    },
    {
      explanation: { kind: 'new_for_you', genre: 'jazz', bridge: { kind: 'similar_people_returned', count: 7 } },
      de: 'Neu für Sie: Jazz. Menschen mit ähnlichem Geschmack haben es ausprobiert und kamen wieder',
      en: 'New for you: jazz. People with tastes like yours tried it and came back',
    },
    { explanation: { kind: 'matches_interest', genre: 'Film-Noir' }, de: 'Passt zu Ihrem Interesse: Film-Noir', en: 'Matches your interest: Film-Noir' },
  ])('$explanation.kind: $en', ({ explanation, de, en }) => {
    expect(sentence(explanation, titleOf)).toEqual({ de, en });
  });
});

describe('a discovery through a person names their role where the catalogue gives one', () => {
  const bridge: Explanation = { kind: 'new_for_you', genre: 'contemporary_dance', bridge: { kind: 'same_person', person: 'lena wolf', itemId: 'carmen' } };
  test.each<{ role: string | undefined; de: string; en: string }>([
    {
      role: 'Choreografin',
      de: 'Neu für Sie: Zeitgenössischer Tanz, mit Lena Wolf (Choreografie in „Carmen“)',
      en: 'New for you: contemporary dance, with Lena Wolf, the choreographer of Carmen',
    },
    { role: 'Inszenierung', de: 'Neu für Sie: Zeitgenössischer Tanz, mit Lena Wolf (Regie in „Carmen“)', en: 'New for you: contemporary dance, with Lena Wolf, the director of Carmen' },
    { role: 'Choreography', de: 'Neu für Sie: Zeitgenössischer Tanz, mit Lena Wolf (Choreografie in „Carmen“)', en: 'New for you: contemporary dance, with Lena Wolf, the choreographer of Carmen' },
    // A role the list does not know: German as the catalogue words it, English without it.
    { role: 'Sopran', de: 'Neu für Sie: Zeitgenössischer Tanz, mit Lena Wolf (Sopran in „Carmen“)', en: 'New for you: contemporary dance, with Lena Wolf from Carmen' },
    { role: undefined, de: 'Neu für Sie: Zeitgenössischer Tanz, mit Lena Wolf aus „Carmen“', en: 'New for you: contemporary dance, with Lena Wolf from Carmen' },
  ])('$role', ({ role, de, en }) => {
    const roleOf = (itemId: string, person: string) => (itemId === 'carmen' && person === 'lena wolf' ? role : undefined);
    expect(sentence(bridge, titleOf, roleOf)).toEqual({ de, en });
  });
});
