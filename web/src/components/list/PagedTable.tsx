import { EmptyState, Group, Pagination, Paper, Table, Text, type TableProps } from '@mantine/core';
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';
import { Loading } from '../page.tsx';

interface PageQuery<T> {
  data: Page<T> | undefined;
  error: unknown;
  isPending: boolean;
  isPlaceholderData: boolean;
}

/**
 * One page of a server-side list: loading, error, an empty state, or the table with a
 * footer that says which rows are shown and turns the pages. While the next page loads,
 * the previous one stays, dimmed.
 */
export function PagedTable<T>({
  query,
  page,
  pageSize,
  onPage,
  empty,
  minWidth,
  head,
  tableProps,
  children,
}: {
  query: PageQuery<T>;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  empty: { icon: ReactNode; title: string; description: string };
  minWidth: number;
  /** The header cells. */
  head: ReactNode;
  tableProps?: TableProps & { 'data-testid'?: string };
  /** The rows of this page. */
  children: (items: T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  const data = query.data;
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      {query.error !== null && <ErrorAlert error={query.error} />}
      {query.isPending ? (
        <Loading />
      ) : data !== undefined && data.items.length === 0 ? (
        <Paper withBorder py="xl">
          <EmptyState icon={empty.icon} withIndicatorBackground title={empty.title} description={empty.description} />
        </Paper>
      ) : (
        data !== undefined && (
          <Paper withBorder style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
            <Table.ScrollContainer minWidth={minWidth}>
              <Table {...tableProps}>
                <Table.Thead bg="gray.0">
                  <Table.Tr>{head}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>{children(data.items)}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Text size="sm" c="dimmed">
                {t('common.range', { from: (page - 1) * pageSize + 1, to: Math.min(page * pageSize, total), total })}
              </Text>
              <Pagination total={pages} value={Math.min(page, pages)} onChange={onPage} size="sm" aria-label={t('common.pagination')} />
            </Group>
          </Paper>
        )
      )}
    </>
  );
}

/** A table row that opens what it shows: by click, or by Enter or Space when focused. */
export function ClickableRow({ onOpen, children }: { onOpen: () => void; children: ReactNode }) {
  return (
    <Table.Tr
      className="clickable-row"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(event: KeyboardEvent<HTMLTableRowElement>) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen();
        }
      }}
    >
      {children}
    </Table.Tr>
  );
}
