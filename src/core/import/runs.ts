import { type RunFailure, storedOutcome } from './report.ts';

/*
 * Every import run is recorded, also when it fails: import_run (the programme) and
 * contact_import_run share these columns and each adds its own (feed and format; unit).
 */

/** A run as a store writes it: the report (or the error) as JSON. */
export interface ImportRunRow {
  id: string;
  houseId: string;
  source: string;
  dryRun: boolean;
  status: 'ok' | 'failed';
  report: string;
  actor: string | null;
  startedAt: string;
  finishedAt: string;
}

/** A run as the API shows it. */
export interface ImportRunBase<R> {
  id: string;
  source: string;
  dryRun: boolean;
  status: 'ok' | 'failed';
  report: R | null;
  error: RunFailure | null;
  actor: string | null;
  startedAt: string;
  finishedAt: string;
}

/** The shared columns of a run, for an INSERT. */
export function runColumnValues(run: ImportRunRow) {
  return {
    id: run.id,
    house_id: run.houseId,
    source: run.source,
    dry_run: run.dryRun ? 1 : 0,
    status: run.status,
    report: run.report,
    actor: run.actor,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
  };
}

/** The shared columns of a stored run, read back. */
export function runOf<R>(row: {
  id: string;
  source: string;
  dry_run: number;
  status: string;
  report: string;
  actor: string | null;
  started_at: string;
  finished_at: string;
}): ImportRunBase<R> {
  return {
    id: row.id,
    source: row.source,
    dryRun: row.dry_run === 1,
    status: row.status === 'ok' ? 'ok' : 'failed',
    ...storedOutcome<R>(row.report),
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
