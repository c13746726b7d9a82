import { z } from 'zod';
import { marketingPurposes, purposes } from '../model.ts';
import { segmentKinds } from './model.ts';

/*
 * The API shapes of segments. A rule tree travels as JSON and is checked by the service
 * (model.checkRule), not by the route, so that its errors name the node's path in the
 * tree ("rules.all[2].attended.months") for the API, the CLI and the web app alike.
 */

const rulesInput = z
  .unknown()
  .describe(
    'A rule tree: an object with exactly one key. {all:[…]}, {any:[…]}, {not:{…}}; {language:["de"]}, {postcode:["10","12"]}, ' +
      '{age:{min,max}}, {interest:["opera"]}; {booked|attended:{atLeast,months,genre|productionId|unitId}}, {firstTime:{months}}, ' +
      '{lapsed:{months}}, {opened|clicked:{days}}; {consent:"newsletter"}; {segment:"<id>"}. At most 6 levels and 50 conditions.',
  );

export const purposeInput = z.enum(purposes).describe('Count (and sample) only contacts with valid consent for this purpose');

export const segmentCountInput = z
  .object({
    rules: rulesInput,
    purpose: purposeInput.optional(),
    sample: z.boolean().default(false).describe('Also answer up to 20 matching contacts (needs audience:read; writes one audit entry)'),
  })
  .meta({ id: 'SegmentCountRequest' });

export const contactSampleDto = z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).meta({ id: 'SegmentSampleContact' });

export const segmentCountDto = z
  .object({
    count: z.number().int().describe('Matching contacts: with valid consent for the purpose when one was given, else all'),
    total: z.number().int().describe('Matching contacts, whatever their consents'),
    purpose: z.enum(purposes).nullable(),
    reachable: z.record(z.enum(marketingPurposes), z.number().int()).describe('Of the total, how many have valid consent for each purpose'),
    sample: z.array(contactSampleDto).optional(),
  })
  .meta({ id: 'SegmentCount' });
export type SegmentCount = z.output<typeof segmentCountDto>;

export const segmentCreateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullish(),
    kind: z.enum(segmentKinds).default('rules').describe('rules: evaluated from its rule tree; static: a list of contacts (from CSV)'),
    rules: rulesInput.optional(),
    unitId: z.uuid().nullish().describe("A unit's segment sees only the unit's contacts and interactions; unit staff always create in their unit"),
  })
  .meta({ id: 'SegmentCreate' });
export type SegmentCreateInput = z.input<typeof segmentCreateInput>;

export const segmentPatchInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).nullish(),
    rules: rulesInput.optional(),
  })
  .meta({ id: 'SegmentPatch' });
export type SegmentPatchInput = z.input<typeof segmentPatchInput>;

export const segmentDto = z
  .object({
    id: z.string(),
    unitId: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(segmentKinds),
    rules: z.unknown().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Segment' });
export type Segment = z.output<typeof segmentDto>;

export const segmentMemberDto = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string(),
    language: z.string().nullable(),
    addedAt: z.string().nullable().describe('Static lists: when the contact was put on the list'),
  })
  .meta({ id: 'SegmentMember' });
export type SegmentMember = z.output<typeof segmentMemberDto>;

export const memberImportDto = z
  .object({
    rows: z.number().int().describe('Addresses read from the file (each address once)'),
    added: z.number().int(),
    alreadyMembers: z.number().int(),
    unknown: z.array(z.object({ row: z.number().int(), email: z.string() })).describe('Addresses with no contact (in this unit): reported, never created'),
    invalid: z.array(z.object({ row: z.number().int(), value: z.string(), reason: z.string() })),
    truncated: z.boolean().describe('More than 1,000 unknown or invalid rows: the lists show the first 1,000'),
  })
  .meta({ id: 'SegmentMemberImport' });
export type MemberImport = z.output<typeof memberImportDto>;

export const memberRemovalInput = z
  .object({ contactIds: z.array(z.uuid()).min(1).max(1000).optional().describe('Leave out to empty the list') })
  .nullish()
  .meta({ id: 'SegmentMemberRemoval' });
