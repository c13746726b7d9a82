import { Avatar, Badge, Button, Group, Select, Table, Text } from '@mantine/core';
import { IconMasksTheater, IconPhoto, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useProductionPage, useUnits, type ProductionFilters } from '../../api/queries.ts';
import { useLabels } from '../../components/labels.ts';
import { FilterBar, SearchFilter, UnitFilter } from '../../components/list/filters.tsx';
import { ClickableRow, PagedTable } from '../../components/list/PagedTable.tsx';
import { useListParams } from '../../components/list/useListParams.ts';
import { GenreBadges, PageHeader } from '../../components/page.tsx';
import { useSession } from '../../session/session.tsx';

const PAGE_SIZE = 25;

export function ProductionsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const units = useUnits();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useListParams();
  const { params, page, update } = list;
  const filters: ProductionFilters = {
    kind: params.get('kind') ?? undefined,
    genre: params.get('genre') ?? undefined,
    audience: params.get('audience') ?? undefined,
    unitId: params.get('unit') ?? undefined,
    q: params.get('q') ?? undefined,
  };
  const query = useProductionPage(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, labels.title(unit.name)]));

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
      <FilterBar cols={{ base: 1, xs: 2, md: 5 }}>
        <SearchFilter list={list} placeholder={t('filters.searchPlaceholder')} />
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
        <UnitFilter value={filters.unitId} onChange={(value) => update({ unit: value })} />
      </FilterBar>
      <PagedTable
        query={query}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(value) => update({ page: String(value) })}
        empty={{ icon: <IconMasksTheater size={28} />, title: t('productions.emptyTitle'), description: t('productions.emptyDescription') }}
        minWidth={720}
        tableProps={{ 'data-testid': 'production-table' }}
        head={
          <>
            <Table.Th>{t('productions.production')}</Table.Th>
            <Table.Th>{t('productions.kind')}</Table.Th>
            <Table.Th>{t('productions.genres')}</Table.Th>
            <Table.Th>{t('productions.audience')}</Table.Th>
            <Table.Th>{t('productions.unit')}</Table.Th>
          </>
        }
      >
        {(items) =>
          items.map((production) => (
            <ClickableRow key={production.id} onOpen={() => void navigate(`/programme/productions/${production.id}`)}>
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
            </ClickableRow>
          ))
        }
      </PagedTable>
    </>
  );
}
