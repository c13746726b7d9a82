/*
 * Row shapes of the ticketing tables (migration 2026_11_27_k_ticketing). Conventions as in
 * catalogue/tables.ts: UUIDv7 text ids, ISO-8601 UTC instants as text, JSON as text,
 * money as integer minor units.
 */

export interface TicketingSettingsTable {
  house_id: string;
  hold_minutes: number;
  offer_minutes: number;
  release_minutes: number;
  payment_methods: string; // JSON: PaymentMethod[]
  updated_at: string;
}

export interface TicketQuotaTable {
  id: string;
  house_id: string;
  performance_id: string;
  key: string; // 'capacity' | 'category:<id>' | 'reduced'
  size: number;
  sold: number;
  pending: number;
  size_fixed: number;
  created_at: string;
  updated_at: string;
}

export interface TicketHoldTable {
  id: string;
  house_id: string;
  token_hash: string;
  state: string;
  source: string;
  total_minor: number;
  currency: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
}

export interface HoldLineTable {
  id: string;
  hold_id: string;
  house_id: string;
  performance_id: string;
  price_category_id: string;
  tariff: string | null;
  quantity: number;
  unit_price_minor: number;
  currency: string;
  quota_ids: string;
}

export interface HoldClaimTable {
  hold_id: string;
  quota_id: string;
  quantity: number;
  expires_at: string;
}

export interface TicketOrderTable {
  id: string;
  house_id: string;
  number: string;
  state: string;
  payment_method: string;
  payment_ref: string | null;
  total_minor: number;
  currency: string;
  buyer_name: string;
  buyer_email: string | null;
  buyer_language: string;
  contact_id: string | null;
  consents: string;
  source: string;
  access_token_hash: string;
  hold_id: string | null;
  search_text: string;
  placed_by: string;
  placed_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
}

export interface TicketTable {
  id: string;
  house_id: string;
  order_id: string;
  performance_id: string;
  price_category_id: string;
  tariff: string | null;
  price_minor: number;
  currency: string;
  code: string;
  state: string;
  quota_ids: string;
  exchanged_to: string | null;
  checked_in_at: string | null;
  checked_in_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketScanTable {
  id: string;
  house_id: string;
  performance_id: string;
  ticket_id: string | null;
  code: string;
  result: string;
  scanned_at: string;
  device: string | null;
  offline: number;
  scanned_by: string;
  created_at: string;
}

export interface WaitingListEntryTable {
  id: string;
  house_id: string;
  performance_id: string;
  price_category_id: string;
  tariff: string | null;
  quantity: number;
  name: string;
  email: string | null;
  language: string;
  state: string;
  hold_id: string | null;
  offer_expires_at: string | null;
  token_hash: string;
  created_at: string;
  updated_at: string;
}

export interface IdempotencyKeyTable {
  house_id: string;
  scope: string;
  key: string;
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: string | null;
  locked_until: string;
  created_at: string;
}

export interface TicketingTables {
  ticketing_settings: TicketingSettingsTable;
  ticket_quota: TicketQuotaTable;
  ticket_hold: TicketHoldTable;
  hold_line: HoldLineTable;
  hold_claim: HoldClaimTable;
  ticket_order: TicketOrderTable;
  ticket: TicketTable;
  ticket_scan: TicketScanTable;
  waiting_list_entry: WaitingListEntryTable;
  idempotency_key: IdempotencyKeyTable;
}
