import { z } from 'zod';
import { journeyGraph, journeyTrigger } from './definition.ts';

/*
 * The HTTP shapes of /api/campaigns/journeys. The trigger and the graph are the shared
 * definitions (definition.ts) the staff app's builder also uses; structural problems of a
 * graph are answered as data (problems), not as errors, so a draft can be saved half-drawn.
 */

export const journeyStatuses = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof journeyStatuses)[number];
export const journeyModes = ['autopilot', 'approval'] as const;
export type JourneyMode = (typeof journeyModes)[number];
export const enrollmentStates = ['waiting', 'completed', 'exited'] as const;

const name = z.string().trim().min(1).max(200);

export const journeyCreateInput = z.object({
  name,
  mode: z.enum(journeyModes).default('autopilot').describe('autopilot: messages go out by themselves; approval: they wait for staff in the approval queue'),
  trigger: journeyTrigger,
  graph: journeyGraph,
});
export type JourneyCreateInput = z.input<typeof journeyCreateInput>;

export const journeyPatchInput = z.object({
  name: name.optional(),
  mode: z.enum(journeyModes).optional(),
  trigger: journeyTrigger.optional(),
  graph: journeyGraph.optional(),
});
export type JourneyPatchInput = z.input<typeof journeyPatchInput>;

export const journeyValidateInput = z.object({ trigger: journeyTrigger, graph: journeyGraph });

export const graphProblemDto = z.object({ field: z.string(), message: z.string() }).meta({ id: 'JourneyGraphProblem' });

export const journeySummaryDto = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(journeyStatuses),
    mode: z.enum(journeyModes),
    trigger: journeyTrigger,
    autopilotRule: z.string().nullable(),
    counts: z.object({ waiting: z.number().int(), completed: z.number().int(), exited: z.number().int() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    activatedAt: z.string().nullable(),
  })
  .meta({ id: 'JourneySummary' });
export type JourneySummary = z.infer<typeof journeySummaryDto>;

export const journeyDto = journeySummaryDto
  .extend({ graph: journeyGraph, problems: z.array(graphProblemDto).describe('What stands in the way of activation; [] when nothing does') })
  .meta({ id: 'Journey' });
export type JourneyDto = z.infer<typeof journeyDto>;

export const nodeStatsDto = z.object({
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      waiting: z.number().int().describe('People waiting at this step now'),
      passed: z.number().int().describe('People who went through this step'),
      sent: z.number().int(),
      opened: z.number().int(),
      clicked: z.number().int(),
    }),
  ),
});
export type NodeStatsDto = z.infer<typeof nodeStatsDto>;

export const enrollmentQuery = z.object({
  state: z.enum(enrollmentStates).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const enrollmentDto = z
  .object({
    id: z.string(),
    contactId: z.string(),
    triggerKey: z.string().describe('What this pass is about: an order, a performance, a purpose, a schedule tick; empty for a segment entry'),
    nodeId: z.string(),
    state: z.enum(enrollmentStates),
    wakeAt: z.string(),
    context: z.object({
      productionId: z.string().optional(),
      performanceId: z.string().optional(),
      orderId: z.string().optional(),
      purpose: z.string().optional(),
      variant: z.string().optional(),
    }),
    enteredAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'JourneyEnrollment' });
export type EnrollmentDto = z.infer<typeof enrollmentDto>;
