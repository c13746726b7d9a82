import type { CheckInResult, DoorList, DoorTicket, QueuedScan, SyncAnswer } from '../../api/ticketingTypes.ts';

/*
 * The door without network. The tablet keeps the performance's code list and decides a
 * scan by the same rules as the server (src/ticketing/model.ts checkInDecision): unknown,
 * cancelled, already used, else valid. A code that is not on this performance's list may
 * belong to another one: offline it reads as unknown. Scans made offline wait in a queue
 * that survives a reload and goes to the sync endpoint when the network is back; there
 * the first scan of a code wins.
 */

/** Codes as people type them: lower case, spaces and dashes, O for 0 and I or L for 1 (as src/ticketing/codes.ts). */
export function normaliseTicketCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replaceAll('O', '0').replace(/[IL]/g, '1');
}

export interface OfflineDecision {
  result: CheckInResult;
  checkedInAt: string | null;
  ticket: DoorTicket | null;
}

export function decideOffline(list: DoorList | null, code: string): OfflineDecision {
  const wanted = normaliseTicketCode(code);
  const ticket = list?.tickets.find((candidate) => normaliseTicketCode(candidate.code) === wanted) ?? null;
  if (ticket === null) return { result: 'unknown', checkedInAt: null, ticket: null };
  if (ticket.state === 'cancelled') return { result: 'cancelled', checkedInAt: null, ticket };
  if (ticket.checkedInAt !== null) return { result: 'already_used', checkedInAt: ticket.checkedInAt, ticket };
  return { result: 'valid', checkedInAt: null, ticket };
}

/** The list after a ticket was let in at `at` (online or off), so that a second scan reads as used. */
export function withCheckIn(list: DoorList, code: string, at: string): DoorList {
  const wanted = normaliseTicketCode(code);
  return {
    ...list,
    tickets: list.tickets.map((ticket) => (normaliseTicketCode(ticket.code) === wanted && ticket.checkedInAt === null ? { ...ticket, checkedInAt: at } : ticket)),
  };
}

/** A freshly downloaded list, with the admissions still waiting in the queue applied on top. */
export function withQueue(list: DoorList, queue: readonly WaitingScan[]): DoorList {
  return queue.filter((scan) => scan.admitted).reduce((current, scan) => withCheckIn(current, scan.code, scan.scannedAt), list);
}

export function doorCounts(list: DoorList | null): { admitted: number; expected: number } | null {
  if (list === null) return null;
  const valid = list.tickets.filter((ticket) => ticket.state === 'valid');
  return { admitted: valid.filter((ticket) => ticket.checkedInAt !== null).length, expected: valid.length };
}

/** A scan made offline, waiting to be sent; `admitted`: the door let the person in on its own. */
export interface WaitingScan extends QueuedScan {
  admitted: boolean;
}

/**
 * The people the door let in offline whom the server would not have: the code was used
 * at another door first, or cancelled meanwhile. The answer to a batch sent twice names
 * our own first scan as already used, at our own time: that is no refusal.
 */
export function refusedAdmissions(sent: readonly WaitingScan[], answer: SyncAnswer): { code: string; result: CheckInResult }[] {
  return answer.results.flatMap((outcome, index) => {
    const scan = sent[index];
    if (scan === undefined || !scan.admitted || outcome.result === 'valid') return [];
    const ours = outcome.result === 'already_used' && outcome.checkedInAt !== null && Date.parse(outcome.checkedInAt) === Date.parse(scan.scannedAt);
    return ours ? [] : [{ code: outcome.code, result: outcome.result }];
  });
}

// ---------- kept in the browser, per performance ----------

/** The part of localStorage the door uses; a Map-backed fake in tests. */
export interface DoorStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const listKey = (performanceId: string) => `foyer.door.codes.${performanceId}`;
const queueKey = (performanceId: string) => `foyer.door.queue.${performanceId}`;
const DEVICE_KEY = 'foyer.door.device';

function read<T>(storage: DoorStorage, key: string, valid: (value: unknown) => value is T): T | null {
  try {
    const text = storage.getItem(key);
    if (text === null) return null;
    const value: unknown = JSON.parse(text);
    return valid(value) ? value : null;
  } catch {
    return null;
  }
}

const isList = (value: unknown): value is DoorList => typeof value === 'object' && value !== null && Array.isArray((value as { tickets?: unknown }).tickets);
const isQueue = (value: unknown): value is WaitingScan[] => Array.isArray(value);

export function doorStore(storage: DoorStorage, performanceId: string) {
  return {
    list: () => read(storage, listKey(performanceId), isList),
    saveList: (list: DoorList) => {
      try {
        storage.setItem(listKey(performanceId), JSON.stringify(list));
      } catch {
        // A full storage keeps the older list: the door still works online.
      }
    },
    queue: () => read(storage, queueKey(performanceId), isQueue) ?? [],
    saveQueue: (queue: readonly WaitingScan[]) => {
      if (queue.length === 0) storage.removeItem(queueKey(performanceId));
      else storage.setItem(queueKey(performanceId), JSON.stringify(queue));
    },
  };
}

/** This tablet's name for the sync endpoint, made once and kept: a batch sent twice by it is recognised. */
export function deviceName(storage: DoorStorage, random: () => string): string {
  const known = storage.getItem(DEVICE_KEY);
  if (known !== null && known !== '') return known;
  const name = `door-${random().slice(0, 8)}`;
  storage.setItem(DEVICE_KEY, name);
  return name;
}
