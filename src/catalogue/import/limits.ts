import type { ImportedPerformance, ImportedPrice, ImportedProduction, Warning } from './model.ts';

/*
 * The numbers the catalogue's API accepts (catalogue/schemas/*.ts), checked once for
 * every format before the plan uses them. Parsers read what a source says; a capacity of
 * 1.5 or a price of 1e10 would otherwise reach an integer column (a 500 on PostgreSQL) or
 * a row the API itself would refuse (SQLite). limits.test.ts keeps these in step with
 * the schemas.
 */

interface Range {
  min: number;
  max: number;
}

export const importLimits = {
  /** performances.ts capacity, places.ts hall capacity */
  capacity: { min: 0, max: 200_000 },
  /** productions.ts durationMinutes */
  durationMinutes: { min: 1, max: 24 * 60 },
  /** productions.ts ageMin, ageMax */
  age: { min: 0, max: 120 },
  /** price-categories.ts amountMinor */
  amountMinor: { min: 0, max: 100_000_000 },
} as const satisfies Record<string, Range>;

function within(value: number, range: Range): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

function money(amountMinor: number): string {
  return Number.isFinite(amountMinor) ? (amountMinor / 100).toFixed(2) : String(amountMinor);
}

/** A copy of the production without the numbers out of range, each dropped with a warning naming it. */
export function checkProduction(production: ImportedProduction, warnings: Warning[]): ImportedProduction {
  const checked = { ...production };
  const drop = (key: 'ageMin' | 'ageMax' | 'durationMinutes', label: string, range: Range) => {
    const value = checked[key];
    if (value === undefined || within(value, range)) return;
    delete checked[key];
    warnings.push({ where: production.where, message: `${label} ${value} is not a whole number from ${range.min} to ${range.max}: left out` });
  };
  drop('ageMin', 'minimum age', importLimits.age);
  drop('ageMax', 'maximum age', importLimits.age);
  drop('durationMinutes', 'duration in minutes', importLimits.durationMinutes);
  return checked;
}

/** A copy of the performance without a capacity or prices out of range, each dropped with a warning. */
export function checkPerformance(performance: ImportedPerformance, warnings: Warning[]): ImportedPerformance {
  const checked = { ...performance };
  if (checked.capacity !== undefined && !within(checked.capacity, importLimits.capacity)) {
    warnings.push({
      where: performance.where,
      message: `capacity ${checked.capacity} is not a whole number from ${importLimits.capacity.min} to ${importLimits.capacity.max}: left out`,
    });
    delete checked.capacity;
  }
  const prices: ImportedPrice[] = [];
  for (const price of performance.prices) {
    if (within(price.amountMinor, importLimits.amountMinor)) {
      prices.push(price);
      continue;
    }
    warnings.push({
      where: performance.where,
      message: `price "${price.name}" of ${money(price.amountMinor)} ${price.currency} is not an amount from ${money(importLimits.amountMinor.min)} to ${money(importLimits.amountMinor.max)}: left out`,
    });
  }
  checked.prices = prices;
  return checked;
}
