import { useTranslation } from 'react-i18next';
import type { JourneyNode } from '../../../../../src/campaigns/journeys/definition.ts';
import type { Problem } from './journeyGraphModel.ts';

/* How a step and a problem read in the interface language. */

export function durationParts(minutes: number): { amount: number; unit: 'minutes' | 'hours' | 'days' } {
  if (minutes % (24 * 60) === 0) return { amount: minutes / (24 * 60), unit: 'days' };
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

export function useStepSummary() {
  const { t } = useTranslation();
  return (step: JourneyNode): string => {
    switch (step.type) {
      case 'wait': {
        const wait = step.wait;
        if (wait.kind === 'duration') {
          const { amount, unit } = durationParts(wait.minutes);
          return t(`campaignsApp.journeys.summary.wait_${unit}`, { count: amount });
        }
        if (wait.kind === 'time_of_day') return t('campaignsApp.journeys.summary.waitTime', { time: wait.time });
        return t('campaignsApp.journeys.summary.waitBefore', { count: wait.days, time: wait.time });
      }
      case 'condition': {
        const condition = step.condition;
        if (condition.kind === 'segment') return t('campaignsApp.journeys.summary.inSegment');
        if (condition.kind === 'attribute') return t('campaignsApp.journeys.summary.attribute', { field: t(`campaignsApp.journeys.attributes.${condition.field}`), value: condition.value });
        if (condition.kind === 'behaviour') return t(`campaignsApp.journeys.summary.${condition.behaviour}`, { count: condition.withinDays });
        return t(`campaignsApp.journeys.summary.${condition.kind}`, { step: condition.nodeId });
      }
      case 'action':
        return t(`campaignsApp.journeys.actionKinds.${step.action.kind}`);
      case 'split':
        return step.variants.map((variant) => `${variant.key} ${variant.weight}`).join(' · ');
    }
  };
}

export function useProblemText() {
  const { t } = useTranslation();
  return (problem: Problem): string => t(`campaignsApp.journeys.problems.${problem.code}`, problem.values);
}
