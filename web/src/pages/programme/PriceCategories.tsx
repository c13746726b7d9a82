import { ActionIcon, Badge, Button, EmptyState, Group, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { IconPlus, IconTicket, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useAllPerformances, usePriceCategories } from '../../api/queries.ts';
import type { PriceCategory, Production } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { formatMoney, fromMinor, minorDigits, toMinor } from '../../components/money.ts';
import { DeleteAction, EditAction, Loading } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { useTimeFormat } from '../../session/time.ts';

interface ReductionRow {
  code: string;
  nameDe: string;
  nameEn: string;
  amount: number | string;
  eligible: string[];
}

interface PriceValues {
  name: { de: string; en: string };
  code: string;
  amount: number | string;
  quota: number | string;
  sortOrder: number | string;
  performanceId: string | null;
  reductions: ReductionRow[];
}

/** Server names amounts in minor units; the form holds them in the major unit. */
function priceField(field: string): string {
  return field.replace(/amountMinor$/, 'amount');
}

function PriceCategoryModal({ production, category, onClose, nextSortOrder }: { production: Production; category: PriceCategory | null; onClose: () => void; nextSortOrder: number }) {
  const { t, i18n } = useTranslation();
  const separators = i18n.language === 'en' ? { decimalSeparator: '.', thousandSeparator: ',' } : { decimalSeparator: ',', thousandSeparator: '.' };
  const { session } = useSession();
  const time = useTimeFormat();
  const client = useQueryClient();
  const performances = useAllPerformances({ productionId: production.id });
  // Prices are always in the house's currency: the server refuses any other, so the form only shows it.
  const currency = session.house.currency;

  const form = useForm<PriceValues>({
    initialValues: {
      name: { de: category?.name.de ?? '', en: category?.name.en ?? '' },
      code: category?.code ?? '',
      amount: category !== null ? fromMinor(category.amountMinor, currency) : '',
      quota: category?.quota ?? '',
      sortOrder: category?.sortOrder ?? nextSortOrder,
      performanceId: category?.performanceId ?? null,
      reductions: (category?.reductions ?? []).map((reduction) => ({
        code: reduction.code,
        nameDe: reduction.nameDe,
        nameEn: reduction.nameEn ?? '',
        amount: fromMinor(reduction.amountMinor, currency),
        eligible: reduction.eligible,
      })),
    },
    validate: {
      name: { de: (value) => (value.trim() === '' ? t('price.nameRequired') : null) },
      amount: (value) => (value === '' || Number(value) < 0 ? t('price.amountRequired') : null),
      reductions: {
        code: (value) => (/^[A-Za-z0-9_-]{1,40}$/.test(value) ? null : t('price.codeInvalid')),
        nameDe: (value) => (value.trim() === '' ? t('price.nameRequired') : null),
        amount: (value) => (value === '' || Number(value) < 0 ? t('price.amountRequired') : null),
      },
    },
  });

  const values = form.getValues();
  const digits = minorDigits(currency);

  const request = useFormRequest(form, priceField);
  const submit = form.onSubmit(async (input) => {
    const body = {
      name: { de: input.name.de.trim(), en: input.name.en.trim() || null },
      ...(input.code.trim() !== '' ? { code: input.code.trim() } : {}),
      amountMinor: toMinor(Number(input.amount), currency),
      quota: input.quota === '' ? null : Number(input.quota),
      sortOrder: input.sortOrder === '' ? 0 : Number(input.sortOrder),
      performanceId: input.performanceId,
      reductions: input.reductions.map((reduction) => ({
        code: reduction.code.trim(),
        nameDe: reduction.nameDe.trim(),
        nameEn: reduction.nameEn.trim() || null,
        amountMinor: toMinor(Number(reduction.amount), currency),
        eligible: reduction.eligible,
      })),
    };
    await request.run(async () => {
      if (category === null) await api.post('/api/price-categories', { productionId: production.id, ...body });
      else await api.patch(`/api/price-categories/${category.id}`, body);
      await client.invalidateQueries({ queryKey: ['price-categories', production.id] });
      onClose();
    });
  });

  const performanceOptions = (performances.data ?? [])
    .slice()
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((performance) => ({ value: performance.id, label: `${time.date(performance.startsAt)} ${time.time(performance.startsAt)}` }));

  return (
    <Modal opened onClose={onClose} title={category === null ? t('price.add') : t('price.edit')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert {...request.alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('price.nameDe')} required placeholder={t('price.namePlaceholder')} {...form.getInputProps('name.de')} />
            <TextInput label={t('price.nameEn')} {...form.getInputProps('name.en')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('price.amount')}
              description={t('price.currencyHint', { currency })}
              required
              min={0}
              decimalScale={digits}
              fixedDecimalScale
              {...separators}
              rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
              {...form.getInputProps('amount')}
            />
            <TextInput label={t('price.code')} description={t('price.codeHint')} {...form.getInputProps('code')} />
            <NumberInput label={t('price.quota')} description={t('price.quotaHint')} min={0} allowDecimal={false} {...form.getInputProps('quota')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('price.scope')}
              data={performanceOptions}
              placeholder={t('price.allPerformances')}
              clearable
              searchable
              {...form.getInputProps('performanceId')}
            />
            <NumberInput label={t('price.sortOrder')} min={0} max={10000} allowDecimal={false} {...form.getInputProps('sortOrder')} />
          </SimpleGrid>
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('price.reductions')}
            </Text>
            {values.reductions.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('price.noReductions')}
              </Text>
            )}
            {values.reductions.map((_, index) => (
              <Paper key={index} withBorder p="sm" bg="gray.0">
                <Stack gap="xs">
                  <Group gap="xs" align="flex-end" wrap="nowrap">
                    <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs" style={{ flex: 1 }}>
                      <TextInput size="xs" label={t('price.code')} {...form.getInputProps(`reductions.${index}.code`)} />
                      <TextInput size="xs" label={t('price.nameDe')} {...form.getInputProps(`reductions.${index}.nameDe`)} />
                      <TextInput size="xs" label={t('price.nameEn')} {...form.getInputProps(`reductions.${index}.nameEn`)} />
                      <NumberInput
                        size="xs"
                        label={t('price.amount')}
                        min={0}
                        decimalScale={digits}
                        fixedDecimalScale
                        {...separators}
                        rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
                        {...form.getInputProps(`reductions.${index}.amount`)}
                      />
                    </SimpleGrid>
                    <ActionIcon variant="subtle" color="gray" onClick={() => form.removeListItem('reductions', index)} aria-label={t('price.removeReduction')}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Group>
                  <TagsInput size="xs" label={t('price.eligible')} description={t('price.eligibleHint')} {...form.getInputProps(`reductions.${index}.eligible`)} />
                </Stack>
              </Paper>
            ))}
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                onClick={() => form.insertListItem('reductions', { code: '', nameDe: '', nameEn: '', amount: '', eligible: [] })}
              >
                {t('price.addReduction')}
              </Button>
            </Group>
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function PriceCategories({ production }: { production: Production }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const time = useTimeFormat();
  const { can } = useSession();
  const client = useQueryClient();
  const categories = usePriceCategories(production.id);
  const performances = useAllPerformances({ productionId: production.id });
  const [editing, setEditing] = useState<PriceCategory | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PriceCategory | null>(null);
  const writable = can('catalogue:write');
  const list = [...(categories.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || b.amountMinor - a.amountMinor);
  const performanceStart = new Map((performances.data ?? []).map((p) => [p.id, p.startsAt]));

  return (
    <Paper withBorder>
      <Group justify="space-between" p="md">
        <div>
          <Text fw={600}>{t('price.title')}</Text>
          <Text size="sm" c="dimmed">
            {t('price.description')}
          </Text>
        </div>
        {writable && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('price.add')}
          </Button>
        )}
      </Group>
      {categories.error !== null && <ErrorAlert error={categories.error} />}
      {categories.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState pb="xl" icon={<IconTicket size={26} />} withIndicatorBackground title={t('price.emptyTitle')} description={t('price.emptyDescription')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('price.category')}</Table.Th>
                <Table.Th ta="right">{t('price.amount')}</Table.Th>
                <Table.Th>{t('price.reductions')}</Table.Th>
                <Table.Th>{t('price.scope')}</Table.Th>
                <Table.Th ta="right">{t('price.quota')}</Table.Th>
                {writable && <Table.Th w={90} aria-label={t('common.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((category) => {
                const start = category.performanceId !== null ? performanceStart.get(category.performanceId) : undefined;
                return (
                  <Table.Tr key={category.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {labels.title(category.name)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {category.code}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                      {formatMoney(category.amountMinor, category.currency, time.locale)}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {category.reductions.map((reduction) => (
                          <Badge key={reduction.code} variant="light" color="gray" size="sm" radius="sm" tt="none">
                            {labels.title({ de: reduction.nameDe, en: reduction.nameEn })} {formatMoney(reduction.amountMinor, category.currency, time.locale)}
                          </Badge>
                        ))}
                        {category.reductions.length === 0 && (
                          <Text size="sm" c="dimmed">
                            –
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{category.performanceId === null ? t('price.allPerformances') : start !== undefined ? time.dateTime(start) : t('price.onePerformance')}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{category.quota ?? '–'}</Table.Td>
                    {writable && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <EditAction onClick={() => setEditing(category)} />
                          <DeleteAction onClick={() => setDeleting(category)} />
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing !== null && (
        <PriceCategoryModal
          key={editing === 'new' ? 'new' : editing.id}
          production={production}
          category={editing === 'new' ? null : editing}
          nextSortOrder={list.length}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('price.deleteTitle')}
        message={deleting !== null ? t('price.deleteMessage', { name: labels.title(deleting.name) }) : ''}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          if (deleting === null) return;
          await api.delete(`/api/price-categories/${deleting.id}`);
          await client.invalidateQueries({ queryKey: ['price-categories', production.id] });
        }}
      />
    </Paper>
  );
}
