import type { ImportTotals, Skip, Warning } from '../../core/import/report.ts';
import type { ConsentSource, MarketingPurpose } from '../model.ts';

/*
 * What a contact import reads and what it reports. A CSV file is parsed into one
 * ContactRow per line that names an e-mail address (parse.ts, pure); the plan matches the
 * rows against the house's contacts and decides, per row, on which lawful basis anything
 * may be kept (plan.ts, pure); the service writes the plan in one transaction.
 */

// Where in the file: 'row 14' is the line in the file where the row starts.
export type { Skip, Warning, Where } from '../../core/import/report.ts';

/** The columns a contact file can have besides consents; `ContactColumns` maps them to headers. */
export const contactFields = [
  'email',
  'name',
  'firstName',
  'lastName',
  'attendeeName',
  'phone',
  'language',
  'postalCode',
  'birthYear',
  'birthDate',
  'interests',
  'consentDate',
  'orderCode',
  'orderDate',
  'orderTime',
  'orderStatus',
  'event',
] as const;
export type ContactField = (typeof contactFields)[number];

/**
 * An explicit mapping, e.g. { email: 'Mail', consent: { newsletter: 'NL' } }: it wins
 * over the header names Foyer knows.
 */
export type ContactColumns = Partial<Record<ContactField, string>> & {
  consent?: Partial<Record<MarketingPurpose, string>>;
};

/** How the house's sources are named in consents and contacts: an export of the box office or any other import. */
export const importSources = ['import', 'box_office'] as const satisfies readonly ConsentSource[];
export type ImportSource = (typeof importSources)[number];

/** A consent column's answer in one row. */
export interface ConsentAnswer {
  purpose: MarketingPurpose;
  answer: 'yes' | 'no';
  /** The header of the column, kept as proof of where the consent came from. */
  column: string;
  /** When the person agreed, from a date column or a date in the consent cell; undefined: the file does not say. */
  grantedAt?: string;
}

export interface OrderInRow {
  /** The booking's idempotency key: the order code, after the event slug when the file names one. */
  ref: string;
  /** When the order was placed; undefined: the file does not say. */
  at?: string;
  /** Cancelled or expired orders are no contract, and no lawful basis. */
  cancelled: boolean;
}

/** One line of the file with an e-mail address, its values read and checked. */
export interface ContactRow {
  line: number;
  email: string;
  emailNormalised: string;
  name?: string;
  phone?: string;
  language?: 'de' | 'en';
  postalCode?: string;
  birthYear?: number;
  interests: string[];
  consents: ConsentAnswer[];
  order?: OrderInRow;
}

export interface ParsedContactFile {
  rows: ContactRow[];
  skipped: Skip[];
  warnings: Warning[];
  /** Whether any column says yes or no to a purpose: without one, everything with an order is ticketing only. */
  hasConsentColumns: boolean;
  /** Data rows read (non-empty lines below the header). */
  rowCount: number;
}

/** The report every contact import gives; `foyer contacts import --json` prints it as is. */
/** Its totals count contacts: created, updated (a field filled, a consent granted or renewed, a booking or unit added), unchanged. */
export interface ContactImportReport extends ImportTotals {
  details: {
    dryRun: boolean;
    /** Data rows in the file. */
    rows: number;
    /** Consents written: granted (new), renewed (a newer date than Foyer had), unchanged. */
    consents: { granted: number; renewed: number; unchanged: number };
    /** Booking interactions from order codes. */
    bookings: { created: number; unchanged: number };
    /** Contacts newly linked to the unit the import is for. */
    unitMemberships: number;
    /** Rows with an order and no marketing consent: kept for ticketing only. */
    ticketingOnly: number;
  };
}

export type ProgressPhase = 'parse' | 'write';

export interface ContactImportProgress {
  phase: ProgressPhase;
  done: number;
  total: number;
}
