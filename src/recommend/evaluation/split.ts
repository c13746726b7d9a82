import type { Interaction, TrainingData } from '../types.ts';

/*
 * The temporal split: the methods learn from everything before the cut and are judged on
 * what each person did after it, as in production, where nobody knows the future. A
 * random split would let a method learn from a person's later taste and flatter it.
 */

export interface EvaluationData {
  data: TrainingData;
  /** Items that can be recommended after the cut (the upcoming programme); all items when undefined. */
  candidates?: ReadonlySet<string>;
  /** Which test interactions count as relevant; default: booked and attended (clicks are too weak). */
  isRelevant?: (interaction: Interaction) => boolean;
  /** Where to cut; default: at 80% of the interactions in time. */
  cut?: number;
}

export interface TemporalSplit {
  train: TrainingData;
  cut: number;
  /** Per test user, the relevant items after the cut that they had not had before it. */
  relevant: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per user, what they had in training (excluded from their list, and their history for the metrics). */
  history: ReadonlyMap<string, readonly string[]>;
  candidates: ReadonlySet<string>;
  /** Test users with nothing in training: they count, and show how a method copes with the cold start. */
  coldStartUsers: number;
}

export const strongSignal = (interaction: Interaction): boolean => interaction.kind === 'booked' || interaction.kind === 'attended';

/** The moment by which `share` of the interactions happened (the nearest interaction time). */
export function cutAtShare(interactions: readonly Interaction[], share: number): number {
  if (interactions.length === 0) return 0;
  const times = interactions.map((i) => i.at).sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.floor(times.length * share))] as number;
}

export function temporalSplit(source: EvaluationData): TemporalSplit {
  const { data } = source;
  const cut = source.cut ?? cutAtShare(data.interactions, 0.8);
  const isRelevant = source.isRelevant ?? strongSignal;
  const before = data.interactions.filter((i) => i.at < cut);
  const history = new Map<string, string[]>();
  for (const interaction of before) {
    const seen = history.get(interaction.userId) ?? [];
    if (!seen.includes(interaction.itemId)) seen.push(interaction.itemId);
    history.set(interaction.userId, seen);
  }
  const candidates = source.candidates ?? new Set(data.items.map((item) => item.id));
  const relevant = new Map<string, Set<string>>();
  for (const interaction of data.interactions) {
    if (interaction.at < cut || !isRelevant(interaction) || !candidates.has(interaction.itemId)) continue;
    if (history.get(interaction.userId)?.includes(interaction.itemId) === true) continue;
    const items = relevant.get(interaction.userId) ?? new Set<string>();
    items.add(interaction.itemId);
    relevant.set(interaction.userId, items);
  }
  const coldStartUsers = [...relevant.keys()].filter((user) => !history.has(user)).length;
  // Declared interests are what people told the house; stated before or after, they are not a peek at the answer.
  const train: TrainingData = { items: data.items, interactions: before, declared: data.declared, now: cut };
  return { train, cut, relevant, history, candidates, coldStartUsers };
}
