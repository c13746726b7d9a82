import { z } from 'zod';
import { PRICE_CODE_MAX } from '../model.ts';
import { currencyInput, requiredText, titleDto, titleInput, titlePatch } from '../schemas.ts';

/* Price categories of a production (or of one performance) with their reduced tariffs. */

const codeInput = z
  .string()
  .trim()
  .min(1)
  .max(PRICE_CODE_MAX, `at most ${PRICE_CODE_MAX} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, `letters, digits, - and _, at most ${PRICE_CODE_MAX}`);

export const reductionInput = z.object({
  code: codeInput,
  nameDe: requiredText(200),
  nameEn: z.string().trim().max(200).nullish(),
  amountMinor: z.number().int().min(0),
  eligible: z.array(z.string().trim().min(1).max(100)).max(20).optional().describe("who may buy it: 'students', 'seniors', …"),
});

const priceCategoryFields = {
  productionId: z.uuid(),
  performanceId: z.uuid().nullish().describe('only for this performance; omitted: every performance of the production'),
  code: codeInput,
  name: titleInput,
  amountMinor: z.number().int().min(0).max(100_000_000),
  currency: currencyInput,
  quota: z.number().int().min(0).max(200_000).nullish(),
  reductions: z.array(reductionInput).max(30),
  sortOrder: z.number().int().min(0).max(10_000),
};

export const priceCategoryCreateInput = z
  .object(priceCategoryFields)
  .partial()
  .required({ productionId: true, name: true, amountMinor: true })
  .meta({ id: 'PriceCategoryCreate' });
export const priceCategoryPatchInput = z.object({ ...priceCategoryFields, name: titlePatch }).partial().meta({ id: 'PriceCategoryPatch' });
export type PriceCategoryCreateInput = z.input<typeof priceCategoryCreateInput>;
export type PriceCategoryPatchInput = z.input<typeof priceCategoryPatchInput>;

const reductionDto = z.object({
  code: z.string(),
  nameDe: z.string(),
  nameEn: z.string().nullable(),
  amountMinor: z.number().int(),
  eligible: z.array(z.string()),
});
export type Reduction = z.output<typeof reductionDto>;

export const priceCategoryDto = z
  .object({
    id: z.string(),
    productionId: z.string(),
    performanceId: z.string().nullable(),
    code: z.string(),
    name: titleDto,
    amountMinor: z.number().int(),
    currency: z.string(),
    quota: z.number().int().nullable(),
    reductions: z.array(reductionDto),
    sortOrder: z.number().int(),
    sourceRef: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceCategory' });
export type PriceCategory = z.output<typeof priceCategoryDto>;
export type PriceCategoryFields = Omit<PriceCategory, 'id' | 'sourceRef' | 'createdAt' | 'updatedAt'>;

export const priceCategoryListQuery = z.object({
  productionId: z.uuid().optional(),
  performanceId: z.uuid().optional(),
});
