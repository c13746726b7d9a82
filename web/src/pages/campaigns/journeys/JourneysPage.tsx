import { Badge, Button, Card, EmptyState, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useJourneys } from '../../../api/campaigns.ts';
import type { JourneyMode, JourneyStatus, JourneySummary } from '../../../api/campaignsTypes.ts';
import { ClickableRow } from '../../../components/list/PagedTable.tsx';
import { PageHeader, QueryState } from '../../../components/page.tsx';
import { useSession } from '../../../session/session.tsx';
import { useTimeFormat } from '../../../session/time.ts';

/* Every journey of the house: whether it runs, whether its messages wait for approval, and how many people are in it. */

const statusColor: Record<JourneyStatus, string> = { draft: 'gray', active: 'teal', paused: 'yellow', archived: 'dark' };

export function JourneyStatusBadge({ status }: { status: JourneyStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" radius="sm" color={statusColor[status]} data-testid="journey-status">
      {t(`campaignsApp.journeyStatuses.${status}`)}
    </Badge>
  );
}

export function ModeBadge({ mode }: { mode: JourneyMode }) {
  const { t } = useTranslation();
  return (
    <Badge variant="outline" radius="sm" color={mode === 'autopilot' ? 'violet' : 'blue'}>
      {t(`campaignsApp.modes.${mode}`)}
    </Badge>
  );
}

function Counts({ journey }: { journey: JourneySummary }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap">
      {(['waiting', 'completed', 'exited'] as const).map((key) => (
        <Tooltip key={key} label={t(`campaignsApp.journeys.enrolment.${key}`)}>
          <Badge variant="light" color={key === 'waiting' ? 'blue' : key === 'completed' ? 'teal' : 'gray'} radius="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {journey.counts[key]}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

export function JourneysPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const time = useTimeFormat();
  const navigate = useNavigate();
  const journeys = useJourneys();
  const items = journeys.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('campaignsApp.journeys.title')}
        description={t('campaignsApp.journeys.description')}
        actions={
          can('campaigns:write') && (
            <Button component={Link} to="/campaigns/journeys/new" leftSection={<IconPlus size={16} />}>
              {t('campaignsApp.journeys.new')}
            </Button>
          )
        }
      />
      <QueryState query={journeys}>
        {items.length === 0 ? (
          <Card py="xl">
            <EmptyState icon={<IconRoute size={28} />} withIndicatorBackground title={t('campaignsApp.journeys.emptyTitle')} description={t('campaignsApp.journeys.emptyDescription')} />
          </Card>
        ) : (
          <Card p={0}>
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" highlightOnHover data-testid="journey-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('campaignsApp.journeys.name')}</Table.Th>
                    <Table.Th>{t('campaignsApp.journeys.status')}</Table.Th>
                    <Table.Th>{t('campaignsApp.journeys.mode')}</Table.Th>
                    <Table.Th>{t('campaignsApp.journeys.trigger.title')}</Table.Th>
                    <Table.Th>{t('campaignsApp.journeys.people')}</Table.Th>
                    <Table.Th>{t('campaignsApp.updatedAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((journey) => (
                    <ClickableRow key={journey.id} onOpen={() => void navigate(`/campaigns/journeys/${journey.id}`)}>
                      <Table.Td>
                        <Text fw={500} size="sm">
                          {journey.name}
                        </Text>
                        {journey.autopilotRule !== null && (
                          <Text size="xs" c="dimmed">
                            {t('campaignsApp.autopilot.fromRule', { rule: journey.autopilotRule })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <JourneyStatusBadge status={journey.status} />
                      </Table.Td>
                      <Table.Td>
                        <ModeBadge mode={journey.mode} />
                      </Table.Td>
                      <Table.Td>{t(`campaignsApp.journeys.trigger.types.${journey.trigger.type}`)}</Table.Td>
                      <Table.Td>
                        <Counts journey={journey} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(journey.updatedAt)}</Table.Td>
                    </ClickableRow>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        )}
      </QueryState>
    </>
  );
}
