import { Avatar, Badge, Button, EmptyState, Group, Pagination, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconMasksTheater, IconPhoto, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useProductionPage, useUnits, type ProductionFilters } from '../../api/queries.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useLabels } from '../../components/labels.ts';
import { GenreBadges, Loading, PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

const PAGE_SIZE = 25;

export function ProductionsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filters: ProductionFilters = {
    kind: params.get('kind') ?? undefined,
    genre: params.get('genre') ?? undefined,
    audience: params.get('audience') ?? undefined,
    unitId: params.get('unit') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const query = useProductionPage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const searchLater = useDebouncedCallback((value: string) => update({ q: value.trim() }), 300);
  const data = query.data;
  const total = data?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('productions.title')}
        description={t('productions.description')}
        actions={
          can('catalogue:write') && (
            <Button component={Link} to="/programme/productions/new" leftSection={<IconPlus size={16} />}>
              {t('productions.new')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" mb="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
          <TextInput
            label={t('filters.search')}
            placeholder={t('filters.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              searchLater(event.currentTarget.value);
            }}
          />
          <Select
            label={t('productions.kind')}
            placeholder={t('filters.allKinds')}
            data={[
              { value: 'staged', label: t('kinds.staged') },
              { value: 'exhibition', label: t('kinds.exhibition') },
            ]}
            value={filters.kind ?? null}
            onChange={(value) => update({ kind: value })}
            clearable
          />
          <Select label={t('filters.genre')} placeholder={t('filters.allGenres')} data={labels.genreOptions} value={filters.genre ?? null} onChange={(value) => update({ genre: value })} clearable searchable />
          <Select label={t('filters.audience')} placeholder={t('filters.allAudiences')} data={labels.audienceOptions} value={filters.audience ?? null} onChange={(value) => update({ audience: value })} clearable />
          <Select
            label={t('filters.unit')}
            placeholder={t('filters.allUnits')}
            data={(units.data ?? []).map((unit) => ({ value: unit.id, label: labels.title(unit.name) }))}
            value={filters.unitId ?? null}
            onChange={(value) => update({ unit: value })}
            clearable
          />
        </SimpleGrid>
      </Paper>
      {query.error !== null && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <Loading />
      ) : data !== undefined && data.items.length === 0 ? (
        <Paper withBorder py="xl">
          <EmptyState
            icon={<IconMasksTheater size={28} />}
            withIndicatorBackground
            title={t('productions.emptyTitle')}
            description={t('productions.emptyDescription')}
          />
        </Paper>
      ) : (
        data !== undefined && (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={720}>
              <Table data-testid="production-table">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('productions.production')}</Table.Th>
                    <Table.Th>{t('productions.kind')}</Table.Th>
                    <Table.Th>{t('productions.genres')}</Table.Th>
                    <Table.Th>{t('productions.audience')}</Table.Th>
                    <Table.Th>{t('productions.unit')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((production) => {
                    const open = () => void navigate(`/programme/productions/${production.id}`);
                    return (
                      <Table.Tr
                        key={production.id}
                        className="clickable-row"
                        tabIndex={0}
                        onClick={open}
                        onKeyDown={(event) => {
                          if (event.key === 'Enter') open();
                        }}
                      >
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <Avatar src={production.imageUrl} radius="sm" size={40} color="gray" alt="">
                              <IconPhoto size={18} />
                            </Avatar>
                            <div>
                              <Text size="sm" fw={600}>
                                {labels.title(production.title)}
                              </Text>
                              {labels.text(production.subtitle) !== '' && (
                                <Text size="xs" c="dimmed" lineClamp={1}>
                                  {labels.text(production.subtitle)}
                                </Text>
                              )}
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="default" size="sm" radius="sm">
                            {t(`kinds.${production.kind}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <GenreBadges codes={production.genres} labels={labels} size="xs" />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{labels.audience(production.audience)}</Text>
                          {(production.ageMin !== null || production.ageMax !== null) && (
                            <Text size="xs" c="dimmed">
                              {t('productions.ages', { min: production.ageMin ?? 0, max: production.ageMax ?? '∞' })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{production.unitId !== null ? (unitName.get(production.unitId) ?? '…') : t('productions.wholeHouse')}</Text>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Text size="sm" c="dimmed">
                {t('common.range', { from: (page - 1) * PAGE_SIZE + 1, to: Math.min(page * PAGE_SIZE, total), total })}
              </Text>
              <Pagination total={Math.max(1, Math.ceil(total / PAGE_SIZE))} value={page} onChange={(value) => update({ page: String(value) })} size="sm" />
            </Group>
          </Paper>
        )
      )}
    </>
  );
}
