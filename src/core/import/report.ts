import { fromJson } from '../db/json.ts';
import { isDomainError } from '../errors.ts';

/*
 * What every import reports, whatever it imports (a programme, contacts): totals, every
 * item it left out and every warning, and for a run that failed, the error. Pure.
 */

/** Where in the source an item came from, for reports: 'line 120', 'VEVENT UID=…', 'row 14', '@graph[3]'. */
export type Where = string;

export interface Skip {
  where: Where;
  reason: string;
}

export interface Warning {
  where?: Where;
  message: string;
}

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The totals of an import's main entity and what it left out; each import adds its details. */
export interface ImportTotals extends EntityCounts {
  skipped: Skip[];
  warnings: Warning[];
}

/** What a failed run records instead of a report. */
export interface RunFailure {
  code: string;
  message: string;
}

/** A domain error keeps its code; anything else is recorded as 'internal'. */
export function failureOf(error: unknown): RunFailure {
  if (isDomainError(error)) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A run's stored JSON: the report of a run that went through, or the error of one that failed. */
export function storedOutcome<R>(json: string): { report: R | null; error: RunFailure | null } {
  const stored = fromJson<(R & { error?: undefined }) | { error: RunFailure }>(json, { error: { code: 'internal', message: 'no report' } });
  return stored.error === undefined ? { report: stored as R, error: null } : { report: null, error: stored.error };
}

/** The lines a terminal shows after the totals: every skipped item and every warning. */
export function issueLines(report: ImportTotals): string[] {
  const lines: string[] = [];
  if (report.skipped.length > 0) {
    lines.push(`skipped (${report.skipped.length}):`);
    for (const skip of report.skipped) lines.push(`  ${skip.where}: ${skip.reason}`);
  }
  if (report.warnings.length > 0) {
    lines.push(`warnings (${report.warnings.length}):`);
    for (const warning of report.warnings) lines.push(`  ${warning.where === undefined ? '' : `${warning.where}: `}${warning.message}`);
  }
  return lines;
}
