import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from './client.ts';
import type {
  ApiKey,
  Feed,
  Hall,
  House,
  ImportRun,
  Page,
  Performance,
  PriceCategory,
  Production,
  Staff,
  Unit,
  Venue,
  Vocabulary,
} from './types.ts';

/* TanStack Query hooks over the staff API. Keys start with the resource name so that a write can invalidate it. */

const MAX_PAGE = 500;

/** Every item of a list, page by page (lists of units, halls and a month of performances are small). */
export async function fetchAll<T>(path: string, query: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const page = await api.get<Page<T>>(path, { ...query, limit: MAX_PAGE, offset }, signal);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

/** Accepts a plain array or a page: some lists (imports, feeds, staff) may answer either. */
function itemsOf<T>(data: T[] | Page<T> | { items: T[] }): T[] {
  return Array.isArray(data) ? data : data.items;
}

const hour = 60 * 60 * 1000;

export function useVocabulary() {
  return useQuery({ queryKey: ['vocabulary'], queryFn: ({ signal }) => api.get<Vocabulary>('/api/vocabulary', undefined, signal), staleTime: hour });
}

export function useHouse() {
  return useQuery({ queryKey: ['house'], queryFn: ({ signal }) => api.get<House>('/api/house', undefined, signal) });
}

export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: ({ signal }) => fetchAll<Unit>('/api/units', {}, signal), staleTime: 60_000 });
}

export function useVenues() {
  return useQuery({ queryKey: ['venues'], queryFn: ({ signal }) => fetchAll<Venue>('/api/venues', {}, signal), staleTime: 60_000 });
}

export function useHalls() {
  return useQuery({ queryKey: ['halls'], queryFn: ({ signal }) => fetchAll<Hall>('/api/halls', {}, signal), staleTime: 60_000 });
}

export interface PerformanceFilters {
  from?: string;
  to?: string;
  productionId?: string;
  hallId?: string;
  unitId?: string;
  genre?: string;
  audience?: string;
  status?: string;
  q?: string;
}

export function usePerformancePage(filters: PerformanceFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: ['performances', 'page', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<Performance>>('/api/performances', { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAllPerformances(filters: PerformanceFilters, enabled = true) {
  return useQuery({
    queryKey: ['performances', 'all', filters],
    queryFn: ({ signal }) => fetchAll<Performance>('/api/performances', { ...filters }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePerformance(id: string | null) {
  return useQuery({
    queryKey: ['performances', 'one', id],
    queryFn: ({ signal }) => api.get<Performance>(`/api/performances/${id ?? ''}`, undefined, signal),
    enabled: id !== null,
  });
}

export interface ProductionFilters {
  kind?: string;
  genre?: string;
  audience?: string;
  unitId?: string;
  q?: string;
}

export function useProductionPage(filters: ProductionFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: ['productions', 'page', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<Production>>('/api/productions', { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProduction(id: string | undefined) {
  return useQuery({
    queryKey: ['productions', 'one', id],
    queryFn: ({ signal }) => api.get<Production>(`/api/productions/${id ?? ''}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function usePriceCategories(productionId: string | undefined) {
  return useQuery({
    queryKey: ['price-categories', productionId],
    queryFn: ({ signal }) => fetchAll<PriceCategory>('/api/price-categories', { productionId }, signal),
    enabled: productionId !== undefined,
  });
}

export function useStaff(enabled: boolean) {
  return useQuery({
    queryKey: ['staff'],
    queryFn: async ({ signal }) => itemsOf(await api.get<Staff[] | Page<Staff>>('/api/staff', { limit: MAX_PAGE }, signal)),
    enabled,
  });
}

export function useApiKeys(enabled: boolean) {
  return useQuery({
    queryKey: ['api-keys'],
    queryFn: async ({ signal }) => itemsOf(await api.get<ApiKey[] | Page<ApiKey>>('/api/api-keys', { limit: MAX_PAGE }, signal)),
    enabled,
  });
}

export function useImportRuns() {
  return useQuery({
    queryKey: ['imports'],
    queryFn: async ({ signal }) => itemsOf(await api.get<ImportRun[] | Page<ImportRun>>('/api/imports', { limit: 20 }, signal)),
  });
}

export function useFeeds() {
  return useQuery({
    queryKey: ['feeds'],
    queryFn: async ({ signal }) => itemsOf(await api.get<Feed[] | Page<Feed>>('/api/feeds', { limit: 100 }, signal)),
  });
}
