import { Anchor, Button, Select, Table, Text } from '@mantine/core';
import { IconCashRegister, IconReceiptOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useOrderPage, type OrderFilters } from '../../api/ticketing.ts';
import { orderStates, type OrderState } from '../../api/ticketingTypes.ts';
import { FilterBar, ResetFiltersButton, SearchFilter } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { formatMoney } from '../../components/money.ts';
import { PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { PerformancePicker } from './PerformancePicker.tsx';
import { OrderStateBadge, paymentMethodLabel } from './ticketingDisplay.tsx';

/* Every order of the house, newest first: find one by its number, the buyer or a ticket code. */

const PAGE_SIZE = 25;

const isOrderState = (value: string | null): value is OrderState => value !== null && (orderStates as readonly string[]).includes(value);

export function OrdersPage() {
  const { t, i18n } = useTranslation();
  const time = useTimeFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useListParams();
  const { params, page, update } = list;
  const state = params.get('state');
  const filters: OrderFilters = {
    q: params.get('q') ?? undefined,
    state: isOrderState(state) ? state : undefined,
    performanceId: params.get('performance') ?? undefined,
  };
  const query = useOrderPage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);

  return (
    <>
      <PageHeader
        title={t('ticketing.ordersTitle')}
        description={t('ticketing.ordersDescription')}
        actions={
          can('ticketing:sell') && (
            <Button component={Link} to={filters.performanceId === undefined ? '/ticketing/sell' : `/ticketing/sell?performance=${filters.performanceId}`} leftSection={<IconCashRegister size={16} />}>
              {t('ticketing.sell')}
            </Button>
          )
        }
      />
      <FilterBar>
        <SearchFilter list={list} placeholder={t('ticketing.orderSearchPlaceholder')} />
        <Select
          label={t('ticketing.orderState')}
          placeholder={t('ticketing.anyState')}
          data={orderStates.map((value) => ({ value, label: t(`ticketing.orderStates.${value}`) }))}
          value={filters.state ?? null}
          onChange={(value) => update({ state: value })}
          clearable
        />
        <PerformancePicker label={t('ticketing.performance')} value={filters.performanceId ?? null} onChange={(value) => update({ performance: value })} clearable />
        <ResetFiltersButton onClick={list.reset} disabled={!list.filtered} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconReceiptOff size={28} />, title: t('ticketing.noOrdersTitle'), description: t('ticketing.noOrdersDescription') }}
        minWidth={860}
        tableProps={{ 'data-testid': 'order-table' }}
        head={
          <>
            <Table.Th>{t('ticketing.orderNumber')}</Table.Th>
            <Table.Th>{t('ticketing.buyer')}</Table.Th>
            <Table.Th ta="right">{t('ticketing.tickets')}</Table.Th>
            <Table.Th ta="right">{t('ticketing.total')}</Table.Th>
            <Table.Th>{t('ticketing.payment')}</Table.Th>
            <Table.Th>{t('ticketing.orderState')}</Table.Th>
            <Table.Th>{t('ticketing.placedAt')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((order) => (
            <ClickableRow key={order.id} onOpen={() => void navigate(`/ticketing/orders/${order.id}`)}>
              <Table.Td>
                <Anchor component={Link} to={`/ticketing/orders/${order.id}`} size="sm" fw={600} ff="monospace" onClick={(event) => event.stopPropagation()}>
                  {order.number}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{order.buyer.name}</Text>
                {order.buyer.email !== null && (
                  <Text size="xs" c="dimmed">
                    {order.buyer.email}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {order.ticketCount}
              </Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {formatMoney(order.totalMinor, order.currency, i18n.language)}
              </Table.Td>
              <Table.Td>{paymentMethodLabel(t, order.paymentMethod)}</Table.Td>
              <Table.Td>
                <OrderStateBadge state={order.state} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(order.placedAt)}</Table.Td>
            </ClickableRow>
          ))
        }
      </PagedTable>
    </>
  );
}
