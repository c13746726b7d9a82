import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { checkInApi, newIdempotencyKey } from '../../api/ticketing.ts';
import type { CheckInResult, DoorList, Ticket } from '../../api/ticketingTypes.ts';
import { decideOffline, deviceName, doorCounts, doorStore, refusedAdmissions, withCheckIn, withQueue, type WaitingScan } from './doorModel.ts';

/*
 * The door of one performance: scans go to the server; when it cannot be reached, the
 * scan is decided from the code list kept in localStorage, marked offline and queued,
 * and the queue goes to the sync endpoint as soon as the network answers again.
 */

/** How often the code list is fetched again while the door is open. */
const LIST_EVERY_MS = 3 * 60_000;
/** How often a waiting queue is offered to the server. */
const SYNC_EVERY_MS = 15_000;

export interface DoorScan {
  /** Tells one scan from the next, even of the same code. */
  id: number;
  code: string;
  result: CheckInResult;
  checkedInAt: string | null;
  ticket: Ticket | null;
  category: Ticket['category'] | null;
  orderNumber: string | null;
  buyerName: string | null;
  paymentDue: boolean;
  offline: boolean;
  at: string;
}

export interface SyncReport {
  sent: number;
  /** Offline admissions the server refused: the code was used elsewhere first, or cancelled. */
  refused: { code: string; result: CheckInResult }[];
}

const isNetworkError = (error: unknown) => error instanceof ApiError && error.status === 0;

export function useDoor(performanceId: string, onSynced: (report: SyncReport) => void) {
  const client = useQueryClient();
  const store = useMemo(() => doorStore(window.localStorage, performanceId), [performanceId]);
  const device = useMemo(() => deviceName(window.localStorage, newIdempotencyKey), []);
  const [list, setList] = useState<DoorList | null>(() => store.list());
  const [queue, setQueue] = useState<WaitingScan[]>(() => store.queue());
  const [listError, setListError] = useState<unknown>(null);
  const [offline, setOffline] = useState(false);
  const [last, setLast] = useState<DoorScan | null>(null);
  const [sessionCount, setSessionCount] = useState(0);
  const scans = useRef(0);
  const syncing = useRef(false);
  const reportSync = useRef(onSynced);
  reportSync.current = onSynced;

  const keepList = useCallback(
    (next: DoorList) => {
      store.saveList(next);
      setList(next);
    },
    [store],
  );

  const refreshList = useCallback(async () => {
    try {
      const fresh = await checkInApi.doorList(performanceId);
      keepList(withQueue(fresh, store.queue()));
      setListError(null);
      setOffline(false);
    } catch (error) {
      if (isNetworkError(error)) setOffline(true);
      setListError(error);
    }
  }, [keepList, performanceId, store]);

  const sync = useCallback(async () => {
    const waiting = store.queue();
    if (waiting.length === 0 || syncing.current) return;
    syncing.current = true;
    try {
      const answer = await checkInApi.sync(
        performanceId,
        device,
        waiting.map(({ code, scannedAt }) => ({ code, scannedAt })),
      );
      // Scans made while the batch was on its way stay queued for the next round.
      const rest = store.queue().slice(waiting.length);
      store.saveQueue(rest);
      setQueue(rest);
      setOffline(false);
      reportSync.current({ sent: waiting.length, refused: refusedAdmissions(waiting, answer) });
      await client.invalidateQueries({ queryKey: ['inventory', performanceId] });
      void refreshList();
    } catch (error) {
      if (isNetworkError(error)) setOffline(true);
    } finally {
      syncing.current = false;
    }
  }, [client, device, performanceId, refreshList, store]);

  useEffect(() => {
    void refreshList().then(() => sync());
    const listTimer = window.setInterval(() => void refreshList(), LIST_EVERY_MS);
    const syncTimer = window.setInterval(() => void sync(), SYNC_EVERY_MS);
    const back = () => void sync();
    window.addEventListener('online', back);
    return () => {
      window.clearInterval(listTimer);
      window.clearInterval(syncTimer);
      window.removeEventListener('online', back);
    };
  }, [refreshList, sync]);

  const scan = useCallback(
    async (code: string): Promise<DoorScan> => {
      const id = ++scans.current;
      const at = new Date().toISOString();
      let outcome: DoorScan;
      try {
        const answer = await checkInApi.scan(code, performanceId, device);
        outcome = { id, ...answer, category: answer.ticket?.category ?? null, offline: false, at };
        setOffline(false);
        if (answer.result === 'valid') {
          const current = store.list();
          if (current !== null) keepList(withCheckIn(current, answer.code, answer.ticket?.checkedInAt ?? at));
        }
        if (store.queue().length > 0) void sync();
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        setOffline(true);
        const current = store.list();
        const decision = decideOffline(current, code);
        outcome = {
          id,
          code: decision.ticket?.code ?? code,
          result: decision.result,
          checkedInAt: decision.checkedInAt,
          ticket: null,
          category: decision.ticket?.category ?? null,
          orderNumber: decision.ticket?.orderNumber ?? null,
          buyerName: decision.ticket?.buyerName ?? null,
          paymentDue: decision.ticket?.paymentDue ?? false,
          offline: true,
          at,
        };
        // Every offline scan is queued, refused ones too: the server logs what the door saw.
        const nextQueue = [...store.queue(), { code: decision.ticket?.code ?? code, scannedAt: at, admitted: decision.result === 'valid' }];
        store.saveQueue(nextQueue);
        setQueue(nextQueue);
        if (decision.result === 'valid' && current !== null) keepList(withCheckIn(current, decision.ticket?.code ?? code, at));
      }
      if (outcome.result === 'valid') setSessionCount((count) => count + 1);
      setLast(outcome);
      void client.invalidateQueries({ queryKey: ['inventory', performanceId] });
      return outcome;
    },
    [client, device, keepList, performanceId, store, sync],
  );

  return { scan, last, list, listError, queue, offline, counts: doorCounts(list), sessionCount, sync, refreshList };
}
