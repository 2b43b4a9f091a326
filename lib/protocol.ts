/**
 * The two drivers of computations written once as generator protocols (lhc/response.ts,
 * the AQS protocols of aqs/): a protocol yields a request for each heavy native call and
 * receives its answer. `drive` answers in place (the sync API); `driveAsync` awaits the
 * answer, so the call can run on the thread pool while the event loop is served (the
 * `…Async` API). One protocol thus serves both, with the same numbers.
 */

/** Runs `protocol` to its end, answering each request with `answer(request)`. */
export function drive<Request, Answer, T>(protocol: Generator<Request, T, Answer>, answer: (request: Request) => Answer): T {
  let reply: Answer | undefined;
  for (;;) {
    const step = protocol.next(reply as Answer);
    if (step.done) return step.value;
    reply = answer(step.value);
  }
}

/** `drive` with answers that may be promises (awaited before the protocol goes on). */
export async function driveAsync<Request, Answer, T>(
  protocol: Generator<Request, T, Answer>, answer: (request: Request) => Answer | Promise<Answer>,
): Promise<T> {
  let reply: Answer | undefined;
  for (;;) {
    const step = protocol.next(reply as Answer);
    if (step.done) return step.value;
    reply = await answer(step.value);
  }
}
