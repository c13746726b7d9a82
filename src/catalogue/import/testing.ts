import type { ImportBatch, ImportedPerformance, ImportedProduction, ImportedVenue } from './model.ts';

/*
 * Hand-built batches for the import's tests: what a parser would give, without a parser.
 */

export function production(ref: string, overrides: Partial<ImportedProduction> = {}): ImportedProduction {
  return {
    ref,
    kind: 'staged',
    title: { de: `Stück ${ref}` },
    genres: ['drama'],
    tags: [],
    performers: [],
    creativeTeam: [],
    where: `VEVENT UID=${ref}`,
    ...overrides,
  };
}

export function performance(ref: string, productionRef: string, startsAt: string, overrides: Partial<ImportedPerformance> = {}): ImportedPerformance {
  return {
    ref,
    productionRef,
    startsAt,
    status: 'scheduled',
    prices: [],
    where: `VEVENT UID=${ref}`,
    ...overrides,
  };
}

export function venue(ref: string, name: string, overrides: Partial<ImportedVenue> = {}): ImportedVenue {
  return { ref, name, where: `LOCATION ${name}`, ...overrides };
}

export function batch(parts: Partial<ImportBatch> = {}): ImportBatch {
  return { format: 'ics', venues: [], productions: [], performances: [], skipped: [], warnings: [], ...parts };
}

/** n productions with `perProduction` performances each, a day apart, at one venue. */
export function largeBatch(productions: number, perProduction: number, start = Date.UTC(2026, 9, 1, 17, 30)): ImportBatch {
  const result = batch({ venues: [venue('stadttheater', 'Stadttheater')] });
  for (let p = 0; p < productions; p += 1) {
    result.productions.push(production(`prod-${p}`, { title: { de: `Produktion ${p}` } }));
    for (let i = 0; i < perProduction; i += 1) {
      const n = p * perProduction + i + 1;
      result.performances.push(
        performance(`perf-${n}`, `prod-${p}`, new Date(start + n * 86_400_000).toISOString(), {
          venueRef: 'stadttheater',
          hallName: 'Großes Haus',
          prices: [{ name: 'Kategorie A', amountMinor: 3500, currency: 'EUR' }],
        }),
      );
    }
  }
  return result;
}
