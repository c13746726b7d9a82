import { Anchor, Badge, Breadcrumbs, Button, Card, Checkbox, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowsExchange, IconCash, IconTicketOff } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useInventories, useOrder } from '../../api/ticketing.ts';
import type { Order, Tariff, Ticket } from '../../api/ticketingTypes.ts';
import { useLabels } from '../../components/labels.ts';
import { formatMoney } from '../../components/money.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { CancelModal, ExchangeModal, MarkPaidModal } from './OrderActions.tsx';
import { OrderStateBadge, paymentMethodLabel, TicketStateBadge, tariffName } from './ticketingDisplay.tsx';

/* One order: the buyer, payment and times, its tickets, and what the desk can do with it. */

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

type Dialog = { kind: 'paid' } | { kind: 'cancel'; tickets: Ticket[] | null } | { kind: 'exchange'; tickets: Ticket[] } | null;

function OrderView({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const { can } = useSession();
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const sells = can('ticketing:sell');
  const open = order.state === 'pending' || order.state === 'paid';
  // The tariff codes on tickets get their names from each performance's price categories.
  const performanceIds = [...new Set(order.tickets.map((ticket) => ticket.performanceId))];
  const inventories = useInventories(performanceIds, can('ticketing:inventory'));
  const tariffsOf = new Map<string, Tariff[]>();
  for (const inventory of inventories) for (const category of inventory.data?.availability.categories ?? []) tariffsOf.set(category.id, category.tariffs);
  const valid = order.tickets.filter((ticket) => ticket.state === 'valid');
  const chosen = valid.filter((ticket) => selected.includes(ticket.id));
  const toggle = (id: string, on: boolean) => setSelected((current) => (on ? [...current, id] : current.filter((candidate) => candidate !== id)));
  const money = (minor: number) => formatMoney(minor, order.currency, i18n.language);

  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/ticketing/orders" size="sm">
          {t('ticketing.ordersTitle')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {order.number}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span data-testid="order-number">{t('ticketing.orderTitle', { number: order.number })}</span>
            <OrderStateBadge state={order.state} size="lg" />
          </Group>
        }
        description={t('ticketing.placedVia', { date: time.dateTime(order.placedAt), source: t(`ticketing.sources.${order.source}`, { defaultValue: order.source }) })}
        actions={
          sells && (
            <>
              {order.state === 'pending' && (
                <Button color="teal" leftSection={<IconCash size={16} />} onClick={() => setDialog({ kind: 'paid' })}>
                  {t('ticketing.markPaid')}
                </Button>
              )}
              {open && valid.length > 0 && (
                <Button color="red" variant="light" leftSection={<IconTicketOff size={16} />} onClick={() => setDialog({ kind: 'cancel', tickets: null })}>
                  {t('ticketing.cancelOrder')}
                </Button>
              )}
            </>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card>
            <Stack gap="md">
              <Title order={3} size="h5">
                {t('ticketing.buyer')}
              </Title>
              <Fact label={t('ticketing.buyerName')}>
                {order.contactId !== null && can('audience:read') ? (
                  <Anchor component={Link} to={`/audience/contacts/${order.contactId}`} size="sm">
                    {order.buyer.name}
                  </Anchor>
                ) : (
                  <span data-testid="buyer-name">{order.buyer.name}</span>
                )}
              </Fact>
              <Fact label={t('ticketing.buyerEmail')}>{order.buyer.email ?? '–'}</Fact>
              <Fact label={t('ticketing.buyerLanguage')}>{t(`languages.${order.buyer.language}`)}</Fact>
              <Fact label={t('ticketing.consents')}>
                <Group gap={4}>
                  {order.consents.newsletter && <Badge size="sm" variant="light">{t('purposes.newsletter')}</Badge>}
                  {order.consents.recommendations && <Badge size="sm" variant="light">{t('purposes.recommendations')}</Badge>}
                  {!order.consents.newsletter && !order.consents.recommendations && <span>{t('ticketing.noConsents')}</span>}
                </Group>
              </Fact>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card>
            <Stack gap="md">
              <Title order={3} size="h5">
                {t('ticketing.payment')}
              </Title>
              <SimpleGrid cols={{ base: 2, sm: 3 }}>
                <Fact label={t('ticketing.total')}>
                  <Text fw={700} size="lg" data-testid="order-total">
                    {money(order.totalMinor)}
                  </Text>
                </Fact>
                <Fact label={t('ticketing.paymentMethod')}>{paymentMethodLabel(t, order.paymentMethod)}</Fact>
                <Fact label={t('ticketing.paymentReference')}>{order.paymentRef ?? '–'}</Fact>
                <Fact label={t('ticketing.placedAt')}>{time.dateTime(order.placedAt)}</Fact>
                <Fact label={t('ticketing.paidAt')}>{order.paidAt === null ? '–' : time.dateTime(order.paidAt)}</Fact>
                <Fact label={t('ticketing.cancelledAt')}>{order.cancelledAt === null ? '–' : time.dateTime(order.cancelledAt)}</Fact>
              </SimpleGrid>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <Card mt="lg">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3} size="h5">
              {t('ticketing.ticketsOfOrder', { count: order.tickets.length })}
            </Title>
            {sells && open && (
              <Group gap="xs">
                <Button size="sm" variant="default" disabled={chosen.length === 0} leftSection={<IconArrowsExchange size={16} />} onClick={() => setDialog({ kind: 'exchange', tickets: chosen })}>
                  {t('ticketing.exchangeSelected', { count: chosen.length })}
                </Button>
                <Button size="sm" color="red" variant="light" disabled={chosen.length === 0} leftSection={<IconTicketOff size={16} />} onClick={() => setDialog({ kind: 'cancel', tickets: chosen })}>
                  {t('ticketing.cancelSelected', { count: chosen.length })}
                </Button>
              </Group>
            )}
          </Group>
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="ticket-table">
              <Table.Thead>
                <Table.Tr>
                  {sells && open && <Table.Th w={40} />}
                  <Table.Th>{t('ticketing.production')}</Table.Th>
                  <Table.Th>{t('ticketing.date')}</Table.Th>
                  <Table.Th>{t('ticketing.category')}</Table.Th>
                  <Table.Th>{t('ticketing.tariff')}</Table.Th>
                  <Table.Th ta="right">{t('ticketing.price')}</Table.Th>
                  <Table.Th>{t('ticketing.code')}</Table.Th>
                  <Table.Th>{t('ticketing.ticketState')}</Table.Th>
                  <Table.Th>{t('ticketing.checkedInAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {order.tickets.map((ticket) => (
                  <Table.Tr key={ticket.id} data-testid="ticket-row" data-code={ticket.code}>
                    {sells && open && (
                      <Table.Td>
                        {ticket.state === 'valid' && (
                          <Checkbox
                            aria-label={t('ticketing.selectTicket', { code: ticket.code })}
                            checked={selected.includes(ticket.id)}
                            onChange={(event) => toggle(ticket.id, event.currentTarget.checked)}
                          />
                        )}
                      </Table.Td>
                    )}
                    <Table.Td>
                      {can('ticketing:inventory') ? (
                        <Anchor component={Link} to={`/ticketing/performances/${ticket.performanceId}`} size="sm">
                          {labels.title(ticket.title)}
                        </Anchor>
                      ) : (
                        labels.title(ticket.title)
                      )}
                      {ticket.hall !== null && (
                        <Text size="xs" c="dimmed">
                          {ticket.hall}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {time.date(ticket.startsAt)}, {time.time(ticket.startsAt)}
                    </Table.Td>
                    <Table.Td>{labels.title(ticket.category)}</Table.Td>
                    <Table.Td>{tariffName(t, labels, ticket.tariff, tariffsOf.get(ticket.priceCategoryId))}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {formatMoney(ticket.priceMinor, ticket.currency, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace" data-testid="ticket-code">
                        {ticket.code}
                      </Text>
                    </Table.Td>
                    <Table.Td data-testid="ticket-state" miw={130}>
                      <TicketStateBadge ticket={ticket} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{ticket.checkedInAt === null ? '–' : time.dateTime(ticket.checkedInAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Card>
      {dialog?.kind === 'paid' && <MarkPaidModal order={order} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'cancel' && (
        <CancelModal
          order={order}
          tickets={dialog.tickets}
          onClose={() => {
            setDialog(null);
            setSelected([]);
          }}
        />
      )}
      {dialog?.kind === 'exchange' && (
        <ExchangeModal
          order={order}
          tickets={dialog.tickets}
          onClose={() => {
            setDialog(null);
            setSelected([]);
          }}
        />
      )}
    </>
  );
}

export function OrderPage() {
  const { id } = useParams();
  const query = useOrder(id);
  return <QueryState query={query}>{query.data !== undefined && <OrderView key={query.data.id} order={query.data} />}</QueryState>;
}
