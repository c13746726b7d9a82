/**
 * Reports parse progress in steps of about 2 %, not per item: a progress bar needs no
 * more, and a callback per item would cost more than the parse on large files.
 */
export function progressReporter(total: number, onProgress: ((done: number, total: number) => void) | undefined) {
  const step = Math.max(1, Math.ceil(total / 50));
  let next = step;
  return {
    /** Call after each item with the number done so far. */
    tick(done: number): void {
      if (onProgress === undefined || done < next) return;
      next = done + step;
      if (done < total) onProgress(done, total);
    },
    /** Call once at the end. */
    finish(): void {
      onProgress?.(total, total);
    },
  };
}
