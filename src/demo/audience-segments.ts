import type { SegmentRule } from '../audience/segments/model.ts';

/*
 * The saved segments a marketing lead of the Theater Auenstadt would keep, in the order
 * they are created (a segment can only refer to one made before it). Rules name units
 * and other segments by key; the seed resolves the keys to ids.
 */

export interface SegmentRefs {
  unit(slug: string): string;
  segment(key: string): string;
}

export interface PlannedSegment {
  key: string;
  name: string;
  description: string;
  /** A unit's segment sees only the unit's contacts and interactions. */
  unit: string | null;
  kind: 'rules' | 'static';
  /** Null for a static list: its members are the premiere subscribers of the plan. */
  rules: ((refs: SegmentRefs) => SegmentRule) | null;
}

export const demoSegments: readonly PlannedSegment[] = [
  {
    key: 'teachers',
    name: 'Junges Theater: Lehrkräfte',
    description:
      'Kontakte des Jungen Theaters, die Jugendtheater als Interesse angegeben und in den letzten 24 Monaten mindestens zwei Vorstellungen gebucht haben: meist Lehrkräfte, die mit ihren Klassen kommen.',
    unit: 'junges-theater',
    kind: 'rules',
    rules: () => ({ all: [{ interest: ['youth_theatre'] }, { booked: { atLeast: 2, months: 24 } }] }),
  },
  {
    key: 'opera',
    name: 'Opernfreundinnen und -freunde',
    description: 'Haben in den letzten 24 Monaten mindestens zwei Opernvorstellungen besucht.',
    unit: null,
    kind: 'rules',
    rules: () => ({ attended: { atLeast: 2, months: 24, genre: 'opera' } }),
  },
  {
    key: 'families',
    name: 'Familien mit Kindern',
    description: 'Haben in den letzten 24 Monaten Kindertheater gebucht oder Kinder- und Figurentheater als Interesse angegeben; Lehrkräfte des Jungen Theaters ausgenommen.',
    unit: null,
    kind: 'rules',
    rules: (refs) => ({
      all: [
        { any: [{ booked: { atLeast: 1, months: 24, genre: 'children_theatre' } }, { interest: ['children_theatre', 'puppetry'] }] },
        { not: { segment: refs.segment('teachers') } },
      ],
    }),
  },
  {
    key: 'first-time',
    name: 'Erstbesucher:innen',
    description: 'Zum ersten Mal bei uns: die erste Buchung oder der erste Besuch liegt höchstens 12 Monate zurück, höchstens ein Besuch bisher.',
    unit: null,
    kind: 'rules',
    rules: () => ({ firstTime: { months: 12 } }),
  },
  {
    key: 'lapsed',
    name: 'Lange nicht gesehen',
    description: 'Waren schon bei uns, aber seit 18 Monaten nicht mehr: Kandidatinnen und Kandidaten für eine Wiedersehens-Kampagne.',
    unit: null,
    kind: 'rules',
    rules: () => ({ lapsed: { months: 18 } }),
  },
  {
    key: 'premieres',
    name: 'Premierenpublikum',
    description: 'Statische Liste: die Inhaberinnen und Inhaber des Premierenabonnements der Spielzeit 2026/27, aus der Abonnementverwaltung übernommen.',
    unit: null,
    kind: 'static',
    rules: null,
  },
];
