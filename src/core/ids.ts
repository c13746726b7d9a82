import { v7 } from 'uuid';

/** Identifiers are UUIDv7: sortable by creation time, unguessable enough for URLs. */
export function newId(): string {
  return v7();
}
