import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CategoryAvailability, OrderState, Tariff, Ticket } from '../../api/ticketingTypes.ts';
import type { Labels } from '../../components/labels.ts';

/* How orders, tickets, tariffs and payment methods read on the ticketing screens. */

const orderStateColor: Record<OrderState, string> = {
  pending: 'yellow',
  paid: 'teal',
  cancelled: 'gray',
  refunded: 'grape',
};

export function OrderStateBadge({ state, size = 'sm' }: { state: OrderState; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge size={size} variant="light" color={orderStateColor[state]} radius="sm" data-testid="order-state">
      {t(`ticketing.orderStates.${state}`)}
    </Badge>
  );
}

export function TicketStateBadge({ ticket }: { ticket: Pick<Ticket, 'state' | 'checkedInAt'> }) {
  const { t } = useTranslation();
  if (ticket.state === 'cancelled') {
    return (
      <Badge size="sm" variant="light" color="gray" radius="sm">
        {t('ticketing.ticketStates.cancelled')}
      </Badge>
    );
  }
  return (
    <Badge size="sm" variant={ticket.checkedInAt === null ? 'outline' : 'light'} color={ticket.checkedInAt === null ? 'teal' : 'blue'} radius="sm">
      {t(ticket.checkedInAt === null ? 'ticketing.ticketStates.valid' : 'ticketing.ticketStates.checkedIn')}
    </Badge>
  );
}

/** Built-in methods have their own words; a provider's code (card, paypal) is shown as it is. */
export function paymentMethodLabel(t: TFunction, method: string): string {
  return t(`ticketing.paymentMethods.${method}`, { defaultValue: method });
}

/** Who a reduced tariff is for, in words where Foyer knows the group. */
export function eligibleLabel(t: TFunction, groups: string[]): string {
  return groups.map((group) => t(`ticketing.eligibleGroups.${group}`, { defaultValue: group.replaceAll('_', ' ') })).join(', ');
}

/** A tariff's name: the full price, or the category's reduced tariff of that code. */
export function tariffName(t: TFunction, labels: Labels, code: string | null, tariffs: readonly Tariff[] | undefined): string {
  if (code === null) return t('ticketing.fullPrice');
  const tariff = tariffs?.find((candidate) => candidate.code === code);
  return tariff === undefined ? code : labels.title(tariff.name);
}

/** The price of one ticket of a category at a tariff (null: full price). */
export function unitPrice(category: CategoryAvailability, tariff: string | null): number | null {
  if (tariff === null) return category.amountMinor;
  return category.tariffs.find((candidate) => candidate.code === tariff)?.amountMinor ?? null;
}

/** Seats a ticket of this category at this tariff can still get. */
export function seatsFor(category: CategoryAvailability, tariff: string | null): number {
  return tariff === null ? category.available : Math.min(category.available, category.reducedAvailable);
}
