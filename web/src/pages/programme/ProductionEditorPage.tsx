import { Anchor, Badge, Breadcrumbs, Button, Fieldset, Grid, Group, Stack, Tabs, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCalendarEvent, IconDeviceFloppy, IconForms, IconTicket, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useAllPerformances, usePriceCategories, useProduction } from '../../api/queries.ts';
import type { Production } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useFormRequest } from '../../components/formRequest.ts';
import { useLabels } from '../../components/labels.ts';
import { PageHeader, QueryState } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';
import { ProductionFields } from './ProductionForm.tsx';
import { ProductionSummary } from './ProductionSummary.tsx';
import { bodyOf, productionField, valuesOf, type ProductionValues } from './productionModel.ts';
import { PriceCategories } from './PriceCategories.tsx';
import { ProductionPerformances } from './ProductionPerformances.tsx';

function CountBadge({ count }: { count: number }) {
  return (
    <Badge size="sm" variant="light" radius="xl" px={6}>
      {count}
    </Badge>
  );
}

function Editor({ production }: { production: Production | undefined }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { session, can } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const writable = can('catalogue:write');
  const unitLocked = session.staff.unitId !== null;
  const performances = useAllPerformances({ productionId: production?.id }, production !== undefined);
  const prices = usePriceCategories(production?.id);

  const form = useForm<ProductionValues>({
    initialValues: valuesOf(production, { unitId: session.staff.unitId }),
    validate: {
      title: { de: (value) => (value.trim() === '' ? t('production.titleRequired') : null) },
      ageMax: (value, values) => (value !== '' && values.ageMin !== '' && Number(value) < Number(values.ageMin) ? t('production.agesInvalid') : null),
      runsUntil: (value, values) =>
        values.kind === 'exhibition' && value !== null && values.runsFrom !== null && value < values.runsFrom ? t('production.runInvalid') : null,
    },
  });

  const request = useFormRequest(form, productionField);
  const save = form.onSubmit(
    (values) =>
      request.run(async () => {
        const body = bodyOf(values, production);
        const saved =
          production === undefined
            ? await api.post<Production>('/api/productions', body)
            : await api.patch<Production>(`/api/productions/${production.id}`, body);
        client.setQueryData(['productions', 'one', saved.id], saved);
        await client.invalidateQueries({ queryKey: ['productions'] });
        await client.invalidateQueries({ queryKey: ['performances'] });
        notifications.show({ color: 'teal', message: t('production.saved', { title: labels.title(saved.title) }) });
        if (production === undefined) await navigate(`/programme/productions/${saved.id}`, { replace: true });
        else form.resetDirty(valuesOf(saved, { unitId: saved.unitId }));
      }),
    () => setParams({ tab: 'details' }, { replace: true }),
  );

  const tab = params.get('tab') ?? 'details';
  const title = production === undefined ? t('productions.new') : labels.title(production.title);

  return (
    <>
      <Breadcrumbs mb="xs" separator="›" fz="sm">
        <Anchor component={Link} to="/programme/productions" size="sm">
          {t('productions.title')}
        </Anchor>
        <Text size="sm" c="dimmed" lineClamp={1}>
          {title}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={title}
        description={
          production !== undefined ? (
            <Group gap="xs" component="span">
              <Badge variant="default" radius="sm" size="sm" component="span">
                {t(`kinds.${production.kind}`)}
              </Badge>
              <span>{t('production.slugLine', { slug: production.slug })}</span>
            </Group>
          ) : (
            t('production.newHint')
          )
        }
        actions={
          writable && (
            <>
              {production !== undefined && (
                <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                  {t('common.delete')}
                </Button>
              )}
              {tab === 'details' && (
                <Button type="submit" form="production-form" leftSection={<IconDeviceFloppy size={16} />} loading={request.busy}>
                  {production === undefined ? t('production.create') : t('common.save')}
                </Button>
              )}
            </>
          )
        }
      />
      <Tabs value={tab} onChange={(value) => setParams(value === 'details' || value === null ? {} : { tab: value }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="details" leftSection={<IconForms size={16} />}>
            {t('production.tabDetails')}
          </Tabs.Tab>
          <Tabs.Tab
            value="performances"
            leftSection={<IconCalendarEvent size={16} />}
            rightSection={performances.data !== undefined && <CountBadge count={performances.data.length} />}
            disabled={production === undefined}
          >
            {t('production.tabPerformances')}
          </Tabs.Tab>
          <Tabs.Tab
            value="prices"
            leftSection={<IconTicket size={16} />}
            rightSection={prices.data !== undefined && <CountBadge count={prices.data.length} />}
            disabled={production === undefined}
          >
            {t('production.tabPrices')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">
          <form id="production-form" onSubmit={save} noValidate>
            <Stack>
              <ErrorAlert {...request.alert} />
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, lg: 8 }}>
                  <Fieldset variant="unstyled" disabled={!writable} p={0} m={0}>
                    <ProductionFields form={form} unitLocked={unitLocked} />
                  </Fieldset>
                </Grid.Col>
                <Grid.Col span={{ base: 12, lg: 4 }}>
                  <ProductionSummary values={form.getValues()} production={production} />
                </Grid.Col>
              </Grid>
              {writable && (
                <Group>
                  <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={request.busy}>
                    {production === undefined ? t('production.create') : t('common.save')}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Tabs.Panel>
        {production !== undefined && (
          <>
            <Tabs.Panel value="performances">
              <ProductionPerformances production={production} />
            </Tabs.Panel>
            <Tabs.Panel value="prices">
              <PriceCategories production={production} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
      {production !== undefined && (
        <ConfirmDialog
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={t('production.deleteTitle')}
          message={t('production.deleteMessage', { title: labels.title(production.title) })}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await api.delete(`/api/productions/${production.id}`);
            await client.invalidateQueries({ queryKey: ['productions'] });
            await client.invalidateQueries({ queryKey: ['performances'] });
            await navigate('/programme/productions', { replace: true });
          }}
        />
      )}
    </>
  );
}

export function ProductionEditorPage() {
  const { id } = useParams();
  const query = useProduction(id);
  if (id === undefined) return <Editor key="new" production={undefined} />;
  return (
    <QueryState query={query}>
      <Editor key={id} production={query.data} />
    </QueryState>
  );
}
