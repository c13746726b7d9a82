import { z } from 'zod';
import { defineEvent } from '../../core/jobs/events.ts';

/*
 * What an import tells other capabilities: the programme of a house changed at once, by
 * many rows (the recommender refits so that new productions are offered right away).
 * Published after the import's transaction committed; dry runs publish nothing.
 */
export const catalogueImported = defineEvent('catalogue.imported', z.object({ houseId: z.string(), runId: z.string() }));
