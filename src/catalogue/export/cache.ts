/**
 * A small bounded LRU for rendered public responses, keyed by house and query. Each entry
 * remembers the catalogue version it was rendered at; a request that finds an older
 * version renders afresh and replaces it, so a change is visible on the next request in
 * every process (the version is read from the database each time, never pushed).
 *
 * A Map keeps insertion order: re-inserting on a hit makes the first key the least
 * recently used one.
 */
export interface CacheLimits {
  entries: number;
  bytes: number;
}

export function createRenderCache<T extends { body: Buffer }>(limits: CacheLimits) {
  const entries = new Map<string, T>();
  let bytes = 0;

  function evict(key: string): void {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    bytes -= entry.body.length;
  }

  return {
    get(key: string): T | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(key: string, entry: T): void {
      if (limits.entries <= 0 || entry.body.length > limits.bytes) return;
      evict(key);
      entries.set(key, entry);
      bytes += entry.body.length;
      while (entries.size > limits.entries || bytes > limits.bytes) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        evict(oldest.value);
      }
    },
    get size(): number {
      return entries.size;
    },
    get bytes(): number {
      return bytes;
    },
  };
}
