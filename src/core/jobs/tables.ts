/** The durable queue of the SQLite jobs adapter (pg-boss keeps its own tables). */
export interface JobTable {
  id: string;
  name: string;
  payload: string; // JSON object
  state: string; // created | retry | active | completed | failed | cancelled
  run_at: string; // not before this instant
  attempts: number; // handler starts so far
  retry_limit: number;
  retry_delay_seconds: number;
  /** At most one pending (created, retry, active) job per (name, singleton_key). */
  singleton_key: string | null;
  /** KEY@SLOT for a job a schedule enqueued: unique, so a slot yields one job however many workers see it due. */
  schedule_slot: string | null;
  /** The worker holding it and until when; an expired lease is taken back. */
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

export interface JobScheduleTable {
  key: string;
  name: string;
  cron: string;
  time_zone: string; // IANA zone the cron expression is read in
  payload: string; // JSON object
  retry_limit: number;
  retry_delay_seconds: number;
  next_run_at: string;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobTables {
  job: JobTable;
  job_schedule: JobScheduleTable;
}
