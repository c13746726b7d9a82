import { describe, expect, it } from 'vitest';
import type { Interaction } from '../types.ts';
import { itemOf } from './items.ts';
import { cutAtShare, temporalSplit } from './split.ts';

const at = (userId: string, itemId: string, time: number, kind: Interaction['kind'] = 'booked'): Interaction => ({ userId, itemId, kind, at: time, weight: 1 });
const items = ['a', 'b', 'c', 'd'].map((id) => itemOf({ id, genres: ['drama'] }));

describe('the temporal split', () => {
  const interactions = [at('u', 'a', 1), at('u', 'b', 5), at('u', 'a', 6), at('v', 'c', 2), at('v', 'd', 7, 'clicked'), at('w', 'c', 8), at('x', 'a', 1)];
  const split = temporalSplit({ data: { items, interactions, declared: new Map(), now: 10 }, cut: 5 });

  it('learns only from what happened before the cut, as of the cut', () => {
    expect(split.train.interactions.map((i) => `${i.userId}${i.itemId}`)).toEqual(['ua', 'vc', 'xa']);
    expect(split.train.now).toBe(5);
  });

  it.each([
    { user: 'u', relevant: ['b'] }, // a again is not new to u
    { user: 'v', relevant: undefined }, // a click is not a booking
    { user: 'w', relevant: ['c'] }, // cold start, still a test user
    { user: 'x', relevant: undefined }, // nothing after the cut
  ])('judges $user on $relevant', ({ user, relevant }) => {
    const found = split.relevant.get(user);
    expect(found === undefined ? undefined : [...found]).toEqual(relevant);
  });

  it('counts the cold-start users', () => {
    expect(split.coldStartUsers).toBe(1);
  });

  it('keeps only candidates as relevant', () => {
    const narrow = temporalSplit({ data: { items, interactions, declared: new Map(), now: 10 }, cut: 5, candidates: new Set(['c']) });
    expect([...narrow.relevant.keys()]).toEqual(['w']);
  });

  it.each([
    { times: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], share: 0.8, expected: 9 },
    { times: [3, 1, 2], share: 0.5, expected: 2 },
    { times: [], share: 0.8, expected: 0 },
  ])('cuts $times at $share at $expected', ({ times, share, expected }) => {
    expect(cutAtShare(times.map((t) => at('u', 'a', t)), share)).toBe(expected);
  });
});
