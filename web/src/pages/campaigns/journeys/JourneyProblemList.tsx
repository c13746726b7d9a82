import { Card, List, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JourneyGraph } from '../../../../../src/campaigns/journeys/definition.ts';
import type { Problem } from './journeyGraphModel.ts';
import { useProblemText } from './stepText.ts';

/* Everything that stops activation, under the canvas: each names its step (a click selects it), edge or the trigger. */

export function JourneyProblemList({ problems, graph, onSelect }: { problems: readonly Problem[]; graph: JourneyGraph; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  return (
    <Card mt="md" data-testid="journey-problems">
      {problems.length === 0 ? (
        <Text size="sm" c="teal" fw={500}>
          {t('campaignsApp.journeys.noProblems')}
        </Text>
      ) : (
        <Stack gap="xs">
          <Title order={5}>{t('campaignsApp.journeys.problemsTitle', { count: problems.length })}</Title>
          <List size="sm" spacing={4}>
            {problems.map((problem, at) => {
              const nodeId = problem.field.startsWith('nodes.') ? problem.field.slice('nodes.'.length) : null;
              const edgeAt = problem.field.startsWith('edges.') ? Number(problem.field.slice('edges.'.length)) : null;
              const edge = edgeAt === null ? undefined : graph.edges[edgeAt];
              const where = nodeId ?? (edge === undefined ? (problem.field.startsWith('trigger') ? t('campaignsApp.journeys.trigger.title') : null) : `${edge.from} → ${edge.to}`);
              return (
                <List.Item key={`${problem.field}-${at}`}>
                  {where !== null &&
                    (nodeId !== null ? (
                      <UnstyledButton onClick={() => onSelect(nodeId)} fw={600} fz="sm" ff="monospace" mr={6} c="red">
                        {where}
                      </UnstyledButton>
                    ) : (
                      <Text span fw={600} ff="monospace" mr={6} c="red">
                        {where}
                      </Text>
                    ))}
                  {problemText(problem)}
                </List.Item>
              );
            })}
          </List>
        </Stack>
      )}
    </Card>
  );
}
