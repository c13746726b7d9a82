/* Row shape of the ticket link keys (migration 2026_11_27_l_ticket_link_key). */

export interface TicketLinkKeyTable {
  house_id: string;
  link_key: string; // base64url, 32 random bytes
  created_at: string;
}

export interface TicketDocumentTables {
  ticket_link_key: TicketLinkKeyTable;
}
