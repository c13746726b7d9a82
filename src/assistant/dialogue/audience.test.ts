import { describe, expect, it } from 'vitest';
import { audiences } from '../../catalogue/genres.ts';
import { catalogueAudienceOf } from './audience.ts';

describe('the catalogue audience of an understood audience word', () => {
  it.each([
    ['family', { audience: 'families' }],
    ['school', { audience: 'schools' }],
    ['children', { audience: 'children' }],
    ['adults', { audience: 'adults' }],
    ['youth', { genre: 'youth_theatre' }],
    [undefined, {}],
    // A remembered word from an older dialogue state that is no audience word: no filter.
    ['families', {}],
    ['toString', {}],
  ] as const)('maps %s to %o', (word, expected) => {
    expect(catalogueAudienceOf(word)).toEqual(expected);
  });

  it('only ever gives audiences the catalogue knows', () => {
    for (const word of ['children', 'family', 'youth', 'school', 'adults']) {
      const { audience } = catalogueAudienceOf(word);
      if (audience !== undefined) expect(audiences).toContain(audience);
    }
  });
});
