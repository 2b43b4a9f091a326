/**
 * The run's progress line (lib/ensemble/progress.ts progressPrinter). On a terminal it is
 * redrawn every second between changes, so its clock runs while a long stage computes (it
 * stood still between samples before); `end` stops that. Elsewhere (a log file) a line is
 * written per change only.
 */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProgressTracker, progressPrinter } from '../lib/ensemble/progress.js';

function stream(tty: boolean): Writable & { isTTY: boolean; text: string[] } {
  const text: string[] = [];
  const s = new Writable({ write(chunk, _encoding, done) { text.push(String(chunk)); done(); } });
  return Object.assign(s, { isTTY: tty, text });
}

describe('ensemble: the progress line', function () {
  this.timeout(10_000);

  it('on a terminal, the clock runs between changes, and stops with end()', async () => {
    const out = stream(true);
    const tracker = new ProgressTracker(4);
    tracker.stage('n100-s1', 'events');
    const printer = progressPrinter(out, tracker);
    printer.update(true);
    await sleep(2300);
    const clocks = out.text.map((line) => / \| (\d+)s \| /.exec(line)?.[1]).filter((c) => c !== undefined);
    expect(clocks[0]).to.equal('0');
    expect(clocks.at(-1)).to.equal('2'); // redrawn without any change of the tracker
    printer.end();
    const after = out.text.length;
    await sleep(1200);
    expect(out.text.length).to.equal(after);
  });

  it('elsewhere, one line per change and nothing in between', async () => {
    const out = stream(false);
    const tracker = new ProgressTracker(2);
    const printer = progressPrinter(out, tracker);
    printer.update(true);
    await sleep(1200);
    expect(out.text).to.have.length(1);
    tracker.finish({ id: 'n100-s1', status: 'done', timings: { prepare: 1000 } } as Parameters<ProgressTracker['finish']>[0]);
    printer.update(true);
    printer.end();
    expect(out.text).to.have.length(2);
    expect(out.text[1]).to.match(/^█{12}░{12} 1\/2 \(1 done, 0 failed, 0 skipped\)/);
  });

  it('samples/h counts the samples computed, not the failed ones; the ETA counts every sample that ended', async () => {
    const tracker = new ProgressTracker(4);
    const failed = { status: 'failed', stage: 'events', error: 'timeout' } as const;
    tracker.finish({ id: 'a', ...failed } as Parameters<ProgressTracker['finish']>[0]);
    tracker.finish({ id: 'b', ...failed } as Parameters<ProgressTracker['finish']>[0]);
    await sleep(20);
    const s = tracker.snapshot();
    expect(s.samplesPerHour, 'nothing computed yet').to.equal(0);
    expect(s.etaMs).to.be.greaterThan(0).and.to.be.below(Infinity); // 2 left at the rate of the 2 that ended
    expect(tracker.render()).to.contain('(0 done, 2 failed, 0 skipped) | – samples/h | ETA');
    tracker.finish({ id: 'c', status: 'done', timings: {} } as Parameters<ProgressTracker['finish']>[0]);
    const t = tracker.snapshot();
    expect(t.samplesPerHour).to.be.closeTo((1 / t.elapsedMs) * 3.6e6, 1e-6 * t.samplesPerHour);
  });
});
