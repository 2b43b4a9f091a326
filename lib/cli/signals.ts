/**
 * How a command that handles SIGINT / SIGTERM itself still ends the conventional way.
 *
 * Commands without a handler end through Node's default: the process dies of the signal,
 * which a shell reports as 128 + its number (SIGINT 130, SIGTERM 143), at once, whatever
 * the native code is doing (METIS cannot intercept it: native/core/metis_signals.h).
 * A command that wants a moment for bookkeeping first (`softspot worker` stops taking
 * jobs; `softspot run` says what is kept and how to resume) installs `endOnSignal`: on the first signal it runs `cleanup` for at most `graceMs`,
 * then re-raises the signal with the default disposition, so the process dies of it just
 * as without a handler. A second signal ends it at once. Partial sample files left by
 * the interruption are discarded by the next run (lib/ensemble/store.ts discardPartial).
 *
 * Only for commands whose main thread stays responsive (the work runs in worker threads):
 * a JavaScript handler runs on the event loop.
 */

/** The signals a command ends on. */
export const ENDING_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type EndingSignal = (typeof ENDING_SIGNALS)[number];

/** The exit status a shell reports for a process that died of `signal`: 128 + its number. */
export function signalStatus(signal: EndingSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * Ends the process on SIGINT / SIGTERM after `cleanup` (bounded by `graceMs`, default 2 s).
 * Returns the function that removes the handlers (call it when the command finishes).
 */
export function endOnSignal(cleanup: (signal: EndingSignal) => Promise<unknown>, graceMs = 2000): () => void {
  let ending = false;
  const die = (signal: EndingSignal): void => {
    for (const s of ENDING_SIGNALS) process.removeAllListeners(s);
    // With no listener left, libuv has restored the default disposition: this kills the process.
    process.kill(process.pid, signal);
    // Only if the signal were ignored by the environment.
    setTimeout(() => process.exit(signalStatus(signal)), 200).unref();
  };
  const onSignal = (signal: EndingSignal): void => {
    if (ending) { die(signal); return; }
    ending = true;
    const timer = setTimeout(() => die(signal), graceMs);
    void cleanup(signal).catch(() => undefined).finally(() => { clearTimeout(timer); die(signal); });
  };
  for (const s of ENDING_SIGNALS) process.on(s, onSignal);
  return () => { for (const s of ENDING_SIGNALS) process.off(s, onSignal); };
}
