import { Alert, Button, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { IconFlag, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyGraph, JourneyNode } from '../../../../../src/campaigns/journeys/definition.ts';
import { ActionFields } from './ActionFields.tsx';
import { type BuilderOptions, withCurrent } from './builderOptions.ts';
import { ConditionFields } from './ConditionFields.tsx';
import { handlesOf } from './journeyGraphModel.ts';
import { SplitFields } from './SplitFields.tsx';
import { WaitFields } from './WaitFields.tsx';

/*
 * The side panel of the builder: every field of the selected step as definition.ts has
 * it, where each way out leads (the same as drawing an edge, for the keyboard), and
 * the step's problems. Fields the schema refuses are marked.
 */

export function StepPanel({
  step,
  graph,
  options,
  problems,
  fieldProblems,
  readOnly,
  onChange,
  onConnect,
  onMakeStart,
  onRemove,
}: {
  step: JourneyNode;
  graph: JourneyGraph;
  options: BuilderOptions;
  problems: string[];
  fieldProblems: Set<string>;
  readOnly: boolean;
  onChange: (step: JourneyNode) => void;
  onConnect: (branch: string | null, to: string | null) => void;
  onMakeStart: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const error = (path: string) => (fieldProblems.has(`${step.id}:${path}`) ? t('campaignsApp.journeys.fieldRequired') : undefined);
  let fields: ReactNode;
  if (step.type === 'wait') fields = <WaitFields wait={step.wait} error={error} readOnly={readOnly} onChange={(wait) => onChange({ ...step, wait })} />;
  else if (step.type === 'condition')
    fields = <ConditionFields condition={step.condition} graph={graph} options={options} error={error} readOnly={readOnly} onChange={(condition) => onChange({ ...step, condition })} />;
  else if (step.type === 'action') fields = <ActionFields action={step.action} options={options} error={error} readOnly={readOnly} onChange={(action) => onChange({ ...step, action })} />;
  else fields = <SplitFields step={step} error={error} readOnly={readOnly} onChange={onChange} />;
  const targets = graph.nodes.filter((node) => node.id !== step.id).map((node) => ({ value: node.id, label: node.id }));
  return (
    <Stack gap="md" data-testid="step-panel">
      <Group justify="space-between" wrap="nowrap">
        <Title order={4}>
          {t(`campaignsApp.journeys.stepTypes.${step.type}`)}{' '}
          <Text span ff="monospace" c="dimmed" size="sm">
            {step.id}
          </Text>
        </Title>
      </Group>
      {problems.length > 0 && (
        <Alert color="red" variant="light" p="xs">
          <List size="sm" spacing={2}>
            {problems.map((problem) => (
              <List.Item key={problem}>{problem}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {fields}
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('campaignsApp.journeys.nextSteps')}
        </Text>
        {handlesOf(step).map((branch) => {
          const edge = graph.edges.find((other) => other.from === step.id && (other.branch ?? null) === branch);
          const label = branch === null ? t('campaignsApp.journeys.next') : branch === 'yes' || branch === 'no' ? t(`campaignsApp.journeys.branches.${branch}`) : t('campaignsApp.journeys.variant', { key: branch });
          return (
            <Select
              key={branch ?? 'next'}
              label={label}
              placeholder={t('campaignsApp.journeys.end')}
              clearable
              readOnly={readOnly}
              data={withCurrent(targets, edge?.to)}
              value={edge?.to ?? null}
              onChange={(value) => onConnect(branch, value)}
            />
          );
        })}
      </Stack>
      {!readOnly && (
        <Group>
          {graph.start !== step.id && (
            <Button variant="default" size="xs" leftSection={<IconFlag size={14} />} onClick={onMakeStart}>
              {t('campaignsApp.journeys.makeStart')}
            </Button>
          )}
          {graph.nodes.length > 1 && (
            <Button variant="subtle" color="red" size="xs" leftSection={<IconTrash size={14} />} onClick={onRemove}>
              {t('campaignsApp.journeys.removeStep')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
