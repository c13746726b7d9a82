import type { AudienceTables } from '../../audience/tables.ts';
import type { CampaignTables } from '../../campaigns/tables.ts';
import type { CatalogueTables } from '../../catalogue/tables.ts';
import type { RecommendationTables } from '../../recommend/tables.ts';
import type { AssistantTables } from '../../assistant/tables.ts';
import type { AuthTables } from '../auth/tables.ts';
import type { JobTables } from '../jobs/tables.ts';
import type { TicketingTables } from '../../ticketing/tables.ts';
import type { TicketDocumentTables } from '../../ticketing/tickets/tables.ts';

/** The whole database as Kysely sees it: each capability declares its own tables. */
export interface DB extends CatalogueTables, AuthTables, JobTables, AudienceTables, TicketingTables, TicketDocumentTables, CampaignTables, RecommendationTables, AssistantTables {}
