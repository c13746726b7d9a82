import { Anchor, Box, Breadcrumbs, Button, Card, Grid, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSegment } from '../../api/audience.ts';
import type { Segment } from '../../api/audienceTypes.ts';
import { api, ApiError } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { applyFieldErrors, ErrorAlert } from '../../components/errors.tsx';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { LiveCount, useLiveCount } from './LiveCount.tsx';
import { RuleTreeEditor } from './RuleTreeEditor.tsx';
import { buildRule, placeErrors, treeOf, type GroupNode } from './ruleTreeModel.ts';
import { StaticListPage } from './StaticListPage.tsx';

/*
 * The segment builder: the rule tree on the left, its live count on the right. The count
 * follows the tree ~300 ms after the last change; the server's refusals of a rule are
 * shown at the node they name.
 */

const COUNT_DELAY_MS = 300;

function SaveModal({
  segment,
  rules,
  onClose,
  onRefused,
}: {
  segment: Segment | undefined;
  rules: ReturnType<typeof buildRule>;
  onClose: () => void;
  onRefused: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { name: segment?.name ?? '', description: segment?.description ?? '' },
    validate: { name: (value) => (value.trim() === '' ? t('segments.nameRequired') : null) },
  });
  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    const body = { name: values.name.trim(), description: values.description.trim() === '' ? null : values.description.trim(), rules: rules.rule };
    try {
      const saved =
        segment === undefined
          ? await api.post<Segment>('/api/segments', { ...body, kind: 'rules' })
          : await api.patch<Segment>(`/api/segments/${segment.id}`, body);
      client.setQueryData(['segments', 'one', saved.id], saved);
      await client.invalidateQueries({ queryKey: ['segments'] });
      notifications.show({ color: 'teal', message: t('segments.saved', { name: saved.name }) });
      onClose();
      if (segment === undefined) await navigate(`/audience/segments/${saved.id}`, { replace: true });
    } catch (caught) {
      const rest = applyFieldErrors(form, caught).filter((line) => !line.startsWith('rules'));
      setUnplaced(rest);
      setError(caught);
      onRefused(caught);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Modal opened onClose={onClose} title={segment === undefined ? t('segments.saveNew') : t('segments.saveChanges')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={error} extra={unplaced} />
          <TextInput label={t('segments.name')} required data-autofocus {...form.getInputProps('name')} />
          <Textarea label={t('segments.descriptionField')} autosize minRows={2} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} leftSection={<IconDeviceFloppy size={16} />}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Builder({ segment }: { segment: Segment | undefined }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [tree, setTree] = useState<GroupNode>(() => treeOf(segment?.rules ?? null));
  const [showSample, setShowSample] = useState(false);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const writable = can('audience:write');

  const built = useMemo(() => buildRule(tree), [tree]);
  const [debounced] = useDebouncedValue(built, COUNT_DELAY_MS);
  const count = useLiveCount(debounced.rule, showSample);

  // The server's refusal of the counted (or saved) rule, placed at the nodes it names.
  const refusal = saveError ?? (count.error instanceof ApiError && count.error.code === 'validation' ? count.error : null);
  const placed = useMemo(() => {
    if (!(refusal instanceof ApiError)) return { byNode: new Map(), rest: [] };
    // The paths the refused rule was built with: the counted one lags by the debounce.
    return placeErrors(refusal.details, refusal === saveError ? built : debounced);
  }, [refusal, saveError, built, debounced]);
  const rest = placed.rest.filter((error) => error.field.startsWith('rules') || error.field === '');

  const change = (update: (current: GroupNode) => GroupNode) => {
    setSaveError(null);
    setTree(update);
  };

  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/audience/segments" size="sm">
          {t('segments.title')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {segment?.name ?? t('segments.new')}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={segment?.name ?? t('segments.new')}
        description={segment?.description ?? t('segments.builderHint')}
        actions={
          writable && (
            <>
              {segment !== undefined && (
                <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                  {t('common.delete')}
                </Button>
              )}
              <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => setSaving(true)} disabled={built.rule === null}>
                {segment === undefined ? t('segments.saveSegment') : t('common.save')}
              </Button>
            </>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card>
            <Stack>
              {rest.length > 0 && (
                <ErrorAlert error={refusal} extra={rest.map((error) => `${error.field}: ${error.message}`)} />
              )}
              <RuleTreeEditor tree={tree} onChange={change} errors={placed.byNode} skipped={built.skipped} segmentId={segment?.id} />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Box pos="sticky" top={76}>
            <LiveCount rules={debounced.rule} count={count} showSample={showSample} onShowSample={setShowSample} />
          </Box>
        </Grid.Col>
      </Grid>
      {saving && <SaveModal segment={segment} rules={built} onClose={() => setSaving(false)} onRefused={setSaveError} />}
      {segment !== undefined && (
        <ConfirmDialog
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={t('segments.deleteTitle')}
          message={t('segments.deleteMessage', { name: segment.name })}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await api.delete(`/api/segments/${segment.id}`);
            await client.invalidateQueries({ queryKey: ['segments'] });
            await navigate('/audience/segments', { replace: true });
          }}
        />
      )}
    </>
  );
}

export function SegmentBuilderPage() {
  const { id } = useParams();
  const query = useSegment(id);
  if (id === undefined) return <Builder key="new" segment={undefined} />;
  return (
    <QueryState query={query}>
      {query.data !== undefined && (query.data.kind === 'static' ? <StaticListPage key={id} segment={query.data} /> : <Builder key={id} segment={query.data} />)}
    </QueryState>
  );
}
