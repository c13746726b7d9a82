import { z } from 'zod';

export const tagName = z.string().trim().min(1).max(64).describe('A short label, e.g. "premiere-guest"; the same text a journey step sets');

export const tagInput = z.object({ tag: tagName });
export type TagInput = z.infer<typeof tagInput>;

export const contactTagDto = z
  .object({
    tag: z.string(),
    addedBy: z.string().describe('Who set it: a staff member, an API key or journey:<id>'),
    addedAt: z.string(),
  })
  .meta({ id: 'ContactTag' });
export type ContactTagDto = z.infer<typeof contactTagDto>;

export const tagParams = z.object({ id: z.uuid(), tag: tagName });
