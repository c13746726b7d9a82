import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

/*
 * The state of a list page lives in the address (filters, search, page), so a filtered
 * list can be bookmarked and sent to a colleague, and the back button undoes a filter.
 */

export interface ListParamsOptions {
  /**
   * Keep keys set to '' in the address instead of removing them: for a filter whose
   * absence means a default (the performance list starts today unless `from` is empty).
   */
  keepEmpty?: boolean;
}

export function useListParams({ keepEmpty = false }: ListParamsOptions = {}) {
  const [params, setParams] = useSearchParams();
  const [search, setSearchText] = useState(params.get('q') ?? '');
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  /** Sets or removes keys; any change but a page change goes back to the first page. */
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || (value === '' && !keepEmpty)) next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const searchLater = useDebouncedCallback((value: string) => update({ q: value.trim() === '' ? null : value.trim() }), 300);

  return {
    params,
    setParams,
    page,
    update,
    /** The search box's text, ahead of the address while the user types. */
    search,
    setSearch: (value: string) => {
      setSearchText(value);
      searchLater(value);
    },
    /** True while a filter, the search or a page is set. */
    filtered: params.size > 0 || search !== '',
    reset: () => {
      setSearchText('');
      setParams(new URLSearchParams(), { replace: true });
    },
  };
}

export type ListParams = ReturnType<typeof useListParams>;
