import { z } from 'zod';
import { houseCreateInput, houseDto } from '../../catalogue/schemas.ts';
import { PASSWORD_MAX_LENGTH, permissions, roles, staffLanguages } from './model.ts';

/*
 * Inputs and DTOs of staff access. Services check input with these (so the CLI and the
 * demo seed get the same checks as the API); routes reuse them for /api/docs. Password
 * policy needs the e-mail address too, so the service checks it (model.passwordProblem).
 */

// Logins are case-insensitive, so addresses are stored lower-cased.
const email = z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254));
const name = z.string().trim().min(1, 'must not be empty').max(200);
// Upper bound only: the length rule names its field in the service's own message.
const password = z.string().max(PASSWORD_MAX_LENGTH);

export const loginInput = z.object({ email: z.string().max(254), password: z.string().max(1000) }).meta({ id: 'Login' });

export const staffCreateInput = z
  .object({
    email,
    name,
    role: z.enum(roles),
    unitId: z.uuid().nullish(),
    password,
    language: z.enum(staffLanguages).default('de'),
  })
  .meta({ id: 'StaffCreate' });
export type StaffCreateInput = z.input<typeof staffCreateInput>;

export const staffPatchInput = z
  .object({
    email,
    name,
    role: z.enum(roles),
    unitId: z.uuid().nullable(),
    language: z.enum(staffLanguages),
    disabled: z.boolean(),
    password,
  })
  .partial()
  .meta({ id: 'StaffPatch' });
export type StaffPatchInput = z.input<typeof staffPatchInput>;

export const ownAccountPatchInput = z
  .object({
    name,
    language: z.enum(staffLanguages),
    newPassword: password,
    currentPassword: z.string().max(1000),
  })
  .partial()
  .meta({ id: 'OwnAccountPatch' });
export type OwnAccountPatchInput = z.input<typeof ownAccountPatchInput>;

export const staffDto = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    unitId: z.string().nullable(),
    language: z.string(),
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'Staff' });
export type Staff = z.output<typeof staffDto>;

/** What login, setup and GET /api/auth/me answer: enough for the web app to start. */
export const sessionDto = z
  .object({
    staff: staffDto,
    house: houseDto,
    permissions: z.array(z.enum(permissions)),
    csrfToken: z.string(),
  })
  .meta({ id: 'Session' });
export type SessionBody = z.output<typeof sessionDto>;

export const apiKeyCreateInput = z
  .object({
    name,
    scopes: z.array(z.enum(permissions)).min(1, 'name at least one permission'),
    unitId: z.uuid().nullish(),
  })
  .meta({ id: 'ApiKeyCreate' });
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateInput>;

export const apiKeyDto = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(permissions)),
    unitId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.output<typeof apiKeyDto>;

export const createdApiKeyDto = z
  .object({
    apiKey: apiKeyDto,
    key: z.string().describe('The key itself. It is shown this once and cannot be read again.'),
  })
  .meta({ id: 'CreatedApiKey' });

export const setupInput = z
  .object({
    house: houseCreateInput,
    owner: z.object({ name, email, password, language: z.enum(staffLanguages).default('de') }),
  })
  .meta({ id: 'Setup' });
export type SetupInput = z.input<typeof setupInput>;
