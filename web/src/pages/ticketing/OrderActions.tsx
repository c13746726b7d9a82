import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { IconArrowsExchange, IconCash, IconTicketOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketingWrites, useIdempotentAction, useInventory } from '../../api/ticketing.ts';
import type { Order, Ticket } from '../../api/ticketingTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { formatMoney } from '../../components/money.ts';
import { PerformancePicker } from './PerformancePicker.tsx';
import { eligibleLabel, paymentMethodLabel, seatsFor, tariffName, unitPrice } from './ticketingDisplay.tsx';

/*
 * What the desk does with an order: take the money, cancel all or some tickets (the
 * seats go back on sale at once), exchange tickets for another evening or category.
 * Each is one intended write with its own Idempotency-Key, kept across retries.
 */

/** After a write to an order: the order as answered, and every list and count it touches. */
export async function afterOrderWrite(client: QueryClient, order: Order): Promise<void> {
  client.setQueryData(['orders', 'one', order.id], order);
  await Promise.all([client.invalidateQueries({ queryKey: ['orders', 'page'] }), client.invalidateQueries({ queryKey: ['inventory'] })]);
}

const desk = ['cash', 'box_office', 'invoice'] as const;

export function MarkPaidModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const perform = useIdempotentAction();
  const [method, setMethod] = useState<string>(order.paymentMethod === 'box_office' ? 'cash' : order.paymentMethod);
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const methods = [...new Set<string>([...desk, order.paymentMethod])];
  const submit = async () => {
    setBusy(true);
    setError(null);
    const body = { paymentMethod: method, ...(reference.trim() === '' ? {} : { reference: reference.trim() }) };
    try {
      const saved = await perform({ order: order.id, body }, (key) => ticketingWrites.markPaid(order.id, body, key));
      await afterOrderWrite(client, saved);
      notifications.show({ color: 'teal', message: t('ticketing.paidDone', { number: saved.number }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('ticketing.markPaid')}>
      <Stack>
        <Text size="sm">{t('ticketing.markPaidQuestion', { total: formatMoney(order.totalMinor, order.currency, i18n.language) })}</Text>
        <ErrorAlert error={error} />
        <Select label={t('ticketing.paymentMethod')} data={methods.map((value) => ({ value, label: paymentMethodLabel(t, value) }))} value={method} onChange={(value) => setMethod(value ?? method)} allowDeselect={false} />
        <TextInput label={t('ticketing.paymentReference')} description={t('ticketing.paymentReferenceHint')} value={reference} onChange={(event) => setReference(event.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="teal" loading={busy} leftSection={<IconCash size={16} />} onClick={() => void submit()}>
            {t('ticketing.markPaid')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Cancels the tickets given, or the whole order when none are given. */
export function CancelModal({ order, tickets, onClose }: { order: Order; tickets: Ticket[] | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const perform = useIdempotentAction();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const chosen = tickets ?? order.tickets.filter((ticket) => ticket.state === 'valid');
  const refund = chosen.reduce((sum, ticket) => sum + ticket.priceMinor, 0);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const body = { ...(tickets === null ? {} : { ticketIds: tickets.map((ticket) => ticket.id) }), ...(reason.trim() === '' ? {} : { reason: reason.trim() }) };
    try {
      const saved = await perform({ order: order.id, body }, (key) => ticketingWrites.cancel(order.id, body, key));
      await afterOrderWrite(client, saved);
      notifications.show({ color: 'teal', message: t('ticketing.cancelDone', { count: chosen.length }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={tickets === null ? t('ticketing.cancelOrder') : t('ticketing.cancelTickets', { count: chosen.length })}>
      <Stack>
        <Text size="sm">
          {tickets === null ? t('ticketing.cancelOrderQuestion', { number: order.number }) : t('ticketing.cancelTicketsQuestion', { codes: chosen.map((ticket) => ticket.code).join(', ') })}
        </Text>
        {order.state === 'paid' && refund > 0 && (
          <Alert color="yellow" variant="light">
            {t('ticketing.refundHint', { amount: formatMoney(refund, order.currency, i18n.language), method: paymentMethodLabel(t, order.paymentMethod) })}
          </Alert>
        )}
        <ErrorAlert error={error} />
        <Textarea label={t('ticketing.cancelReason')} placeholder={t('ticketing.cancelReasonPlaceholder')} autosize minRows={2} maxLength={500} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.keep')}
          </Button>
          <Button color="red" loading={busy} leftSection={<IconTicketOff size={16} />} onClick={() => void submit()}>
            {t('ticketing.confirmCancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Exchanges tickets for seats of another performance or category; the inventory of the target shows what is free. */
export function ExchangeModal({ order, tickets, onClose }: { order: Order; tickets: Ticket[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const perform = useIdempotentAction();
  const [performanceId, setPerformanceId] = useState<string | null>(tickets[0]?.performanceId ?? null);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [tariff, setTariff] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inventory = useInventory(performanceId);
  const categories = inventory.data?.availability.categories ?? [];
  const category = categories.find((candidate) => candidate.id === categoryId);
  const tariffCode = tariff === '' ? null : tariff;
  const free = category === undefined ? null : seatsFor(category, tariffCode);
  const price = category === undefined ? null : unitPrice(category, tariffCode);
  const submit = async () => {
    if (performanceId === null || categoryId === null) return;
    setBusy(true);
    setError(null);
    const body = { ticketIds: tickets.map((ticket) => ticket.id), to: { performanceId, priceCategoryId: categoryId, ...(tariffCode === null ? {} : { tariff: tariffCode }) } };
    try {
      const saved = await perform({ order: order.id, body }, (key) => ticketingWrites.exchange(order.id, body, key));
      await afterOrderWrite(client, saved);
      notifications.show({ color: 'teal', message: t('ticketing.exchangeDone', { count: tickets.length }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('ticketing.exchangeTickets', { count: tickets.length })} size="lg">
      <Stack>
        <Text size="sm">{t('ticketing.exchangeHint', { codes: tickets.map((ticket) => ticket.code).join(', ') })}</Text>
        <ErrorAlert error={error} />
        <PerformancePicker
          label={t('ticketing.newPerformance')}
          value={performanceId}
          onChange={(value) => {
            setPerformanceId(value);
            setCategoryId(null);
            setTariff('');
          }}
        />
        <ErrorAlert error={inventory.error} />
        <Select
          label={t('ticketing.category')}
          placeholder={t('ticketing.chooseCategory')}
          disabled={categories.length === 0}
          data={categories.map((candidate) => ({
            value: candidate.id,
            label: `${labels.title(candidate.name)} · ${formatMoney(candidate.amountMinor, candidate.currency, i18n.language)} · ${t('ticketing.freeCount', { count: candidate.available })}`,
            disabled: candidate.available === 0,
          }))}
          value={categoryId}
          onChange={(value) => {
            setCategoryId(value);
            setTariff('');
          }}
        />
        {category !== undefined && (
          <Select
            label={t('ticketing.tariff')}
            data={[
              { value: '', label: t('ticketing.fullPrice') },
              ...category.tariffs.map((candidate) => ({ value: candidate.code, label: `${labels.title(candidate.name)} · ${formatMoney(candidate.amountMinor, category.currency, i18n.language)}` })),
            ]}
            value={tariff}
            onChange={(value) => setTariff(value ?? '')}
            allowDeselect={false}
            description={tariffCode === null ? undefined : eligibleLabel(t, category.tariffs.find((candidate) => candidate.code === tariffCode)?.eligible ?? [])}
          />
        )}
        {category !== undefined && price !== null && free !== null && (
          <Text size="sm" c={free < tickets.length ? 'red' : 'dimmed'}>
            {t('ticketing.exchangeSummary', { tariff: tariffName(t, labels, tariffCode, category.tariffs), price: formatMoney(price, category.currency, i18n.language), count: free })}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={categoryId === null || (free !== null && free < tickets.length)} leftSection={<IconArrowsExchange size={16} />} onClick={() => void submit()}>
            {t('ticketing.exchange')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
