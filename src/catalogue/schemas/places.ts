import { z } from 'zod';
import { accessibilityFeatures } from '../genres.ts';
import { countryInput, optionalText, requiredText, slugInput, textDto, textInput, titleDto, titleInput, titlePatch } from '../schemas.ts';

/* Units, venues and halls: the house's organisational and physical places. */

export const unitCreateInput = z
  .object({ slug: slugInput.optional(), name: titleInput, description: textInput(5000).optional() })
  .meta({ id: 'UnitCreate' });
export const unitPatchInput = unitCreateInput.extend({ name: titlePatch }).partial().meta({ id: 'UnitPatch' });
export type UnitCreateInput = z.input<typeof unitCreateInput>;
export type UnitPatchInput = z.input<typeof unitPatchInput>;

export const unitDto = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: titleDto,
    description: textDto,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Unit' });
export type Unit = z.output<typeof unitDto>;

export const venueCreateInput = z
  .object({
    name: requiredText(200),
    street: optionalText(200),
    postalCode: optionalText(20),
    city: optionalText(100),
    country: countryInput.nullish(),
    latitude: z.number().min(-90).max(90).nullish(),
    longitude: z.number().min(-180).max(180).nullish(),
    directions: textInput(2000).optional(),
  })
  .meta({ id: 'VenueCreate' });
export const venuePatchInput = venueCreateInput.partial().meta({ id: 'VenuePatch' });
export type VenueCreateInput = z.input<typeof venueCreateInput>;
export type VenuePatchInput = z.input<typeof venuePatchInput>;

export const venueDto = z
  .object({
    id: z.string(),
    name: z.string(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    directions: textDto,
    sourceRef: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Venue' });
export type Venue = z.output<typeof venueDto>;

export const hallCreateInput = z
  .object({
    venueId: z.uuid(),
    name: requiredText(200),
    capacity: z.number().int().min(0).max(200_000),
    accessibility: z.array(z.enum(accessibilityFeatures)).max(accessibilityFeatures.length).optional(),
  })
  .meta({ id: 'HallCreate' });
export const hallPatchInput = hallCreateInput.partial().meta({ id: 'HallPatch' });
export type HallCreateInput = z.input<typeof hallCreateInput>;
export type HallPatchInput = z.input<typeof hallPatchInput>;

export const hallDto = z
  .object({
    id: z.string(),
    venueId: z.string(),
    venueName: z.string(),
    name: z.string(),
    capacity: z.number().int(),
    accessibility: z.array(z.string()),
    sourceRef: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Hall' });
export type Hall = z.output<typeof hallDto>;

export const hallListQuery = z.object({ venueId: z.uuid().optional() });
