export interface StaffAccountTable {
  id: string;
  house_id: string;
  email: string; // lower-cased
  name: string;
  password_hash: string; // scrypt$N$r$p$salt$hash
  role: string; // owner | marketing | dialogue | unit_staff | analyst
  unit_id: string | null; // required for unit_staff
  language: string; // de | en
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  last_login_at: string | null;
}

export interface StaffSessionTable {
  /** sha256 of the cookie token: a leaked database does not leak live sessions. */
  id: string;
  staff_id: string;
  house_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiKeyTable {
  id: string;
  house_id: string;
  name: string;
  /** First characters of the key, shown in lists so people can tell keys apart. */
  prefix: string;
  key_hash: string; // sha256 of the whole key
  scopes: string; // JSON: permissions
  unit_id: string | null;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** At most one row ('setup'): who won the race to create the first house. */
export interface SetupClaimTable {
  id: string;
  claimed_at: string;
}

export interface AuthTables {
  staff_account: StaffAccountTable;
  staff_session: StaffSessionTable;
  api_key: ApiKeyTable;
  setup_claim: SetupClaimTable;
}
