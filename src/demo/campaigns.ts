import type { Actor, Scope } from '../core/auth/model.ts';
import { permissionsOf } from '../core/auth/model.ts';
import type { Staff } from '../core/auth/schemas.ts';
import type { AutopilotService } from '../campaigns/autopilot/service.ts';
import type { CampaignService } from '../campaigns/sending/service.ts';
import type { SegmentService } from '../audience/segments/service.ts';

/*
 * The demo house's campaigns: what a marketing lead finds on first login. The reminder
 * runs on autopilot, the thank-you after a visit waits for approval, and a season
 * preview to the opera lovers lies ready as a draft. Nothing is sent: the demo has no
 * SMTP server, and the draft waits for someone to schedule it.
 */

export interface DemoCampaignDeps {
  autopilot: Pick<AutopilotService, 'configure'>;
  campaigns: Pick<CampaignService, 'create'>;
  segments: Pick<SegmentService, 'listSegments'>;
}

export interface DemoCampaigns {
  rules: number;
  campaigns: number;
}

/** The owner as the actor of the seed: autopilot rules and campaigns record who set them up. */
function actorOf(owner: Staff, houseId: string): Actor {
  return { kind: 'staff', id: owner.id, houseId, unitId: null, role: owner.role, name: owner.name, email: owner.email, language: owner.language, permissions: new Set(permissionsOf(owner.role)) };
}

export async function seedDemoCampaigns(deps: DemoCampaignDeps, input: { houseId: string; owner: Staff; seasonOpening: string | null }): Promise<DemoCampaigns> {
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
  return { rules: 2, campaigns };
}
