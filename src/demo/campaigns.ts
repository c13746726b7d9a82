import type { Actor, Scope } from '../core/auth/model.ts';
import { permissionsOf } from '../core/auth/model.ts';
import type { Staff } from '../core/auth/schemas.ts';
import type { AutopilotService } from '../campaigns/autopilot/service.ts';
import type { CampaignService } from '../campaigns/sending/service.ts';
import type { SegmentService } from '../audience/segments/service.ts';

/*
 * The demo house's campaigns: what a marketing lead finds on first login. The reminder
 * runs on autopilot, the thank-you after a visit waits for approval, a season preview
 * to the opera lovers lies ready as a draft, and the Junges Theater's coordinator has
 * asked for approval of a letter to the teachers. Nothing is sent: the demo has no
 * SMTP server, and the draft waits for someone to schedule it.
 */

export interface DemoCampaignDeps {
  autopilot: Pick<AutopilotService, 'configure'>;
  campaigns: Pick<CampaignService, 'create' | 'schedule'>;
  segments: Pick<SegmentService, 'listSegments'>;
}

export interface DemoCampaigns {
  rules: number;
  campaigns: number;
}

/** A staff member as the actor of the seed: autopilot rules and campaigns record who set them up. */
function actorOf(member: Staff, houseId: string): Actor {
  return {
    kind: 'staff',
    id: member.id,
    houseId,
    unitId: member.unitId,
    role: member.role,
    name: member.name,
    email: member.email,
    language: member.language,
    permissions: new Set(permissionsOf(member.role)),
  };
}

export async function seedDemoCampaigns(
  deps: DemoCampaignDeps,
  input: { houseId: string; owner: Staff; seasonOpening: string | null; coordinator: Staff | null; unitProduction: string | null },
): Promise<DemoCampaigns> {
  const actor = actorOf(input.owner, input.houseId);
  await deps.autopilot.configure(actor, 'reminder', { enabled: true, mode: 'autopilot' });
  await deps.autopilot.configure(actor, 'thank_you', { enabled: true, mode: 'approval' });
  const scope: Scope = { houseId: input.houseId, unitId: null };
  const opera = (await deps.segments.listSegments(scope, { limit: 50 })).items.find((segment) => segment.name === 'Opernfreundinnen und -freunde');
  let campaigns = 2;
  if (opera !== undefined && input.seasonOpening !== null) {
    await deps.campaigns.create(actor, { name: 'Spielzeitvorschau für Opernfreunde', kind: 'newsletter', templateKey: 'season_announcement', productionId: input.seasonOpening, segmentId: opera.id });
    campaigns += 1;
  }
  // The unit's coordinator writes to the unit's teachers; without the right to approve, scheduling asks the house.
  if (input.coordinator !== null && input.coordinator.unitId !== null && input.unitProduction !== null) {
    const coordinator = actorOf(input.coordinator, input.houseId);
    const teachers = (await deps.segments.listSegments({ houseId: input.houseId, unitId: input.coordinator.unitId }, { limit: 50 })).items.find((segment) => segment.name === 'Junges Theater: Lehrkräfte');
    if (teachers !== undefined) {
      const letter = await deps.campaigns.create(coordinator, { name: 'Schulbrief: neu im Jungen Theater', kind: 'newsletter', templateKey: 'new_production', productionId: input.unitProduction, segmentId: teachers.id });
      await deps.campaigns.schedule(coordinator, letter.id);
      campaigns += 1;
    }
  }
  return { rules: 2, campaigns };
}
