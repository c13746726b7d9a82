import { ActionIcon, Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, NumberInput, Radio, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconCashRegister, IconCircleCheck, IconPlus, IconTicket, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePerformance } from '../../api/queries.ts';
import { ticketingWrites, useIdempotentAction, useInventory } from '../../api/ticketing.ts';
import { deskPaymentMethods, type DeskPaymentMethod, type Order } from '../../api/ticketingTypes.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { formatMoney } from '../../components/money.ts';
import { PageHeader } from '../../components/page.tsx';
import { useTimeFormat } from '../../session/time.ts';
import { performanceLabel, PerformancePicker } from './PerformancePicker.tsx';
import { addLine, hasEmail, lineErrors, MAX_TICKETS, saleRequest, saleTotal, ticketCount, type SaleBuyer, type SaleLine } from './saleModel.ts';
import { eligibleLabel, paymentMethodLabel, seatsFor, tariffName, unitPrice } from './ticketingDisplay.tsx';

/*
 * Selling at the desk: a performance, then category, tariff and number, as many lines as
 * the buyer wants; the buyer's name and, if they like, their address and consents; the
 * payment. One click on "sell" is one intended sale: a second click or a retry after a
 * dropped connection sends the same Idempotency-Key and never sells twice.
 */

const emptyBuyer: SaleBuyer = { name: '', email: '', language: 'de', newsletter: false, recommendations: false };

/** Choosing the seats of one line for the performance chosen above. */
function LineEditor({ performanceId, onAdd }: { performanceId: string; onAdd: (line: SaleLine) => void }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const performance = usePerformance(performanceId);
  const inventory = useInventory(performanceId, { refetchInterval: 30_000 });
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [tariff, setTariff] = useState('');
  const [quantity, setQuantity] = useState<number | string>(1);
  const availability = inventory.data?.availability;
  const categories = availability?.categories ?? [];
  const category = categories.find((candidate) => candidate.id === categoryId) ?? (categories.length === 1 ? categories[0] : undefined);
  const tariffCode = tariff === '' ? null : tariff;
  const free = category === undefined ? 0 : seatsFor(category, tariffCode);
  const price = category === undefined ? null : unitPrice(category, tariffCode);
  const count = typeof quantity === 'number' ? quantity : 0;
  const money = (minor: number, currency: string) => formatMoney(minor, currency, i18n.language);

  const add = () => {
    if (category === undefined || price === null || performance.data === undefined || count < 1) return;
    onAdd({
      performanceId,
      priceCategoryId: category.id,
      tariff: tariffCode,
      quantity: count,
      unitMinor: price,
      currency: category.currency,
      performanceLabel: performanceLabel(performance.data, labels, time),
      categoryLabel: labels.title(category.name),
      tariffLabel: tariffName(t, labels, tariffCode, category.tariffs),
    });
    setTariff('');
    setQuantity(1);
  };

  return (
    <Stack gap="md" data-testid="line-editor">
      <ErrorAlert error={inventory.error} />
      {availability !== undefined && !availability.bookable && (
        <Alert color="yellow" variant="light" data-testid="not-bookable">
          {t(`ticketing.reasons.${availability.reason ?? 'sold_out'}`, { defaultValue: availability.reason ?? '' })}
        </Alert>
      )}
      {availability !== undefined && (
        <Text size="sm" c="dimmed" data-testid="performance-free">
          {t('ticketing.freeOfCapacity', { free: availability.available, capacity: availability.capacity })}
        </Text>
      )}
      <Select
        label={t('ticketing.category')}
        placeholder={t('ticketing.chooseCategory')}
        size="md"
        data={categories.map((candidate) => ({
          value: candidate.id,
          label: `${labels.title(candidate.name)} · ${money(candidate.amountMinor, candidate.currency)} · ${t('ticketing.freeCount', { count: candidate.available })}`,
          disabled: candidate.available === 0,
        }))}
        value={category?.id ?? null}
        onChange={(value) => {
          setCategoryId(value);
          setTariff('');
        }}
        allowDeselect={false}
      />
      {category !== undefined && (
        <Radio.Group label={t('ticketing.tariff')} value={tariff} onChange={setTariff}>
          <Stack gap="xs" mt={6}>
            <Radio size="md" value="" label={`${t('ticketing.fullPrice')} · ${money(category.amountMinor, category.currency)}`} />
            {category.tariffs.map((candidate) => (
              <Radio
                key={candidate.code}
                size="md"
                value={candidate.code}
                disabled={category.reducedAvailable === 0}
                label={`${labels.title(candidate.name)} · ${money(candidate.amountMinor, category.currency)}`}
                description={candidate.eligible.length === 0 ? undefined : t('ticketing.eligibleFor', { groups: eligibleLabel(t, candidate.eligible) })}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {category !== undefined && (
        <Group align="flex-end" gap="md" wrap="wrap">
          <NumberInput label={t('ticketing.quantity')} size="md" w={140} min={1} max={Math.min(MAX_TICKETS, Math.max(free, 1))} allowDecimal={false} allowNegative={false} value={quantity} onChange={setQuantity} />
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('ticketing.linePrice')}
            </Text>
            <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {price === null ? '–' : money(price * count, category.currency)}
            </Text>
          </Stack>
          <Badge size="lg" variant="light" color={free === 0 ? 'red' : free < 10 ? 'yellow' : 'teal'} data-testid="category-free">
            {t('ticketing.freeCount', { count: free })}
          </Badge>
          <Button size="md" leftSection={<IconPlus size={18} />} onClick={add} disabled={price === null || count < 1 || count > free}>
            {t('ticketing.addLine')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function SaleDone({ order, onNext }: { order: Order; onNext: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Card data-testid="sale-done">
      <Stack gap="md">
        <Group gap="sm">
          <IconCircleCheck size={32} color="var(--mantine-color-teal-7)" aria-hidden />
          <Title order={3}>{t('ticketing.saleDone')}</Title>
        </Group>
        <Text size="lg">
          {t('ticketing.orderNumber')}:{' '}
          <Anchor component={Link} to={`/ticketing/orders/${order.id}`} fw={700} ff="monospace" data-testid="sale-order-number">
            {order.number}
          </Anchor>
        </Text>
        <Text>
          {t('ticketing.total')}: <b>{formatMoney(order.totalMinor, order.currency, i18n.language)}</b> · {paymentMethodLabel(t, order.paymentMethod)} · {t(`ticketing.orderStates.${order.state}`)}
        </Text>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('ticketing.ticketCodes')}
          </Text>
          <Group gap="xs">
            {order.tickets.map((ticket) => (
              <Badge key={ticket.id} size="xl" variant="default" radius="sm" ff="monospace" tt="none" leftSection={<IconTicket size={14} />} data-testid="sale-ticket-code">
                {ticket.code}
              </Badge>
            ))}
          </Group>
        </Stack>
        <Group>
          <Button size="md" onClick={onNext} autoFocus>
            {t('ticketing.nextSale')}
          </Button>
          <Button size="md" variant="default" component={Link} to={`/ticketing/orders/${order.id}`}>
            {t('ticketing.openOrder')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function BoxOfficePage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const performanceId = params.get('performance');
  const perform = useIdempotentAction();
  const [lines, setLines] = useState<SaleLine[]>([]);
  const [buyer, setBuyer] = useState<SaleBuyer>(emptyBuyer);
  const [method, setMethod] = useState<DeskPaymentMethod>('cash');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Order | null>(null);
  const byLine = lineErrors(error);
  const currency = lines[0]?.currency ?? 'EUR';
  const total = saleTotal(lines, method);
  const withEmail = hasEmail(buyer);

  const choosePerformance = (id: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete('performance');
        else next.set('performance', id);
        return next;
      },
      { replace: true },
    );

  const sell = async () => {
    setBusy(true);
    setError(null);
    const sale = saleRequest(lines, buyer, method);
    try {
      const order = await perform(sale, (key) => ticketingWrites.sell(sale, key));
      client.setQueryData(['orders', 'one', order.id], order);
      await Promise.all([client.invalidateQueries({ queryKey: ['inventory'] }), client.invalidateQueries({ queryKey: ['orders', 'page'] })]);
      setDone(order);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    setDone(null);
    setLines([]);
    setBuyer(emptyBuyer);
    setMethod('cash');
    setError(null);
  };

  if (done !== null) {
    return (
      <>
        <PageHeader title={t('ticketing.sellTitle')} />
        <SaleDone order={done} onNext={next} />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('ticketing.sellTitle')} description={t('ticketing.sellDescription')} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card>
            <Stack gap="md">
              <Title order={3} size="h5">
                {t('ticketing.seatsStep')}
              </Title>
              <PerformancePicker label={t('ticketing.performance')} value={performanceId} onChange={choosePerformance} size="md" />
              {performanceId !== null && (
                <LineEditor
                  key={performanceId}
                  performanceId={performanceId}
                  onAdd={(line) => {
                    setLines((current) => addLine(current, line));
                    setError(null);
                  }}
                />
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="lg">
            <Card>
              <Stack gap="sm">
                <Title order={3} size="h5">
                  {t('ticketing.lines')}
                </Title>
                {lines.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('ticketing.noLines')}
                  </Text>
                ) : (
                  <Table data-testid="sale-lines">
                    <Table.Tbody>
                      {lines.map((line, index) => (
                        <Table.Tr key={`${line.performanceId}-${line.priceCategoryId}-${line.tariff ?? ''}`} data-testid="sale-line">
                          <Table.Td>
                            <Text size="sm" fw={600}>
                              {line.quantity} × {line.categoryLabel} · {line.tariffLabel}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {line.performanceLabel}
                            </Text>
                            {byLine.has(index) && (
                              <Text size="sm" c="red.8" role="alert" data-testid="line-error">
                                {t('ticketing.lineSoldOut', { detail: byLine.get(index) })}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                            {formatMoney(line.unitMinor * line.quantity, line.currency, i18n.language)}
                          </Table.Td>
                          <Table.Td w={40}>
                            <ActionIcon variant="subtle" color="gray" aria-label={t('ticketing.removeLine')} onClick={() => {
                                setLines((current) => current.filter((_, i) => i !== index));
                                setError(null);
                              }}>
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Stack>
            </Card>
            <Card>
              <Stack gap="sm">
                <Title order={3} size="h5">
                  {t('ticketing.buyer')}
                </Title>
                <TextInput label={t('ticketing.buyerName')} description={t('ticketing.buyerNameHint')} size="md" value={buyer.name} onChange={(event) => setBuyer({ ...buyer, name: event.currentTarget.value })} />
                <TextInput
                  label={t('ticketing.buyerEmail')}
                  type="email"
                  size="md"
                  value={buyer.email}
                  onChange={(event) => {
                    const email = event.currentTarget.value;
                    // No address, no consent: the boxes go away and are unticked again.
                    setBuyer(email.trim() === '' ? { ...buyer, email, newsletter: false, recommendations: false } : { ...buyer, email });
                  }}
                />
                <SegmentedControl
                  aria-label={t('ticketing.buyerLanguage')}
                  value={buyer.language}
                  onChange={(value) => setBuyer({ ...buyer, language: value === 'en' ? 'en' : 'de' })}
                  data={[
                    { value: 'de', label: t('languages.de') },
                    { value: 'en', label: t('languages.en') },
                  ]}
                />
                {withEmail && (
                  <Stack gap="xs" data-testid="sale-consents">
                    <Checkbox size="md" label={t('ticketing.consentNewsletter')} checked={buyer.newsletter} onChange={(event) => setBuyer({ ...buyer, newsletter: event.currentTarget.checked })} />
                    <Checkbox size="md" label={t('ticketing.consentRecommendations')} checked={buyer.recommendations} onChange={(event) => setBuyer({ ...buyer, recommendations: event.currentTarget.checked })} />
                  </Stack>
                )}
              </Stack>
            </Card>
            <Card>
              <Stack gap="md">
                <Radio.Group label={t('ticketing.paymentMethod')} value={method} onChange={(value) => setMethod(deskPaymentMethods.find((candidate) => candidate === value) ?? 'cash')}>
                  <Group gap="lg" mt={6}>
                    {deskPaymentMethods.map((candidate) => (
                      <Radio key={candidate} size="md" value={candidate} label={paymentMethodLabel(t, candidate)} />
                    ))}
                  </Group>
                </Radio.Group>
                <Group justify="space-between" align="flex-end">
                  <Stack gap={0}>
                    <Text size="sm" c="dimmed">
                      {t('ticketing.totalFor', { count: ticketCount(lines) })}
                    </Text>
                    <Text size="xl" fw={800} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="sale-total">
                      {formatMoney(total, currency, i18n.language)}
                    </Text>
                  </Stack>
                  <Button size="lg" leftSection={<IconCashRegister size={20} />} loading={busy} disabled={lines.length === 0 || ticketCount(lines) > MAX_TICKETS} onClick={() => void sell()}>
                    {t('ticketing.sellNow')}
                  </Button>
                </Group>
                {ticketCount(lines) > MAX_TICKETS && (
                  <Text size="sm" c="red.8">
                    {t('ticketing.tooManyTickets', { count: MAX_TICKETS })}
                  </Text>
                )}
                {byLine.size === 0 && <ErrorAlert error={error} />}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
