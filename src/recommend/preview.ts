import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { calibrationKL, comfortGenres, genreDistribution } from './evaluation/bubble.ts';
import { catalogueCoverage, meanOf } from './evaluation/metrics.ts';
import { itemsOf, type RecommendationItem } from './dto.ts';
import type { FitCache, HouseFit } from './fits.ts';
import { checkSettings, type RecommendationSettingsService } from './settings.ts';
import * as store from './store.ts';
import type { Language } from './types.ts';

/*
 * What a change of the discovery setting would do, before it is saved: the lists of a
 * sample of people with a history under the current and the proposed setting, and three
 * measures over them. Nothing here is recorded as exposure: nobody was shown anything.
 */

const SAMPLE = 50;

export interface PreviewMeasures {
  /** Mean share of a list's items with no genre in the person's comfort zone (80 % of their history). */
  outsideComfortShare: number;
  /** Share of the bookable productions that appear in any of the sample's lists. */
  coverage: number;
  /** Mean calibration KL (bits) between the person's history genres and their list's: higher is further from habit. */
  meanCalibrationKL: number;
}

export interface PreviewSide {
  listSize: number;
  discoverySlots: number;
  measures: PreviewMeasures;
}

export interface SettingsPreview {
  sampleSize: number;
  current: PreviewSide;
  proposed: PreviewSide;
  people: { contactId: string; current: RecommendationItem[]; proposed: RecommendationItem[] }[];
}

/** The sample: the people with the longest consented histories, ties by id, so that a repeated preview compares like with like. */
function sampleOf(fit: HouseFit): Map<string, string[]> {
  const histories = new Map<string, string[]>();
  for (const interaction of fit.data.interactions) {
    if (interaction.kind === 'clicked') continue;
    histories.set(interaction.userId, [...(histories.get(interaction.userId) ?? []), interaction.itemId]);
  }
  const chosen = [...histories].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).slice(0, SAMPLE);
  return new Map(chosen);
}

function measure(fit: HouseFit, lists: Map<string, RecommendationItem[]>, histories: Map<string, string[]>): PreviewMeasures {
  const outside: number[] = [];
  const kl: (number | null)[] = [];
  for (const [contactId, list] of lists) {
    const history = genreDistribution(histories.get(contactId) ?? [], fit.items);
    const zone = comfortGenres(history);
    const ids = list.map((item) => item.productionId);
    if (ids.length > 0) outside.push(ids.filter((id) => !(fit.items.get(id)?.genres ?? []).some((g) => zone.has(g))).length / ids.length);
    kl.push(calibrationKL(history, genreDistribution(ids, fit.items)));
  }
  return {
    outsideComfortShare: meanOf(outside),
    coverage: catalogueCoverage([...lists.values()].map((list) => list.map((item) => item.productionId)), fit.candidates),
    meanCalibrationKL: meanOf(kl),
  };
}

export function createSettingsPreview(deps: { database: Database; clock: Clock; fits: FitCache; settings: RecommendationSettingsService; publicUrl: string }) {
  return async function preview(houseId: string, proposed: { listSize: number; discoverySlots: number }, language: Language = 'de'): Promise<SettingsPreview> {
    checkSettings(proposed);
    const [fit, current] = await Promise.all([deps.fits.get(houseId), deps.settings.get(houseId)]);
    const histories = sampleOf(fit);
    const now = deps.clock.now();
    const booked = await store.bookedUpcoming(deps.database.db, houseId, [...histories.keys()], now.toISOString());
    const listsUnder = (setting: { listSize: number; discoverySlots: number }) => {
      const lists = new Map<string, RecommendationItem[]>();
      for (const contactId of histories.keys()) {
        const exclude = booked.get(contactId);
        const list = fit.fitted.recommend({
          subject: { kind: 'contact', userId: contactId },
          k: setting.listSize,
          discoverySlots: setting.discoverySlots,
          candidates: fit.candidates,
          ...(exclude === undefined ? {} : { exclude }),
          language,
        });
        lists.set(contactId, itemsOf(fit, list, language, now, deps.publicUrl));
      }
      return lists;
    };
    const before = listsUnder(current);
    const after = listsUnder(proposed);
    return {
      sampleSize: histories.size,
      current: { listSize: current.listSize, discoverySlots: current.discoverySlots, measures: measure(fit, before, histories) },
      proposed: { listSize: proposed.listSize, discoverySlots: proposed.discoverySlots, measures: measure(fit, after, histories) },
      people: [...histories.keys()].map((contactId) => ({ contactId, current: before.get(contactId) ?? [], proposed: after.get(contactId) ?? [] })),
    };
  };
}

export type SettingsPreviewService = ReturnType<typeof createSettingsPreview>;
