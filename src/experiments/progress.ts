/**
 * Sweep progress on stderr: a bar redrawn in place on a terminal, or a plain line every few
 * seconds otherwise (logs of cluster jobs, CI). Runs done, failures, rate and time left.
 */

export interface Progress {
  /** A run finished (`failed` when it failed). */
  tick(failed: boolean): void;
  /** Clear the bar (before other output) and print a last line. */
  end(): void;
}

export interface ProgressOptions {
  write(text: string): void;
  tty: boolean;
  /** Terminal width (tty only). */
  columns?: number;
  /** Runs in the folder and already done before this session. */
  total: number;
  done: number;
  /** Seconds between plain lines (default 10). */
  every?: number;
  now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "123/400 runs (31%), 2 failed, 3.2 runs/s, ETA 1m27s"; `rate` in runs per second, null while unknown. */
export function progressText(done: number, total: number, failed: number, rate: number | null): string {
  const left = total - done;
  const eta = left === 0 ? '0s' : rate !== null && rate > 0 ? formatDuration(left / rate) : '?';
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const r = rate === null ? '? runs/s' : `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)} runs/s`;
  return `${done}/${total} runs (${pct}%)${failed > 0 ? `, ${failed} failed` : ''}, ${r}, ETA ${eta}`;
}

export function createProgress(o: ProgressOptions): Progress {
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  const every = (o.every ?? 10) * 1000;
  let done = o.done;
  let ran = 0;
  let failed = 0;
  let lastPrint = t0;
  let lastDraw = 0;
  // The rate is measured from the first finished run on, so that starting the workers does not
  // make the first estimates too pessimistic.
  let first = 0;
  const rate = () => (ran >= 2 && now() > first ? ((ran - 1) * 1000) / (now() - first) : null);
  const text = () => progressText(done, o.total, failed, rate());
  const draw = () => {
    const width = Math.max(10, Math.min(40, (o.columns ?? 80) - 60));
    const filled = o.total > 0 ? Math.round((width * done) / o.total) : width;
    o.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text()}\x1b[K`);
  };
  if (o.tty) draw();
  return {
    tick(f) {
      done++;
      ran++;
      if (f) failed++;
      const t = now();
      if (ran === 1) first = t;
      if (o.tty) {
        // At most ~10 redraws a second.
        if (t - lastDraw >= 100 || done === o.total) {
          lastDraw = t;
          draw();
        }
      } else if (t - lastPrint >= every) {
        lastPrint = t;
        o.write(`sweep: ${text()}\n`);
      }
    },
    end() {
      if (o.tty) o.write('\r\x1b[K');
    },
  };
}

/** Progress of one run, month by month (govbuy run). */
export interface MonthProgress {
  /** `done` months of the run are simulated. */
  month(done: number): void;
  /** Clear the line, if one was drawn. */
  end(): void;
}

export interface MonthProgressOptions {
  write(text: string): void;
  /** Only a terminal gets progress: pipes, files and CI logs stay quiet. */
  tty: boolean;
  columns?: number;
  /** Months of the run, and months done before (a run continued from a checkpoint). */
  total: number;
  done?: number;
  /** Milliseconds before the first line: a short run shows none (default 2000). */
  delayMs?: number;
  now?: () => number;
}

/** "month 123/240 (51%), 2.1 s, ETA 2s" */
export function monthProgressText(done: number, total: number, elapsedMs: number, rate: number | null): string {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const eta = done >= total ? '0s' : rate !== null && rate > 0 ? formatDuration((total - done) / rate) : '?';
  return `month ${done}/${total} (${pct}%), ${(elapsedMs / 1000).toFixed(1)} s, ETA ${eta}`;
}

/**
 * A bar redrawn in place on stderr while a run goes on, from `delayMs` on (a run of a second or
 * two shows nothing), at most ~5 times a second; nothing at all off a terminal.
 */
export function createMonthProgress(o: MonthProgressOptions): MonthProgress {
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  const start = o.done ?? 0;
  const delay = o.delayMs ?? 2000;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    month(done) {
      if (!o.tty) return;
      const t = now();
      if (t - t0 < delay || (t - lastDraw < 200 && done < o.total)) return;
      lastDraw = t;
      drawn = true;
      const rate = done > start ? ((done - start) * 1000) / (t - t0) : null;
      const width = Math.max(10, Math.min(40, (o.columns ?? 80) - 50));
      const filled = o.total > 0 ? Math.round((width * done) / o.total) : width;
      o.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${monthProgressText(done, o.total, t - t0, rate)}\x1b[K`);
    },
    end() {
      if (drawn) o.write('\r\x1b[K');
    },
  };
}
