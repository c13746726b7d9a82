import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import type { Database } from './database.ts';
import * as catalogue from './migrations/2026_11_26_a_catalogue.ts';
import * as auth from './migrations/2026_11_26_b_auth.ts';
import * as authSetup from './migrations/2026_11_26_c_auth_setup.ts';
import * as jobs from './migrations/2026_11_26_d_jobs.ts';
import * as catalogueVersions from './migrations/2026_11_26_e_catalogue_versions.ts';
import * as audience from './migrations/2026_11_27_f_audience.ts';
import * as consentTokenSpent from './migrations/2026_11_27_g_consent_token_spent.ts';
import * as privacyRetention from './migrations/2026_11_27_i_privacy_retention.ts';
import * as segments from './migrations/2026_11_27_j_segments.ts';
import * as ticketing from './migrations/2026_11_27_k_ticketing.ts';
import * as ticketLinkKey from './migrations/2026_11_27_l_ticket_link_key.ts';
import * as campaignBranding from './migrations/2026_11_27_m_campaign_branding.ts';
import * as mailSuppression from './migrations/2026_11_27_n_mail_suppression.ts';
import * as channelPosts from './migrations/2026_11_27_o_channel_posts.ts';
import * as reservationRelease from './migrations/2026_11_27_p_reservation_release.ts';
import * as campaignsJourneys from './migrations/2026_11_27_q_campaigns_journeys.ts';
import * as recommendations from './migrations/2026_11_27_r_recommendations.ts';
import * as assistant from './migrations/2026_11_27_s_assistant.ts';

/**
 * Versioned migrations, applied in name order. A migration that has run is never
 * edited: changes come as a new file with a later name.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_26_a_catalogue': catalogue,
  '2026_11_26_b_auth': auth,
  '2026_11_26_c_auth_setup': authSetup,
  '2026_11_26_d_jobs': jobs,
  '2026_11_26_e_catalogue_versions': catalogueVersions,
  '2026_11_27_f_audience': audience,
  '2026_11_27_g_consent_token_spent': consentTokenSpent,
  '2026_11_27_i_privacy_retention': privacyRetention,
  '2026_11_27_j_segments': segments,
  '2026_11_27_k_ticketing': ticketing,
  '2026_11_27_l_ticket_link_key': ticketLinkKey,
  '2026_11_27_m_campaign_branding': campaignBranding,
  '2026_11_27_n_mail_suppression': mailSuppression,
  '2026_11_27_o_channel_posts': channelPosts,
  '2026_11_27_p_reservation_release': reservationRelease,
  '2026_11_27_q_campaigns_journeys': campaignsJourneys,
  '2026_11_27_r_recommendations': recommendations,
  '2026_11_27_s_assistant': assistant,
};

export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its migration tables in every schema unless told which one: with
    // several schemas in one PostgreSQL database (tests run one per file) it would find
    // another schema's table and skip creating its own.
    ...(database.schema === undefined ? {} : { migrationTableSchema: database.schema }),
  });
  let result = await migrator.migrateToLatest();
  // Kysely's introspection reads the tables of every schema in the database. When another
  // process drops a schema at that moment (each PostgreSQL test file drops its own on
  // close), PostgreSQL answers "schema … does not exist" before any migration has run:
  // that is safe to try again.
  for (let retries = 0; retries < 5 && result.error !== undefined && isConcurrentDrop(result); retries += 1) {
    result = await migrator.migrateToLatest();
  }
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

function isConcurrentDrop(result: MigrationResultSet): boolean {
  const error = result.error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const noMigrationFailed = !(result.results ?? []).some((r) => r.status === 'Error');
  // 3F000 invalid_schema_name, 42P01 undefined_table, 42703 undefined_column (pg_get_serial_sequence)
  return noMigrationFailed && ['3F000', '42P01', '42703'].includes(code);
}
