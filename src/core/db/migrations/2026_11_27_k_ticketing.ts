import type { Kysely } from 'kysely';

/*
 * Ticketing (src/ticketing): inventory, holds, orders, tickets, check-in scans, the
 * waiting list, and the idempotency keys that every order write carries.
 *
 * How seats are counted (the reason for most of these columns):
 * - ticket_quota: one row per counted pool of a performance: its capacity, a price
 *   category that keeps its own quota, the seats for reduced tariffs. A ticket counts
 *   against every quota it belongs to (ticket.quota_ids), as in pretix. sold and pending
 *   are kept in the row, written in the same transaction that writes the tickets, so
 *   that availability is a read of a few locked rows instead of a count over tickets.
 * - hold_claim: the seats a hold takes from each quota until expires_at. Availability
 *   sums the claims that have not expired (the index covers quota, expiry and seats);
 *   an expired claim simply stops counting, converting or releasing a hold deletes its
 *   claims, and no cleanup is needed for correctness.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticketing_settings')
    .addColumn('house_id', 'text', (c) => c.primaryKey().references('house.id').onDelete('cascade'))
    .addColumn('hold_minutes', 'integer', (c) => c.notNull().defaultTo(15))
    .addColumn('offer_minutes', 'integer', (c) => c.notNull().defaultTo(120))
    .addColumn('payment_methods', 'text', (c) => c.notNull().defaultTo('["box_office","invoice","free"]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ticket_quota')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('performance_id', 'text', (c) => c.notNull().references('performance.id').onDelete('cascade'))
    // 'capacity' | 'category:<price category id>' | 'reduced'
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    // Set by staff (the reduced seats, a capacity below the hall's): kept when the catalogue changes.
    .addColumn('size_fixed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_quota_performance_key').unique().on('ticket_quota').columns(['performance_id', 'key']).execute();
  await db.schema.createIndex('ticket_quota_house').on('ticket_quota').columns(['house_id']).execute();

  await db.schema
    .createTable('ticket_hold')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    // Who holds it proves it with this secret (hashed): hold ids are time-ordered, not secret.
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // active | converted | released
    .addColumn('source', 'text', (c) => c.notNull()) // web | box_office | assistant | waiting_list | api
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_hold_house').on('ticket_hold').columns(['house_id', 'created_at']).execute();

  await db.schema
    .createTable('hold_line')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hold_id', 'text', (c) => c.notNull().references('ticket_hold.id').onDelete('cascade'))
    .addColumn('house_id', 'text', (c) => c.notNull())
    .addColumn('performance_id', 'text', (c) => c.notNull().references('performance.id').onDelete('cascade'))
    .addColumn('price_category_id', 'text', (c) => c.notNull())
    .addColumn('tariff', 'text') // null: the full price; else a reduction code of the category
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('quota_ids', 'text', (c) => c.notNull()) // JSON
    .execute();
  await db.schema.createIndex('hold_line_hold').on('hold_line').columns(['hold_id']).execute();

  await db.schema
    .createTable('hold_claim')
    .addColumn('hold_id', 'text', (c) => c.notNull().references('ticket_hold.id').onDelete('cascade'))
    .addColumn('quota_id', 'text', (c) => c.notNull().references('ticket_quota.id').onDelete('cascade'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hold_claim_pk', ['hold_id', 'quota_id'])
    .execute();
  await db.schema.createIndex('hold_claim_quota').on('hold_claim').columns(['quota_id', 'expires_at', 'quantity']).execute();

  await db.schema
    .createTable('ticket_order')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | paid | cancelled | refunded
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('payment_ref', 'text')
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('buyer_email', 'text') // null at the box office without an address, and after erasure
    .addColumn('buyer_language', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('consents', 'text', (c) => c.notNull()) // JSON: the boxes the buyer ticked, with proof
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('access_token_hash', 'text', (c) => c.notNull())
    .addColumn('hold_id', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_order_number').unique().on('ticket_order').columns(['house_id', 'number']).execute();
  await db.schema.createIndex('ticket_order_placed').on('ticket_order').columns(['house_id', 'placed_at']).execute();
  await db.schema.createIndex('ticket_order_contact').on('ticket_order').columns(['contact_id']).execute();
  await db.schema.createIndex('ticket_order_email').on('ticket_order').columns(['house_id', 'buyer_email']).execute();

  await db.schema
    .createTable('ticket')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('ticket_order.id').onDelete('cascade'))
    .addColumn('performance_id', 'text', (c) => c.notNull().references('performance.id'))
    .addColumn('price_category_id', 'text', (c) => c.notNull())
    .addColumn('tariff', 'text')
    .addColumn('price_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // valid | cancelled
    .addColumn('quota_ids', 'text', (c) => c.notNull()) // JSON: the quotas it counts against
    .addColumn('exchanged_to', 'text') // the ticket that replaced it in an exchange
    .addColumn('checked_in_at', 'text')
    .addColumn('checked_in_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_code').unique().on('ticket').columns(['code']).execute();
  await db.schema.createIndex('ticket_by_order').on('ticket').columns(['order_id']).execute();
  await db.schema.createIndex('ticket_performance').on('ticket').columns(['performance_id', 'state', 'created_at']).execute();

  await db.schema
    .createTable('ticket_scan')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('performance_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // valid | already_used | cancelled | unknown | wrong_performance
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('device', 'text')
    .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scanned_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_scan_performance').on('ticket_scan').columns(['performance_id', 'scanned_at']).execute();

  await db.schema
    .createTable('waiting_list_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('house_id', 'text', (c) => c.notNull().references('house.id').onDelete('cascade'))
    .addColumn('performance_id', 'text', (c) => c.notNull().references('performance.id').onDelete('cascade'))
    .addColumn('price_category_id', 'text', (c) => c.notNull())
    .addColumn('tariff', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text') // null after erasure
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // waiting | offered | booked | expired | left
    .addColumn('hold_id', 'text')
    .addColumn('offer_expires_at', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('waiting_list_queue')
    .on('waiting_list_entry')
    .columns(['performance_id', 'price_category_id', 'state', 'created_at'])
    .execute();
  await db.schema.createIndex('waiting_list_house').on('waiting_list_entry').columns(['house_id', 'state']).execute();

  await db.schema
    .createTable('idempotency_key')
    .addColumn('house_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull()) // the operation: 'order.place', 'order.cancel', ...
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // running | done
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    // A running claim older than this was left by a crashed process: a retry may take it over.
    .addColumn('locked_until', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['house_id', 'scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_key_created').on('idempotency_key').columns(['created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_key', 'waiting_list_entry', 'ticket_scan', 'ticket', 'ticket_order', 'hold_claim', 'hold_line', 'ticket_hold', 'ticket_quota', 'ticketing_settings']) {
    await db.schema.dropTable(table).execute();
  }
}
