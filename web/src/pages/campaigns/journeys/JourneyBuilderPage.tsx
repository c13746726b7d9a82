import { Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, SegmentedControl, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconArchive, IconDeviceFloppy, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { JourneyGraph, JourneyNode, JourneyTrigger } from '../../../../../src/campaigns/journeys/definition.ts';
import { campaignWrites, useJourney, useJourneyNodeCounts } from '../../../api/campaigns.ts';
import type { GraphProblem, Journey, JourneyInput, JourneyMode } from '../../../api/campaignsTypes.ts';
import { ApiError } from '../../../api/client.ts';
import { ConfirmDialog } from '../../../components/confirm.tsx';
import { ErrorAlert } from '../../../components/errors.tsx';
import { PageHeader, QueryState } from '../../../components/page.tsx';
import { useSession } from '../../../session/session.tsx';
import { useBuilderOptions } from './builderOptions.ts';
import { JourneyCanvas } from './JourneyCanvas.tsx';
import { connect, defaultTrigger, edgeId, emptyGraph, indexProblems, journeyProblems, problemOf, removeEdges, removeSteps, replaceStep, savable, type StepCounts } from './journeyGraphModel.ts';
import { JourneyProblemList } from './JourneyProblemList.tsx';
import { useCanApprove } from '../campaignDisplay.tsx';
import { JourneyStatusBadge } from './JourneysPage.tsx';
import { StepPanel } from './StepPanel.tsx';
import { useProblemText } from './stepText.ts';
import { TriggerEditor } from './TriggerEditor.tsx';

/*
 * The journey builder: steps on a canvas joined by dragging from a way out (yes/no,
 * a variant, or the one way on) to the next step; the selected step's settings, and
 * the trigger, at the side. What would stop activation is checked with the server's own
 * rules on every change and marked at the steps; a draft can be saved half-drawn, and
 * activated only when nothing is left. Active journeys show how many people wait at and
 * went through each step.
 */

const VALIDATE_DELAY_MS = 400;

interface Draft {
  name: string;
  mode: JourneyMode;
  trigger: JourneyTrigger;
  graph: JourneyGraph;
}

const draftOf = (journey: Journey | undefined): Draft =>
  journey === undefined ? { name: '', mode: 'approval', trigger: defaultTrigger(), graph: emptyGraph() } : { name: journey.name, mode: journey.mode, trigger: journey.trigger, graph: journey.graph };

/** Positions are the canvas's; moving a step alone does not make the journey differ for the engine, but is saved too. */
const same = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);

function Builder({ journey }: { journey: Journey | undefined }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const problemText = useProblemText();
  const options = useBuilderOptions();
  const [saved, setSaved] = useState<Draft>(() => draftOf(journey));
  const [draft, setDraft] = useState<Draft>(saved);
  const [selected, setSelected] = useState<string | null>(draft.graph.start);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The problems the server found when asked to activate: they hold until the journey changes.
  const [refusal, setRefusal] = useState<{ for: string; problems: GraphProblem[] } | null>(null);
  const status = journey?.status ?? 'draft';
  const writable = can('campaigns:write');
  const canApprove = useCanApprove();
  const editable = writable && (status === 'draft' || status === 'paused');
  const dirty = !same(draft, saved);
  const counts = useJourneyNodeCounts(journey?.id, status !== 'draft');

  // What only the server knows (a campaign or segment that is gone, a cron expression it cannot read) comes from
  // POST /journeys/validate, asked once the drawing rests and the schemas accept it.
  const definition = useMemo(() => JSON.stringify({ trigger: draft.trigger, graph: draft.graph }), [draft.trigger, draft.graph]);
  const local = useMemo(() => journeyProblems(draft.trigger, draft.graph), [draft.trigger, draft.graph]);
  const [resting] = useDebouncedValue(definition, VALIDATE_DELAY_MS);
  const validation = useQuery({
    queryKey: ['campaign-journey-validate', resting],
    queryFn: () => campaignWrites.validateJourney(JSON.parse(resting) as Pick<JourneyInput, 'trigger' | 'graph'>),
    enabled: writable && resting === definition && savable(local),
    staleTime: 60_000,
    retry: false,
  });
  const problems = useMemo(() => {
    const known = new Set(local.map((problem) => `${problem.field}|${problem.message}`));
    const server = [...(resting === definition ? (validation.data?.problems ?? []) : []), ...(refusal?.for === definition ? refusal.problems : [])];
    const extra = server.filter((problem) => {
      const key = `${problem.field}|${problem.message}`;
      if (known.has(key)) return false;
      known.add(key);
      return true;
    });
    return [...local, ...extra.map((problem) => problemOf(problem.field, problem.message))];
  }, [local, resting, definition, validation.data, refusal]);
  const index = useMemo(() => indexProblems(problems, problemText), [problems, problemText]);
  const countMap = useMemo(() => (counts.data === undefined ? null : new Map<string, StepCounts>(counts.data.nodes.map((node) => [node.nodeId, node]))), [counts.data]);
  const canSave = editable && draft.name.trim() !== '' && savable(problems);

  const setGraph = (update: (graph: JourneyGraph) => JourneyGraph) => setDraft((current) => ({ ...current, graph: update(current.graph) }));

  const selectedStep = draft.graph.nodes.find((node) => node.id === selected);

  const save = async (): Promise<Journey | null> => {
    const body = { name: draft.name.trim(), mode: draft.mode, trigger: draft.trigger, graph: draft.graph };
    const result = journey === undefined ? await campaignWrites.createJourney(body) : await campaignWrites.updateJourney(journey.id, body);
    client.setQueryData(['campaign-journey', result.id], result);
    await client.invalidateQueries({ queryKey: ['campaign-journeys'] });
    setSaved(draftOf(result));
    setDraft(draftOf(result));
    if (journey === undefined) {
      await navigate(`/campaigns/journeys/${result.id}`, { replace: true });
      return null;
    }
    return result;
  };

  const run = async (name: string, work: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.status === 409 && caught.details.length > 0) {
        setRefusal({ for: definition, problems: caught.details.map((detail) => ({ field: detail.field ?? '', message: detail.message })) });
      }
    } finally {
      setBusy(null);
    }
  };

  const act = (action: 'activate' | 'pause' | 'archive') =>
    run(action, async () => {
      if (journey === undefined) return;
      if (dirty && editable) await save();
      const result = await campaignWrites.journeyAction(journey.id, action);
      client.setQueryData(['campaign-journey', result.id], result);
      await client.invalidateQueries({ queryKey: ['campaign-journeys'] });
      notifications.show({ color: 'teal', message: t(`campaignsApp.journeys.done.${action}`, { name: result.name }) });
    });

  const activationBlocked = problems.length > 0 || draft.name.trim() === '';
  const unplacedErrors = error instanceof ApiError && error.code === 'validation' ? error.details.map((detail) => `${detail.field ?? ''}: ${detail.message}`) : undefined;

  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/campaigns/journeys" size="sm">
          {t('campaignsApp.journeys.title')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {journey?.name ?? t('campaignsApp.journeys.new')}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <Group gap="sm">
            {journey?.name ?? t('campaignsApp.journeys.new')}
            <JourneyStatusBadge status={status} />
          </Group>
        }
        description={t('campaignsApp.journeys.builderHint')}
        actions={
          writable && (
            <>
              {journey !== undefined && status === 'draft' && (
                <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                  {t('common.delete')}
                </Button>
              )}
              {editable && (
                <Tooltip label={t('campaignsApp.journeys.saveBlocked')} disabled={canSave}>
                  <Button variant={dirty ? 'filled' : 'default'} leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={!canSave} onClick={() => void run('save', async () => void (await save()))}>
                    {t('common.save')}
                  </Button>
                </Tooltip>
              )}
              {journey !== undefined && (status === 'draft' || status === 'paused') && (
                <Tooltip label={t('campaignsApp.journeys.activateBlocked', { count: problems.length })} disabled={!activationBlocked}>
                  <Button color="teal" leftSection={<IconPlayerPlay size={16} />} loading={busy === 'activate'} disabled={activationBlocked} onClick={() => void act('activate')}>
                    {status === 'paused' ? t('campaignsApp.journeys.resume') : t('campaignsApp.journeys.activate')}
                  </Button>
                </Tooltip>
              )}
              {journey !== undefined && status === 'active' && (
                <Button variant="default" leftSection={<IconPlayerPause size={16} />} loading={busy === 'pause'} onClick={() => void act('pause')}>
                  {t('campaignsApp.journeys.pause')}
                </Button>
              )}
              {journey !== undefined && status !== 'archived' && status !== 'draft' && (
                <Button variant="subtle" color="gray" leftSection={<IconArchive size={16} />} loading={busy === 'archive'} onClick={() => void act('archive')}>
                  {t('campaignsApp.journeys.archive')}
                </Button>
              )}
            </>
          )
        }
      />
      <Stack>
        <ErrorAlert error={error} extra={unplacedErrors} />
        <Card>
          <Group align="flex-end" gap="lg" wrap="wrap">
            <TextInput
              label={t('campaignsApp.journeys.name')}
              required
              w={360}
              readOnly={!editable}
              value={draft.name}
              error={draft.name.trim() === '' && dirty ? t('campaignsApp.journeys.nameRequired') : undefined}
              onChange={(event) => {
                const name = event.currentTarget.value;
                setDraft((current) => ({ ...current, name }));
              }}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('campaignsApp.journeys.mode')}
              </Text>
              <SegmentedControl
                aria-label={t('campaignsApp.journeys.mode')}
                readOnly={!editable}
                data={[
                  { value: 'approval', label: t('campaignsApp.modes.approval') },
                  // Sending unseen in the house's name is the right of those who approve.
                  { value: 'autopilot', label: t('campaignsApp.modes.autopilot'), disabled: !canApprove && draft.mode !== 'autopilot' },
                ]}
                value={draft.mode}
                onChange={(mode) => setDraft((current) => ({ ...current, mode: mode === 'autopilot' ? 'autopilot' : 'approval' }))}
              />
            </Stack>
            <Text size="xs" c="dimmed" maw={420}>
              {t(`campaignsApp.journeys.modeHints.${draft.mode}`)}
              {!canApprove && ` ${t('campaignsApp.journeys.modeNeedsApprove')}`}
            </Text>
          </Group>
        </Card>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <JourneyCanvas graph={draft.graph} problems={index} counts={countMap} selected={selected} editable={editable} onSelect={setSelected} onGraphChange={setGraph} />
            <JourneyProblemList problems={problems} graph={draft.graph} onSelect={setSelected} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack>
              <Card>
                <Stack gap="sm">
                  <Title order={4}>{t('campaignsApp.journeys.trigger.title')}</Title>
                  <TriggerEditor trigger={draft.trigger} options={options} invalid={index.trigger} readOnly={!editable} onChange={(trigger) => setDraft((current) => ({ ...current, trigger }))} />
                </Stack>
              </Card>
              <Card>
                {selectedStep === undefined ? (
                  <Text size="sm" c="dimmed">
                    {t('campaignsApp.journeys.selectHint')}
                  </Text>
                ) : (
                  <StepPanel
                    key={selectedStep.id}
                    step={selectedStep}
                    graph={draft.graph}
                    options={options}
                    problems={index.nodes.get(selectedStep.id) ?? []}
                    fieldProblems={index.fields}
                    readOnly={!editable}
                    onChange={(step: JourneyNode) => setGraph((graph) => replaceStep(graph, step))}
                    onConnect={(branch, to) =>
                      setGraph((graph) => (to === null ? removeEdges(graph, new Set(graph.edges.filter((edge) => edge.from === selectedStep.id && (edge.branch ?? null) === branch).map(edgeId))) : (connect(graph, selectedStep.id, to, branch) ?? graph)))
                    }
                    onMakeStart={() => setGraph((graph) => ({ ...graph, start: selectedStep.id }))}
                    onRemove={() => {
                      setGraph((graph) => removeSteps(graph, new Set([selectedStep.id])));
                      setSelected(null);
                    }}
                  />
                )}
              </Card>
              {dirty && editable && (
                <Badge variant="light" color="yellow" size="lg" radius="sm" style={{ alignSelf: 'flex-start' }}>
                  {t('campaignsApp.journeys.unsaved')}
                </Badge>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      {journey !== undefined && (
        <ConfirmDialog
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={t('campaignsApp.journeys.deleteTitle')}
          message={t('campaignsApp.journeys.deleteMessage', { name: journey.name })}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await campaignWrites.deleteJourney(journey.id);
            await client.invalidateQueries({ queryKey: ['campaign-journeys'] });
            await navigate('/campaigns/journeys', { replace: true });
          }}
        />
      )}
    </>
  );
}

export function JourneyBuilderPage() {
  const { id } = useParams();
  const query = useJourney(id);
  if (id === undefined) return <Builder key="new" journey={undefined} />;
  // Keyed by the saved version, so an activation or pause from elsewhere starts the builder afresh.
  return <QueryState query={query}>{query.data !== undefined && <Builder key={`${query.data.id}-${query.data.status}`} journey={query.data} />}</QueryState>;
}
