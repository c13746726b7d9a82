import { Alert, Anchor, Breadcrumbs, Button, Card, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconBan, IconCheck, IconPlayerPause, IconPlayerPlay, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { campaignWrites, useCampaign } from '../../api/campaigns.ts';
import type { Campaign, CampaignKind } from '../../api/campaignsTypes.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { CampaignStatusBadge, useCanApprove } from './campaignDisplay.tsx';
import { CampaignContentForm, useCampaignChoices } from './CampaignContentForm.tsx';
import { CampaignPreview } from './CampaignPreview.tsx';
import { DeliveryLog, ProgressPanel, SchedulePanel } from './CampaignSending.tsx';
import { CampaignStats } from './CampaignStats.tsx';

/*
 * One campaign: its content and audience, the preview and a test send, sending it
 * (schedule, now, pause, resume, cancel, with live progress and the delivery log) and
 * its statistics. A newsletter is edited until it starts; a journey mail is sent by its
 * journey and is never scheduled here.
 */

/** As the server's mayEdit(): content, audience and schedule change only before a send starts. */
const editableStatuses = new Set<string>(['draft', 'awaiting_approval', 'scheduled', 'active']);

interface NewValues {
  name: string;
  kind: CampaignKind;
  templateKey: string | null;
  productionId: string | null;
  performanceId: string | null;
  segmentId: string | null;
}

function NewCampaign() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const form = useForm<NewValues>({
    initialValues: { name: '', kind: params.get('kind') === 'journey' ? 'journey' : 'newsletter', templateKey: null, productionId: null, performanceId: null, segmentId: null },
    validate: {
      name: (value) => (value.trim() === '' ? t('campaignsApp.campaigns.nameRequired') : null),
      templateKey: (value) => (value === null ? t('campaignsApp.campaigns.templateRequired') : null),
    },
  });
  const request = useFormRequest(form);
  const choices = useCampaignChoices(form.values.productionId);
  const submit = form.onSubmit((values) =>
    request.run(async () => {
      const created = await campaignWrites.createCampaign({
        name: values.name.trim(),
        kind: values.kind,
        templateKey: values.templateKey ?? '',
        ...(values.productionId === null ? {} : { productionId: values.productionId }),
        ...(values.performanceId === null ? {} : { performanceId: values.performanceId }),
        ...(values.segmentId === null || values.kind === 'journey' ? {} : { segmentId: values.segmentId }),
      });
      client.setQueryData(['campaign-one', created.id], created);
      await client.invalidateQueries({ queryKey: ['campaign-list'] });
      notifications.show({ color: 'teal', message: t('campaignsApp.campaigns.created', { name: created.name }) });
      await navigate(`/campaigns/list/${created.id}`, { replace: true });
    }),
  );
  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/campaigns/list" size="sm">
          {t('campaignsApp.campaigns.title')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('campaignsApp.campaigns.new')}
        </Text>
      </Breadcrumbs>
      <PageHeader title={t('campaignsApp.campaigns.new')} description={t('campaignsApp.campaigns.newHint')} />
      <Card maw={860}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert {...request.alert} />
            <ErrorAlert error={choices.error} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('campaignsApp.campaigns.kind')}
              </Text>
              <SegmentedControl
                aria-label={t('campaignsApp.campaigns.kind')}
                data={[
                  { value: 'newsletter', label: t('campaignsApp.kinds.newsletter') },
                  { value: 'journey', label: t('campaignsApp.kinds.journey') },
                ]}
                {...form.getInputProps('kind')}
              />
              <Text size="xs" c="dimmed">
                {t(`campaignsApp.campaigns.kindHints.${form.values.kind}`)}
              </Text>
            </Stack>
            <TextInput label={t('campaignsApp.campaigns.name')} required data-autofocus maxLength={200} {...form.getInputProps('name')} />
            <Select label={t('campaignsApp.campaigns.template')} required searchable data={choices.templates} {...form.getInputProps('templateKey')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('campaignsApp.campaigns.production')}
                placeholder={t('campaignsApp.campaigns.noFocus')}
                searchable
                clearable
                data={choices.productions}
                {...form.getInputProps('productionId')}
                onChange={(value) => {
                  form.setFieldValue('productionId', value);
                  form.setFieldValue('performanceId', null);
                }}
              />
              <Select
                label={t('campaignsApp.campaigns.performance')}
                placeholder={form.values.productionId === null ? t('campaignsApp.campaigns.chooseProductionFirst') : t('campaignsApp.campaigns.anyPerformance')}
                disabled={form.values.productionId === null}
                clearable
                data={choices.performances}
                {...form.getInputProps('performanceId')}
              />
            </SimpleGrid>
            {form.values.kind === 'newsletter' && (
              <Select label={t('campaignsApp.campaigns.segment')} placeholder={t('campaignsApp.campaigns.chooseSegment')} searchable clearable data={choices.segments} {...form.getInputProps('segmentId')} />
            )}
            <Group>
              <Button type="submit" loading={request.busy} leftSection={<IconPlus size={16} />}>
                {t('campaignsApp.campaigns.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
}

/** Sends a newsletter back to its author, with the reason. */
export function RejectModal({ campaign, onClose }: { campaign: Pick<Campaign, 'id' | 'name'>; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal opened onClose={onClose} title={t('campaignsApp.approvals.rejectTitle', { name: campaign.name })}>
      <Stack>
        <ErrorAlert error={error} />
        <Textarea label={t('campaignsApp.approvals.reason')} description={t('campaignsApp.approvals.reasonHint')} autosize minRows={3} maxLength={1000} value={reason} onChange={(event) => setReason(event.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                const saved = await campaignWrites.rejectCampaign(campaign.id, reason.trim() === '' ? null : reason.trim());
                client.setQueryData(['campaign-one', saved.id], saved);
                await client.invalidateQueries({ queryKey: ['campaign-list'] });
                await client.invalidateQueries({ queryKey: ['campaign-approvals'] });
                onClose();
              } catch (caught) {
                setError(caught);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('campaignsApp.approvals.reject')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const navigate = useNavigate();
  const canApprove = useCanApprove();
  const [params, setParams] = useSearchParams();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const newsletter = campaign.kind === 'newsletter';
  const editable = editableStatuses.has(campaign.status);
  const tab = params.get('tab') ?? 'content';

  const apply = (saved: Campaign) => {
    client.setQueryData(['campaign-one', saved.id], saved);
    void client.invalidateQueries({ queryKey: ['campaign-list'] });
    void client.invalidateQueries({ queryKey: ['campaign-progress', saved.id] });
    void client.invalidateQueries({ queryKey: ['campaign-approvals'] });
  };
  const act = async (action: 'pause' | 'resume' | 'approve') => {
    setBusy(action);
    setError(null);
    try {
      apply(await campaignWrites.campaignAction(campaign.id, action));
      notifications.show({ color: 'teal', message: t(`campaignsApp.campaigns.done.${action}`) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const canPause = campaign.status === 'sending' || campaign.status === 'scheduled' || campaign.status === 'active';
  const canCancel = !['sent', 'cancelled', 'archived'].includes(campaign.status);
  const canDelete = ['draft', 'awaiting_approval', 'cancelled'].includes(campaign.status) && Object.values(campaign.counts).every((count) => count === 0);

  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/campaigns/list" size="sm">
          {t('campaignsApp.campaigns.title')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {campaign.name}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <Group gap="sm">
            {campaign.name}
            <CampaignStatusBadge status={campaign.status} />
          </Group>
        }
        description={t(`campaignsApp.kinds.${campaign.kind}`)}
        actions={
          <>
            {campaign.status === 'awaiting_approval' && canApprove && (
              <>
                <Button color="teal" leftSection={<IconCheck size={16} />} loading={busy === 'approve'} onClick={() => void act('approve')}>
                  {t('campaignsApp.approvals.approve')}
                </Button>
                <Button variant="light" color="red" leftSection={<IconX size={16} />} onClick={() => setRejecting(true)}>
                  {t('campaignsApp.approvals.reject')}
                </Button>
              </>
            )}
            {canPause && (
              <Button variant="default" leftSection={<IconPlayerPause size={16} />} loading={busy === 'pause'} onClick={() => void act('pause')}>
                {t('campaignsApp.campaigns.pause')}
              </Button>
            )}
            {campaign.status === 'paused' && (
              <Button color="teal" leftSection={<IconPlayerPlay size={16} />} loading={busy === 'resume'} onClick={() => void act('resume')}>
                {t('campaignsApp.campaigns.resume')}
              </Button>
            )}
            {canCancel && newsletter && (
              <Button variant="subtle" color="red" leftSection={<IconBan size={16} />} onClick={() => setConfirm('cancel')}>
                {t('campaignsApp.campaigns.cancel')}
              </Button>
            )}
            {canDelete && (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirm('delete')}>
                {t('common.delete')}
              </Button>
            )}
          </>
        }
      />
      <Stack>
        <ErrorAlert error={error} />
        {campaign.status === 'awaiting_approval' && (
          <Alert color="orange" variant="light">
            {t('campaignsApp.campaigns.awaitingApproval')}
          </Alert>
        )}
        {campaign.approvedAt !== null && (
          <Text size="xs" c="dimmed">
            {t('campaignsApp.campaigns.approvedAt', { when: time.dateTime(campaign.approvedAt) })}
          </Text>
        )}
        <Tabs
          value={tab}
          onChange={(value) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                next.set('tab', value ?? 'content');
                return next;
              },
              { replace: true },
            )
          }
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="content">{t('campaignsApp.campaigns.tabs.content')}</Tabs.Tab>
            <Tabs.Tab value="preview">{t('campaignsApp.campaigns.tabs.preview')}</Tabs.Tab>
            <Tabs.Tab value="sending">{t('campaignsApp.campaigns.tabs.sending')}</Tabs.Tab>
            <Tabs.Tab value="stats">{t('campaignsApp.campaigns.tabs.stats')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="content">
            <CampaignContentForm key={campaign.updatedAt} campaign={campaign} editable={editable} />
          </Tabs.Panel>
          <Tabs.Panel value="preview">
            <CampaignPreview campaign={campaign} />
          </Tabs.Panel>
          <Tabs.Panel value="sending">
            <Stack>
              {newsletter && (campaign.status === 'draft' || campaign.status === 'scheduled') && <SchedulePanel campaign={campaign} />}
              {!newsletter && (
                <Alert color="blue" variant="light">
                  {t('campaignsApp.campaigns.journeyMailHint')}
                </Alert>
              )}
              <ProgressPanel campaign={campaign} />
              <DeliveryLog campaign={campaign} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="stats">
            <CampaignStats campaign={campaign} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
      <ConfirmDialog
        opened={confirm === 'cancel'}
        onClose={() => setConfirm(null)}
        title={t('campaignsApp.campaigns.cancelTitle')}
        message={t('campaignsApp.campaigns.cancelMessage', { name: campaign.name })}
        confirmLabel={t('campaignsApp.campaigns.cancel')}
        onConfirm={async () => apply(await campaignWrites.campaignAction(campaign.id, 'cancel'))}
      />
      <ConfirmDialog
        opened={confirm === 'delete'}
        onClose={() => setConfirm(null)}
        title={t('campaignsApp.campaigns.deleteTitle')}
        message={t('campaignsApp.campaigns.deleteMessage', { name: campaign.name })}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          await campaignWrites.deleteCampaign(campaign.id);
          await client.invalidateQueries({ queryKey: ['campaign-list'] });
          await navigate('/campaigns/list', { replace: true });
        }}
      />
      {rejecting && <RejectModal campaign={campaign} onClose={() => setRejecting(false)} />}
    </>
  );
}

export function CampaignEditorPage() {
  const { id } = useParams();
  const query = useCampaign(id);
  if (id === undefined) return <NewCampaign />;
  return <QueryState query={query}>{query.data !== undefined && <CampaignView campaign={query.data} />}</QueryState>;
}
