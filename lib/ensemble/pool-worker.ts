/**
 * Entry of a worker thread of the pool engine (./pool.ts, piscina): one sample per call,
 * stage changes posted on the MessagePort that comes with the task.
 */
import type { MessagePort } from 'node:worker_threads';
import { runTask, type TaskInput, type TaskOutcome } from './task.js';

export default async function poolTask(input: TaskInput & { port?: MessagePort }): Promise<TaskOutcome> {
  const { port, ...task } = input;
  try {
    return await runTask(task, (stage) => port?.postMessage({ stage }));
  } finally {
    port?.close();
  }
}
