import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { ApiError, api, request } from './client.ts';
import type {
  BoxOfficeSale,
  CancelRequest,
  CheckIn,
  DoorList,
  ExchangeRequest,
  Inventory,
  Order,
  OrderState,
  OrderSummary,
  PaymentRequest,
  QueuedScan,
  QuotaSettings,
  SyncAnswer,
  TicketingSettings,
} from './ticketingTypes.ts';
import type { Page } from './types.ts';

/*
 * TanStack Query hooks and writes over the ticketing API. Keys start with 'inventory',
 * 'orders' or 'ticketing-settings' so that a sale, a cancellation or a check-in can
 * invalidate what it changed.
 */

export function useInventory(performanceId: string | null | undefined, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['inventory', performanceId],
    queryFn: ({ signal }) => api.get<Inventory>(`/api/ticketing/performances/${performanceId ?? ''}/inventory`, undefined, signal),
    enabled: performanceId !== null && performanceId !== undefined,
    refetchInterval: options.refetchInterval,
  });
}

/** The seats of each performance on a page of the sales list: one request per row, twenty at most. */
export function useInventories(performanceIds: string[], enabled: boolean) {
  return useQueries({
    queries: performanceIds.map((id) => ({
      queryKey: ['inventory', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Inventory>(`/api/ticketing/performances/${id}/inventory`, undefined, signal),
      enabled,
      staleTime: 30_000,
    })),
  });
}

export interface OrderFilters {
  q?: string;
  performanceId?: string;
  state?: OrderState;
}

export function useOrderPage(filters: OrderFilters, limit: number, offset: number) {
  return useQuery({
    queryKey: ['orders', 'page', filters, limit, offset],
    queryFn: ({ signal }) => api.get<Page<OrderSummary>>('/api/orders', { ...filters, limit, offset }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: ['orders', 'one', id],
    queryFn: ({ signal }) => api.get<Order>(`/api/orders/${id ?? ''}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useTicketingSettings() {
  return useQuery({
    queryKey: ['ticketing-settings'],
    queryFn: ({ signal }) => api.get<TicketingSettings>('/api/ticketing/settings', undefined, signal),
    staleTime: 60_000,
  });
}

// ---------- writes that take seats or money: each with its Idempotency-Key ----------

const withKey = (key: string) => ({ 'idempotency-key': key });

export const ticketingWrites = {
  sell: (sale: BoxOfficeSale, key: string) => request<Order>('POST', '/api/orders', { body: sale, headers: withKey(key) }),
  cancel: (orderId: string, body: CancelRequest, key: string) => request<Order>('POST', `/api/orders/${orderId}/cancel`, { body, headers: withKey(key) }),
  exchange: (orderId: string, body: ExchangeRequest, key: string) => request<Order>('POST', `/api/orders/${orderId}/exchange`, { body, headers: withKey(key) }),
  markPaid: (orderId: string, body: PaymentRequest, key: string) => request<Order>('POST', `/api/orders/${orderId}/payment`, { body, headers: withKey(key) }),
  setQuotas: (performanceId: string, body: QuotaSettings) => api.put<Inventory>(`/api/ticketing/performances/${performanceId}/quotas`, body),
  saveSettings: (body: Partial<Pick<TicketingSettings, 'holdMinutes' | 'offerMinutes' | 'releaseMinutes' | 'paymentMethods'>>) => api.patch<TicketingSettings>('/api/ticketing/settings', body),
};

export const checkInApi = {
  scan: (code: string, performanceId: string, device: string) => api.post<CheckIn>('/api/check-in', { code, performanceId, device }),
  doorList: (performanceId: string) => api.get<DoorList>(`/api/ticketing/performances/${performanceId}/check-in/codes`),
  sync: (performanceId: string, device: string, scans: QueuedScan[]) => api.post<SyncAnswer>(`/api/ticketing/performances/${performanceId}/check-in/sync`, { device, scans }),
};

/** A fresh key; crypto.randomUUID exists only in secure contexts, and a desk tablet may reach Foyer over plain http in the house's network. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether the server may not have done the write, or is still doing it: then a retry must
 * carry the same key. Any other answer (done, or refused and stored) ends the action.
 */
export function mayRetrySameKey(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.code === 'busy' || error.code === 'conflict';
}

/**
 * One Idempotency-Key per intended action: the same request sent again (a double click,
 * the retry after a dropped connection) keeps its key, so the desk never sells twice; a
 * changed request or a finished one gets a new key.
 */
export function useIdempotentAction() {
  const pending = useRef<{ request: string; key: string } | null>(null);
  return useCallback(async <T>(intent: unknown, send: (key: string) => Promise<T>): Promise<T> => {
    const fingerprint = JSON.stringify(intent);
    if (pending.current === null || pending.current.request !== fingerprint) pending.current = { request: fingerprint, key: newIdempotencyKey() };
    const { key } = pending.current;
    try {
      const result = await send(key);
      pending.current = null;
      return result;
    } catch (error) {
      if (!mayRetrySameKey(error)) pending.current = null;
      throw error;
    }
  }, []);
}
