import { Anchor, Badge, Breadcrumbs, Button, Card, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCashRegister, IconReceipt, IconScan } from '@tabler/icons-react';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePerformance } from '../../api/queries.ts';
import { useInventory } from '../../api/ticketing.ts';
import type { Inventory, Quota } from '../../api/ticketingTypes.ts';
import { useLabels, type Labels } from '../../components/labels.ts';
import { formatMoney } from '../../components/money.ts';
import { Loading, PageHeader, QueryState, StatusBadge } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { QuotaForm } from './QuotaForm.tsx';

// The chart library is large: loaded when a sales page is opened, not with the app.
const SalesCurveChart = lazy(() => import('./SalesCurveChart.tsx').then((module) => ({ default: module.SalesCurveChart })));

/* One performance's sales: seats per category, quotas, the door, the waiting list and the sales curve. */

function Figure({ label, value, testId, color }: { label: string; value: ReactNode; testId: string; color?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function quotaName(quota: Quota, inventory: Inventory, labels: Labels, t: (key: string) => string): string {
  if (quota.key === 'capacity') return t('ticketing.quotaCapacity');
  if (quota.key === 'reduced') return t('ticketing.quotaReduced');
  const categoryId = quota.key.replace(/^category:/, '');
  const category = inventory.categories.find((candidate) => candidate.id === categoryId);
  return category === undefined ? quota.key : labels.title(category.name);
}

const num = { fontVariantNumeric: 'tabular-nums' } as const;

function InventoryView({ performanceId, inventory, hallCapacity }: { performanceId: string; inventory: Inventory; hallCapacity: number | null }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const { can } = useSession();
  const capacity = inventory.quotas.find((quota) => quota.key === 'capacity');
  const priceOf = new Map(inventory.availability.categories.map((category) => [category.id, category]));
  const totals = inventory.categories.reduce((sum, c) => ({ sold: sum.sold + c.sold, pending: sum.pending + c.pending, held: sum.held + c.held }), { sold: 0, pending: 0, held: 0 });
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Figure label={t('ticketing.capacity')} value={capacity?.size ?? inventory.availability.capacity} testId="figure-capacity" />
        <Figure label={t('ticketing.sold')} value={totals.sold} testId="figure-sold" color="teal.8" />
        <Figure label={t('ticketing.reserved')} value={totals.pending} testId="figure-reserved" color="yellow.8" />
        <Figure label={t('ticketing.held')} value={totals.held} testId="figure-held" />
        <Figure label={t('ticketing.free')} value={inventory.availability.available} testId="figure-free" color="foyer.8" />
        <Figure label={t('ticketing.checkedIn')} value={inventory.checkedIn} testId="figure-checked-in" />
      </SimpleGrid>
      {!inventory.availability.bookable && inventory.availability.reason !== null && (
        <Text size="sm" c="red.8" data-testid="not-bookable">
          {t(`ticketing.reasons.${inventory.availability.reason}`, { defaultValue: inventory.availability.reason })}
        </Text>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card>
            <Stack gap="sm">
              <Title order={3} size="h5">
                {t('ticketing.byCategory')}
              </Title>
              <Table.ScrollContainer minWidth={520}>
                <Table data-testid="category-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('ticketing.category')}</Table.Th>
                      <Table.Th ta="right">{t('ticketing.price')}</Table.Th>
                      <Table.Th ta="right">{t('ticketing.sold')}</Table.Th>
                      <Table.Th ta="right">{t('ticketing.reserved')}</Table.Th>
                      <Table.Th ta="right">{t('ticketing.held')}</Table.Th>
                      <Table.Th ta="right">{t('ticketing.free')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {inventory.categories.map((category) => {
                      const price = priceOf.get(category.id);
                      return (
                        <Table.Tr key={category.id}>
                          <Table.Td>{labels.title(category.name)}</Table.Td>
                          <Table.Td ta="right" style={num}>
                            {price === undefined ? '–' : formatMoney(price.amountMinor, price.currency, i18n.language)}
                          </Table.Td>
                          <Table.Td ta="right" style={num}>
                            {category.sold}
                          </Table.Td>
                          <Table.Td ta="right" style={num}>
                            {category.pending}
                          </Table.Td>
                          <Table.Td ta="right" style={num}>
                            {category.held}
                          </Table.Td>
                          <Table.Td ta="right" style={num} fw={600}>
                            {category.free}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card h="100%">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={3} size="h5">
                  {t('ticketing.waitingList')}
                </Title>
                <Badge size="lg" variant="light" color={inventory.waiting > 0 ? 'orange' : 'gray'} data-testid="figure-waiting">
                  {t('ticketing.waitingCount', { count: inventory.waiting })}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {t('ticketing.waitingHint')}
              </Text>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <Card>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('ticketing.salesCurve')}
          </Title>
          <Suspense fallback={<Loading />}>
            <SalesCurveChart curve={inventory.salesCurve} startsAt={inventory.availability.startsAt} />
          </Suspense>
        </Stack>
      </Card>
      <Card>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('ticketing.quotas')}
          </Title>
          <Table.ScrollContainer minWidth={560}>
            <Table data-testid="quota-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ticketing.quota')}</Table.Th>
                  <Table.Th ta="right">{t('ticketing.size')}</Table.Th>
                  <Table.Th ta="right">{t('ticketing.sold')}</Table.Th>
                  <Table.Th ta="right">{t('ticketing.reserved')}</Table.Th>
                  <Table.Th ta="right">{t('ticketing.held')}</Table.Th>
                  <Table.Th ta="right">{t('ticketing.free')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {inventory.quotas.map((quota) => (
                  <Table.Tr key={quota.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{quotaName(quota, inventory, labels, t)}</Text>
                        {quota.sizeFixed && (
                          <Badge size="xs" variant="default" radius="sm">
                            {t('ticketing.setByStaff')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" style={num}>
                      {quota.size}
                    </Table.Td>
                    <Table.Td ta="right" style={num}>
                      {quota.sold}
                    </Table.Td>
                    <Table.Td ta="right" style={num}>
                      {quota.pending}
                    </Table.Td>
                    <Table.Td ta="right" style={num}>
                      {quota.held}
                    </Table.Td>
                    <Table.Td ta="right" style={num} fw={600}>
                      {quota.available}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {can('catalogue:write') && <QuotaForm key={JSON.stringify(inventory.quotas.map((q) => [q.key, q.size, q.sizeFixed]))} performanceId={performanceId} inventory={inventory} hallCapacity={hallCapacity} />}
        </Stack>
      </Card>
    </Stack>
  );
}

export function PerformanceSalesPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const { can } = useSession();
  const performance = usePerformance(id);
  const inventory = useInventory(id, { refetchInterval: 60_000 });
  const data = performance.data;
  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/ticketing/performances" size="sm">
          {t('ticketing.salesTitle')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {data === undefined ? '…' : labels.title(data.production.title)}
        </Text>
      </Breadcrumbs>
      <QueryState query={performance}>
        {data !== undefined && (
          <PageHeader
            title={labels.title(data.production.title)}
            description={
              <Group gap="xs" component="span">
                <span>
                  {time.dateLong(data.startsAt)}, {time.time(data.startsAt)}
                </span>
                {data.hall !== null && <span>· {data.hall.name}</span>}
                <StatusBadge status={data.status} labels={labels} />
              </Group>
            }
            actions={
              <>
                {can('ticketing:orders') && (
                  <Button component={Link} to={`/ticketing/orders?performance=${id}`} variant="default" leftSection={<IconReceipt size={16} />}>
                    {t('ticketing.ordersOfPerformance')}
                  </Button>
                )}
                {can('ticketing:check_in') && (
                  <Button component={Link} to={`/ticketing/check-in/${id}`} variant="default" leftSection={<IconScan size={16} />}>
                    {t('ticketing.checkIn')}
                  </Button>
                )}
                {can('ticketing:sell') && (
                  <Button component={Link} to={`/ticketing/sell?performance=${id}`} leftSection={<IconCashRegister size={16} />}>
                    {t('ticketing.sell')}
                  </Button>
                )}
              </>
            }
          />
        )}
      </QueryState>
      <QueryState query={inventory}>
        {inventory.data !== undefined && <InventoryView performanceId={id} inventory={inventory.data} hallCapacity={data?.hall?.capacity ?? null} />}
      </QueryState>
    </>
  );
}
