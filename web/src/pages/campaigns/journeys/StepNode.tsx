import { Badge, Group, Paper, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconArrowsSplit, IconBolt, IconClock, IconGitBranch, type Icon } from '@tabler/icons-react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { StepFlowNode, StepType } from './journeyGraphModel.ts';
import { handlesOf } from './journeyGraphModel.ts';
import { useStepSummary } from './stepText.ts';

/* One step on the canvas: what it does in a line, its problems in red, how many people are there or went through. */

export const stepIcon: Record<StepType, Icon> = { wait: IconClock, condition: IconGitBranch, action: IconBolt, split: IconArrowsSplit };
export const stepColor: Record<StepType, string> = { wait: 'blue', condition: 'grape', action: 'teal', split: 'orange' };

export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const { t } = useTranslation();
  const summary = useStepSummary();
  const { step, isStart, problems, counts } = data;
  const StepIcon = stepIcon[step.type];
  const handles = handlesOf(step);
  const invalid = problems.length > 0;
  return (
    <Paper
      withBorder
      shadow={selected ? 'md' : 'xs'}
      p="xs"
      w={220}
      data-testid="journey-step"
      data-step={step.id}
      data-invalid={invalid ? 'true' : undefined}
      style={{
        borderColor: invalid ? 'var(--mantine-color-red-6)' : selected ? 'var(--mantine-primary-color-filled)' : undefined,
        borderWidth: invalid || selected ? 2 : 1,
      }}
    >
      <Handle type="target" position={Position.Top} />
      <Stack gap={4}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap">
            <ThemeIcon size="sm" variant="light" color={stepColor[step.type]}>
              <StepIcon size={14} />
            </ThemeIcon>
            <Text size="xs" fw={700} tt="uppercase" c="dimmed">
              {t(`campaignsApp.journeys.stepTypes.${step.type}`)}
            </Text>
          </Group>
          {isStart && (
            <Badge size="xs" variant="filled" radius="sm">
              {t('campaignsApp.journeys.start')}
            </Badge>
          )}
        </Group>
        <Text size="sm" lineClamp={2}>
          {summary(step)}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {step.id}
        </Text>
        {invalid && (
          <Tooltip label={problems.join(' · ')} multiline maw={320}>
            <Text size="xs" c="red" lineClamp={2} data-testid="step-problem">
              {problems[0]}
            </Text>
          </Tooltip>
        )}
        {counts !== null && (
          <Group gap={4} data-testid="step-counts">
            <Tooltip label={t('campaignsApp.journeys.counts.waiting')}>
              <Badge size="xs" variant="light" color="blue">
                {t('campaignsApp.journeys.counts.waitingShort', { count: counts.waiting })}
              </Badge>
            </Tooltip>
            <Tooltip label={t('campaignsApp.journeys.counts.passed')}>
              <Badge size="xs" variant="light" color="gray">
                {t('campaignsApp.journeys.counts.passedShort', { count: counts.passed })}
              </Badge>
            </Tooltip>
            {step.type === 'action' && step.action.kind === 'send_email' && (
              <Tooltip label={t('campaignsApp.journeys.counts.mail')}>
                <Badge size="xs" variant="light" color="teal">
                  {t('campaignsApp.journeys.counts.mailShort', { sent: counts.sent, opened: counts.opened, clicked: counts.clicked })}
                </Badge>
              </Tooltip>
            )}
          </Group>
        )}
      </Stack>
      {handles.map((branch, index) => (
        <Handle
          key={branch ?? 'next'}
          type="source"
          position={Position.Bottom}
          id={branch ?? undefined}
          style={handles.length > 1 ? { left: `${((index + 1) / (handles.length + 1)) * 100}%` } : undefined}
        >
          {branch !== null && (
            <Text size="10px" fw={700} c="dimmed" style={{ position: 'absolute', top: 8, left: '50%', transform: 'translateX(-50%)', pointerEvents: 'none', whiteSpace: 'nowrap' }}>
              {branch === 'yes' || branch === 'no' ? t(`campaignsApp.journeys.branches.${branch}`) : branch}
            </Text>
          )}
        </Handle>
      ))}
    </Paper>
  );
}
