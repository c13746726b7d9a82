import { Alert, Anchor, Button, Card, Checkbox, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconChecks, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { campaignWrites, useApprovals } from '../../api/campaigns.ts';
import type { CampaignSummary, HeldMessage } from '../../api/campaignsTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { QueryState, PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { useCanApprove } from './campaignDisplay.tsx';
import { RejectModal } from './CampaignEditorPage.tsx';

/*
 * What waits for a person before it goes out: newsletters sent for approval, and the
 * messages of journeys in approval mode, held one per person. Messages are approved or
 * rejected in bulk; deciding needs campaigns:approve, everyone with campaigns:write sees
 * the queue.
 */

function Newsletters({ campaigns, canApprove }: { campaigns: CampaignSummary[]; canApprove: boolean }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rejecting, setRejecting] = useState<CampaignSummary | null>(null);
  const approve = async (campaign: CampaignSummary) => {
    setBusy(campaign.id);
    setError(null);
    try {
      const saved = await campaignWrites.campaignAction(campaign.id, 'approve');
      client.setQueryData(['campaign-one', saved.id], saved);
      await client.invalidateQueries({ queryKey: ['campaign-approvals'] });
      await client.invalidateQueries({ queryKey: ['campaign-list'] });
      notifications.show({ color: 'teal', message: t('campaignsApp.approvals.approvedCampaign', { name: saved.name }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card p={0}>
      <Title order={4} p="md" pb="xs">
        {t('campaignsApp.approvals.newsletters')}
      </Title>
      <ErrorAlert error={error} />
      {campaigns.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          {t('campaignsApp.approvals.noNewsletters')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" data-testid="approval-campaigns">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('campaignsApp.campaigns.name')}</Table.Th>
                <Table.Th>{t('campaignsApp.campaigns.recipients')}</Table.Th>
                <Table.Th>{t('campaignsApp.campaigns.sendAt')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {campaigns.map((campaign) => (
                <Table.Tr key={campaign.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/campaigns/list/${campaign.id}?tab=preview`} fw={500} size="sm">
                      {campaign.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{campaign.recipients}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{campaign.scheduledAt === null ? t('campaignsApp.approvals.rightAway') : time.dateTime(campaign.scheduledAt)}</Table.Td>
                  <Table.Td>
                    {canApprove && (
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} loading={busy === campaign.id} onClick={() => void approve(campaign)} aria-label={t('campaignsApp.approvals.approveNamed', { name: campaign.name })}>
                          {t('campaignsApp.approvals.approve')}
                        </Button>
                        <Button size="xs" variant="light" color="red" leftSection={<IconX size={14} />} onClick={() => setRejecting(campaign)} aria-label={t('campaignsApp.approvals.rejectNamed', { name: campaign.name })}>
                          {t('campaignsApp.approvals.reject')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {rejecting !== null && <RejectModal campaign={rejecting} onClose={() => setRejecting(null)} />}
    </Card>
  );
}

function HeldMessages({ messages, canApprove }: { messages: HeldMessage[]; canApprove: boolean }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ids = messages.map((message) => message.id);
  const selected = ids.filter((id) => chosen.has(id));
  const all = selected.length === ids.length && ids.length > 0;
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(decision);
    setError(null);
    try {
      const result = await campaignWrites.decideMessages(selected, decision);
      setChosen(new Set());
      await client.invalidateQueries({ queryKey: ['campaign-approvals'] });
      await client.invalidateQueries({ queryKey: ['campaign-list'] });
      notifications.show({ color: 'teal', message: t('campaignsApp.approvals.decided', { approved: result.approved, rejected: result.rejected }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card p={0}>
      <Group justify="space-between" p="md" pb="xs">
        <Title order={4}>{t('campaignsApp.approvals.messages')}</Title>
        {canApprove && messages.length > 0 && (
          <Group gap="xs">
            <Button size="xs" color="teal" leftSection={<IconChecks size={14} />} disabled={selected.length === 0} loading={busy === 'approve'} onClick={() => void decide('approve')}>
              {t('campaignsApp.approvals.approveSelected', { count: selected.length })}
            </Button>
            <Button size="xs" variant="light" color="red" leftSection={<IconX size={14} />} disabled={selected.length === 0} loading={busy === 'reject'} onClick={() => void decide('reject')}>
              {t('campaignsApp.approvals.rejectSelected', { count: selected.length })}
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={error} />
      {messages.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          {t('campaignsApp.approvals.noMessages')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" data-testid="approval-messages">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                {canApprove && (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('campaignsApp.approvals.selectAll')}
                      checked={all}
                      indeterminate={selected.length > 0 && !all}
                      onChange={() => setChosen(all ? new Set() : new Set(ids))}
                    />
                  </Table.Th>
                )}
                <Table.Th>{t('campaignsApp.approvals.contact')}</Table.Th>
                <Table.Th>{t('campaignsApp.approvals.journey')}</Table.Th>
                <Table.Th>{t('campaignsApp.approvals.mail')}</Table.Th>
                <Table.Th>{t('campaignsApp.campaigns.queuedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {messages.map((message) => (
                <Table.Tr key={message.id} bg={chosen.has(message.id) ? 'var(--mantine-primary-color-light)' : undefined}>
                  {canApprove && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('campaignsApp.approvals.selectOne', { name: message.contactName ?? message.id })}
                        checked={chosen.has(message.id)}
                        onChange={(event) => {
                          const checked = event.currentTarget.checked;
                          setChosen((current) => {
                            const next = new Set(current);
                            if (checked) next.add(message.id);
                            else next.delete(message.id);
                            return next;
                          });
                        }}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    {message.contactId === null ? (
                      <Text size="sm" c="dimmed">
                        {t('campaignsApp.campaigns.erased')}
                      </Text>
                    ) : (
                      <Anchor component={Link} to={`/audience/contacts/${message.contactId}`} size="sm">
                        {message.contactName ?? message.contactId}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {message.journeyId === null ? (
                      '—'
                    ) : (
                      <Anchor component={Link} to={`/campaigns/journeys/${message.journeyId}`} size="sm">
                        {message.journeyName ?? message.journeyId}
                      </Anchor>
                    )}
                    {message.nodeId !== null && (
                      <Text span size="xs" c="dimmed" ff="monospace" ml={6}>
                        {message.nodeId}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/campaigns/list/${message.campaignId}?tab=preview`} size="sm">
                      {message.campaignName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(message.queuedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  const canApprove = useCanApprove();
  const approvals = useApprovals();
  const empty = approvals.data !== undefined && approvals.data.campaigns.length === 0 && approvals.data.messages.length === 0;
  return (
    <>
      <PageHeader title={t('campaignsApp.approvals.title')} description={t('campaignsApp.approvals.description')} />
      <QueryState query={approvals}>
        <Stack>
          {!canApprove && (
            <Alert color="blue" variant="light">
              {t('campaignsApp.approvals.readOnly')}
            </Alert>
          )}
          {empty ? (
            <Card py="xl">
              <EmptyState icon={<IconChecks size={28} />} withIndicatorBackground title={t('campaignsApp.approvals.emptyTitle')} description={t('campaignsApp.approvals.emptyDescription')} />
            </Card>
          ) : (
            approvals.data !== undefined && (
              <>
                <Newsletters campaigns={approvals.data.campaigns} canApprove={canApprove} />
                <HeldMessages messages={approvals.data.messages} canApprove={canApprove} />
              </>
            )
          )}
        </Stack>
      </QueryState>
    </>
  );
}
