import { type House, type HouseCreateInput } from '../../../catalogue/schemas.ts';
import { parseInput } from '../../input.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { DomainError, invalid } from '../../errors.ts';
import { passwordProblem } from '../model.ts';
import { type SetupInput, setupInput } from '../schemas.ts';
import * as store from '../store.ts';
import type { createSessionService, StartedSession } from './sessions.ts';
import type { createStaffService } from './staff.ts';

export interface SetupHouses {
  countHouses(): Promise<number>;
  createHouse(input: HouseCreateInput): Promise<House>;
}

// A claim without a house after this long belongs to a setup that crashed half-way
// (the process died between claim and house): a new setup may take it over.
const STALE_CLAIM_MS = 10 * 60_000;

const SETUP_DONE = 'Foyer is set up already: log in, or ask an owner for an account';

/**
 * First run: on an empty installation the first visitor creates the house and its owner
 * account and is logged in. Once any house exists, setup answers 409 setup_done.
 */
export function createSetupService(deps: {
  database: Database;
  clock: Clock;
  houses: SetupHouses;
  staff: ReturnType<typeof createStaffService>;
  sessions: ReturnType<typeof createSessionService>;
}) {
  const { database, clock, houses, staff, sessions } = deps;
  const { db } = database;

  async function setupNeeded(): Promise<boolean> {
    return (await houses.countHouses()) === 0;
  }

  async function claim(): Promise<void> {
    const now = clock.now();
    if (await store.claimSetup(db, now.toISOString())) return;
    const claimedAt = await store.findSetupClaim(db);
    const stale = claimedAt !== undefined && now.getTime() - Date.parse(claimedAt) > STALE_CLAIM_MS && (await setupNeeded());
    // Of several setups taking over a stale claim, only the one whose delete removed it goes on.
    if (stale && (await store.releaseSetup(db, claimedAt)) && (await store.claimSetup(db, now.toISOString()))) return;
    throw new DomainError('setup_done', SETUP_DONE);
  }

  async function setup(input: SetupInput): Promise<StartedSession> {
    // Everything that can be refused is checked before the claim, so a typo does not
    // leave a half-made installation behind.
    const parsed = parseInput(setupInput, input);
    const problem = passwordProblem(parsed.owner.password, parsed.owner.email);
    if (problem !== null) throw invalid('owner.password', problem);
    if (!(await setupNeeded())) throw new DomainError('setup_done', SETUP_DONE);

    await claim();
    let house: House;
    try {
      if (!(await setupNeeded())) throw new DomainError('setup_done', SETUP_DONE);
      house = await houses.createHouse(parsed.house);
    } catch (error) {
      await store.releaseSetup(db);
      throw error;
    }
    // The claim stays: it is what keeps a late second setup out. Should the owner fail
    // now (it was validated above, so only the database can fail), `foyer user add
    // --role owner` repairs it.
    const owner = await staff.createStaff(house.id, { ...parsed.owner, role: 'owner' });
    return sessions.startSession(house.id, owner.id);
  }

  return { setupNeeded, setup };
}
