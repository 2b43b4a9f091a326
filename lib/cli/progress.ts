/**
 * Progress reporting for long CLI commands, on stderr.
 *
 * - On a TTY: one line redrawn in place,
 *     `liquid   [#########...........]  12.5/120.0 τ0  10%  elapsed 0:03  ETA 0:27  T=1.002`
 * - Otherwise (a log file, a pipe, a job queue): plain, parseable lines, at most one per
 *   `interval` seconds (default 5) plus one at every phase change and at the end:
 *     `progress phase=liquid done=12.5 total=120 fraction=0.1042 elapsed=3.2 eta=27.6 T=1.002`
 *   (key=value, no units, numbers in plain decimal; `eta=` is empty when unknown).
 *
 * ETA: elapsed · (1 − f)/f with f = done/total, measured from the first update; the
 * caller chooses what "done" means (simulated time, iterations, samples).
 */

/** Where to write: any stream with `write`; `isTTY` and `columns` are read when present. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Output stream (e.g. process.stderr). */
  stream: ProgressStream;
  /** Unit of done/total shown on the bar (e.g. 'τ0'; default ''). */
  unit?: string;
  /** Force TTY (true) or plain (false) mode; default `stream.isTTY === true`. */
  tty?: boolean;
  /** Minimum seconds between plain lines (default 5) / TTY redraws (fixed 0.1). */
  interval?: number;
  /** Clock in seconds (default performance.now()/1000; injectable for tests). */
  now?: () => number;
}

/** A live progress reporter. */
export interface Progress {
  /**
   * Reports `done` of `total` in `phase`; `fields` are extra key=value pairs (shown as
   * `key=value`). Output is throttled except on a phase change.
   */
  update(phase: string, done: number, total: number, fields?: Record<string, string | number>): void;
  /** Final line (TTY: ends the bar with a newline); `message` is printed after it. */
  finish(message?: string): void;
}

/** Formats seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

function plainNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** A progress reporter writing to `options.stream` (see module doc). */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream;
  const tty = options.tty ?? stream.isTTY === true;
  const unit = options.unit ?? '';
  const interval = options.interval ?? 5;
  const now = options.now ?? (() => performance.now() / 1000);
  const start = now();
  let lastPhase = '', lastTime = -Infinity, lastLine = '';
  let pending: string | null = null;
  let width = 0;

  const render = (phase: string, done: number, total: number, fields: Record<string, string | number>): string => {
    const elapsed = now() - start;
    const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
    const eta = f > 0 ? (elapsed * (1 - f)) / f : NaN;
    const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'number' ? plainNumber(v) : v}`);
    if (!tty) {
      return ['progress', `phase=${phase}`, `done=${plainNumber(done)}`, `total=${plainNumber(total)}`, `fraction=${f.toFixed(4)}`,
        `elapsed=${elapsed.toFixed(1)}`, `eta=${Number.isFinite(eta) ? eta.toFixed(1) : ''}`, ...extra].join(' ');
    }
    const barWidth = 24;
    const filled = Math.round(f * barWidth);
    const digits = total >= 100 ? 1 : 2;
    return `${phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` +
      `${done.toFixed(digits)}/${total.toFixed(digits)}${unit ? ' ' + unit : ''} ${String(Math.round(100 * f)).padStart(3)}%  ` +
      `elapsed ${formatDuration(elapsed)}  ETA ${Number.isFinite(eta) ? formatDuration(eta) : '?'}` + (extra.length ? '  ' + extra.join(' ') : '');
  };

  const draw = (line: string): void => {
    if (tty) {
      const cols = stream.columns ?? 120;
      const text = line.length > cols - 1 ? line.slice(0, cols - 1) : line;
      stream.write('\r' + text + ' '.repeat(Math.max(0, width - text.length)));
      width = text.length;
    } else {
      stream.write(line + '\n');
    }
    lastLine = line;
  };

  return {
    update(phase, done, total, fields = {}) {
      const t = now();
      const changed = phase !== lastPhase;
      const line = render(phase, done, total, fields);
      if (changed || t - lastTime >= (tty ? 0.1 : interval)) {
        if (changed && lastPhase !== '') {
          // Show where the old phase ended, then (TTY) keep its bar on its own line.
          if (pending !== null) draw(pending);
          if (tty) {
            stream.write('\n');
            width = 0;
          }
        }
        draw(line);
        lastTime = t;
        pending = null;
      } else {
        pending = line;
      }
      lastPhase = phase;
    },
    finish(message) {
      if (pending !== null && pending !== lastLine) draw(pending);
      if (tty && lastLine !== '') stream.write('\n');
      if (message !== undefined) stream.write(message.endsWith('\n') ? message : message + '\n');
      pending = null;
    },
  };
}
