import '@xyflow/react/dist/style.css';
import { Box, Button, Card, Group, Text } from '@mantine/core';
import { Background, Controls, ReactFlow, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyGraph } from '../../../../../src/campaigns/journeys/definition.ts';
import {
  addStep,
  connect,
  handlesOf,
  moveStep,
  newStep,
  removeEdges,
  removeSteps,
  stepTypes,
  toFlow,
  type ProblemIndex,
  type StepCounts,
  type StepFlowEdge,
  type StepFlowNode,
  type StepType,
} from './journeyGraphModel.ts';
import { stepColor, stepIcon, StepNode } from './StepNode.tsx';

/*
 * The builder's canvas: the palette that adds a step below the selected one, and the
 * steps as React Flow draws them. Dragging, joining and deleting on the canvas change
 * the journey's graph through the pure functions of journeyGraphModel.ts; the page owns
 * the graph and which step is selected.
 */

const nodeTypes = { step: StepNode };

export function JourneyCanvas({
  graph,
  problems,
  counts,
  selected,
  editable,
  onSelect,
  onGraphChange,
}: {
  graph: JourneyGraph;
  problems: ProblemIndex;
  /** People waiting at and gone through each step, once the journey has run; null for a draft. */
  counts: Map<string, StepCounts> | null;
  selected: string | null;
  editable: boolean;
  onSelect: (id: string | null) => void;
  onGraphChange: (update: (graph: JourneyGraph) => JourneyGraph) => void;
}) {
  const { t } = useTranslation();
  const [measured, setMeasured] = useState<Map<string, { width: number; height: number }>>(new Map());
  const flow = useMemo(() => {
    const drawn = toFlow(graph, problems, counts, selected);
    const branchLabel = (branch: string | undefined) => (branch === 'yes' || branch === 'no' ? t(`campaignsApp.journeys.branches.${branch}`) : branch);
    return {
      edges: drawn.edges.map((edge) => ({ ...edge, label: branchLabel(edge.data?.branch) })),
      nodes: drawn.nodes.map((node) => ({ ...node, measured: measured.get(node.id) })),
    };
  }, [graph, problems, counts, selected, measured, t]);

  const onNodesChange = (changes: NodeChange<StepFlowNode>[]) => {
    for (const change of changes) {
      if (change.type === 'select' && change.selected) onSelect(change.id);
      if (change.type === 'position' && change.position !== undefined && editable) {
        const { position, id } = change;
        onGraphChange((current) => moveStep(current, id, position));
      }
    }
    const removed = new Set(changes.flatMap((change) => (change.type === 'remove' ? [change.id] : [])));
    if (removed.size > 0 && editable) {
      onGraphChange((current) => removeSteps(current, removed));
      onSelect(null);
    }
    // The measured sizes go back in with the nodes, or React Flow hides and measures them again on every render.
    const sizes = changes.flatMap((change) => (change.type === 'dimensions' && change.dimensions !== undefined ? [[change.id, change.dimensions] as const] : []));
    if (sizes.length > 0) setMeasured((current) => new Map([...current, ...sizes]));
  };
  const onEdgesChange = (changes: EdgeChange<StepFlowEdge>[]) => {
    for (const change of changes) if (change.type === 'select' && change.selected) onSelect(change.id);
    const removed = new Set(changes.flatMap((change) => (change.type === 'remove' ? [change.id] : [])));
    if (removed.size > 0 && editable) onGraphChange((current) => removeEdges(current, removed));
  };
  const onConnect = (connection: Connection) => {
    if (!editable) return;
    onGraphChange((current) => connect(current, connection.source, connection.target, connection.sourceHandle ?? null) ?? current);
  };

  const add = (type: StepType) => {
    onGraphChange((current) => {
      const after = current.nodes.find((node) => node.id === selected);
      const lowest = Math.max(0, ...current.nodes.map((node) => node.position?.y ?? 0));
      const position = after?.position === undefined ? { x: 0, y: lowest + 170 } : { x: after.position.x, y: after.position.y + 170 };
      const step = newStep(current, type, position);
      let next = addStep(current, step);
      // Added below the selected step: joined to its first way out that leads nowhere yet.
      if (after !== undefined) {
        const free = handlesOf(after).find((branch) => !current.edges.some((edge) => edge.from === after.id && (edge.branch ?? null) === branch));
        if (free !== undefined) next = connect(next, after.id, step.id, free) ?? next;
      }
      onSelect(step.id);
      return next;
    });
  };

  return (
    <Card p={0}>
      {editable && (
        <Group gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} role="toolbar" aria-label={t('campaignsApp.journeys.palette')}>
          <Text size="sm" fw={600} mr="xs">
            {t('campaignsApp.journeys.addStep')}
          </Text>
          {stepTypes.map((type) => {
            const StepIcon = stepIcon[type];
            return (
              <Button key={type} size="xs" variant="light" color={stepColor[type]} leftSection={<StepIcon size={14} />} onClick={() => add(type)}>
                {t(`campaignsApp.journeys.stepTypes.${type}`)}
              </Button>
            );
          })}
        </Group>
      )}
      <Box h={620} data-testid="journey-canvas">
        <ReactFlow<StepFlowNode, StepFlowEdge>
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onPaneClick={() => onSelect(null)}
          nodesDraggable={editable}
          nodesConnectable={editable}
          deleteKeyCode={editable ? ['Backspace', 'Delete'] : null}
          fitView
          fitViewOptions={{ maxZoom: 1 }}
          proOptions={{ hideAttribution: true }}
          ariaLabelConfig={{ 'node.a11yDescription.default': t('campaignsApp.journeys.canvasHelp') }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </Box>
    </Card>
  );
}
