/**
 * Progress of a run: samples done / failed / skipped, mean time per stage, throughput
 * (samples per hour over this run's wall time) and ETA. `render()` gives one line; on a
 * TTY the line is redrawn in place, otherwise printed when a sample finishes.
 */
import type { TaskOutcome } from './task.js';

export interface ProgressSnapshot {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  running: number;
  elapsedMs: number;
  /** Samples computed (done, not failed) per hour of this run. */
  samplesPerHour: number;
  /** Time left at the rate samples end (done or failed: a failed one took its time too). */
  etaMs: number;
  /** Mean ms per stage over the samples finished in this run. */
  stageMeanMs: Record<string, number>;
  /** Samples currently in each stage. */
  inStage: Record<string, number>;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class ProgressTracker {
  private readonly t0 = performance.now();
  private readonly stageSum: Record<string, number> = {};
  private readonly stageCount: Record<string, number> = {};
  private readonly current = new Map<string, string>();
  done = 0;
  failed = 0;
  skipped = 0;

  /** `total`: samples of the run; `alreadyDone`: finished before it started (not counted in throughput). */
  constructor(readonly total: number, readonly alreadyDone = 0) {}

  stage(id: string, stage: string): void { this.current.set(id, stage); }

  finish(outcome: TaskOutcome): void {
    this.current.delete(outcome.id);
    if (outcome.status === 'done') {
      this.done++;
      for (const [k, v] of Object.entries(outcome.timings ?? {})) {
        this.stageSum[k] = (this.stageSum[k] ?? 0) + v;
        this.stageCount[k] = (this.stageCount[k] ?? 0) + 1;
      }
    } else if (outcome.status === 'failed') this.failed++;
    else this.skipped++;
  }

  snapshot(): ProgressSnapshot {
    const elapsedMs = performance.now() - this.t0;
    const finished = this.done + this.failed;
    const rate = finished / elapsedMs; // samples ended per ms, for the ETA
    const remaining = this.total - this.alreadyDone - this.done - this.failed - this.skipped;
    const stageMeanMs: Record<string, number> = {};
    for (const k of Object.keys(this.stageSum)) stageMeanMs[k] = this.stageSum[k] / this.stageCount[k];
    const inStage: Record<string, number> = {};
    for (const s of this.current.values()) inStage[s] = (inStage[s] ?? 0) + 1;
    return {
      total: this.total, done: this.done, failed: this.failed, skipped: this.skipped + this.alreadyDone, running: this.current.size,
      elapsedMs, samplesPerHour: (this.done / elapsedMs) * 3.6e6, etaMs: rate > 0 ? remaining / rate : Infinity, stageMeanMs, inStage,
    };
  }

  render(width = 24): string {
    const s = this.snapshot();
    const complete = s.done + s.failed + s.skipped;
    const fill = s.total > 0 ? Math.round((width * complete) / s.total) : width;
    const bar = '█'.repeat(fill) + '░'.repeat(Math.max(0, width - fill));
    const stages = ['read', 'prepare', 'lhc', 'events', 'validate'].filter((k) => s.stageMeanMs[k] !== undefined)
      .map((k) => `${k} ${(s.stageMeanMs[k] / 1000).toFixed(1)}s`).join(', ');
    const now = Object.entries(s.inStage).map(([k, v]) => `${v} ${k}`).join(', ');
    return `${bar} ${complete}/${s.total} (${s.done} done, ${s.failed} failed, ${s.skipped} skipped)` +
      ` | ${s.samplesPerHour > 0 ? s.samplesPerHour.toFixed(1) : '–'} samples/h | ETA ${s.done + s.failed > 0 ? duration(s.etaMs) : '?'}` +
      ` | ${duration(s.elapsedMs)}${stages ? ` | mean ${stages}` : ''}${now ? ` | now: ${now}` : ''}`;
  }
}

/**
 * Prints tracker lines to a stream: in place on a TTY (at most every 250 ms, and every
 * second between changes, so that the clock runs while a long stage computes), else per
 * change. `end` prints the last line and stops the clock.
 */
export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean }, tracker: ProgressTracker): { update(force?: boolean): void; end(): void } {
  let last = 0;
  let lastLine = '';
  const tty = stream.isTTY === true;
  let clock: NodeJS.Timeout | undefined;
  const printer = {
    update(force = false) {
      const line = tracker.render();
      if (tty) {
        const now = performance.now();
        if (!force && now - last < 250) return;
        last = now;
        stream.write(`\r\x1b[K${line}`);
      } else if (force && line !== lastLine) {
        stream.write(line + '\n');
      }
      lastLine = line;
    },
    end() {
      if (clock !== undefined) clearInterval(clock);
      clock = undefined;
      if (tty) stream.write(`\r\x1b[K${tracker.render()}\n`);
    },
  };
  if (tty) clock = setInterval(() => printer.update(), 1000).unref();
  return printer;
}
