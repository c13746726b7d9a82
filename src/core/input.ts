import type { z } from 'zod';
import { DomainError } from './errors.ts';

/**
 * Checks input against a schema in the service layer, so the API, the CLI, the importer
 * and the demo seed all get the same checks. A failure is a 'validation' error (400)
 * whose details name each field.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: issue.path.length === 0 ? 'input' : issue.path.join('.'),
    message: issue.message,
  }));
  throw new DomainError('validation', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}
