import type { CatalogueService } from '../../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { createApiKeyService } from './service/api-keys.ts';
import { createSessionService } from './service/sessions.ts';
import { createSetupService } from './service/setup.ts';
import { createStaffService } from './service/staff.ts';
import { createLoginThrottle, type LoginThrottle } from './throttle.ts';

export type { NewApiKey } from './service/api-keys.ts';

export interface AuthDependencies {
  database: Database;
  clock: Clock;
  /** How long a session lives without activity (config.sessionHours). */
  sessionHours?: number;
  /** The session body shows the house, setup creates it, staff and keys may belong to a unit. */
  catalogue: Pick<CatalogueService, 'getHouse' | 'createHouse' | 'countHouses' | 'getUnit'>;
  throttle?: LoginThrottle;
}

/**
 * Staff access: accounts, login sessions, API keys and first-run setup, one factory
 * per concern (service/*.ts), merged into one service.
 */
export function createAuthService(deps: AuthDependencies) {
  const { database, clock, catalogue } = deps;
  const throttle = deps.throttle ?? createLoginThrottle({ clock });
  const staff = createStaffService({ database, clock, units: catalogue, throttle });
  const sessions = createSessionService({ database, clock, sessionHours: deps.sessionHours ?? 24 * 14, houses: catalogue, throttle });
  const setup = createSetupService({ database, clock, houses: catalogue, staff, sessions });
  return {
    ...createApiKeyService({ database, clock, units: catalogue }),
    ...staff,
    ...sessions,
    ...setup,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
