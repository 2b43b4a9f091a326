/**
 * The Redis connections of the queue engine (./queue.ts), with bounded patience:
 *
 * - At start, Redis must answer within `connectSeconds` (default CONNECT_SECONDS = 5 s,
 *   retrying every 0.25 s); otherwise a QueueUnavailableError names the URL, what the
 *   connection attempt got (refused, host not found, timed out, authentication) and what
 *   to check.
 * - A connection lost later is retried with exponential backoff (0.25 s doubling up to
 *   5 s between attempts; BullMQ's commands wait meanwhile), with one warning when it is
 *   lost and one notice when it is back. After `timeoutSeconds` (default
 *   DEFAULT_REDIS_TIMEOUT = 60 s) without Redis, `lost` rejects with a
 *   QueueUnavailableError and every connection is closed.
 *
 * Every client made here has an error listener, and `watch` gives every BullMQ object
 * one, so neither ioredis ("[ioredis] Unhandled error event") nor BullMQ (console.error)
 * prints anything of its own: connection errors are summed up by the warnings above,
 * other errors are passed on once each as warnings.
 */
import { Redis } from 'ioredis';
import type { EventEmitter } from 'node:events';
import { ArgumentRangeError } from '../errors.js';

export const CONNECT_SECONDS = 5;
export const DEFAULT_REDIS_TIMEOUT = 60;
/** Delay before reconnection attempt `times` (1, 2, ...): 0.25 s doubling, at most 5 s. */
export const backoffMs = (times: number): number => Math.min(250 * 2 ** (times - 1), 5000);

/** Redis cannot be reached (at start, or no longer): the queue engine cannot go on. */
export class QueueUnavailableError extends Error {
  readonly code = 'ERR_SOFTSPOT_QUEUE_UNAVAILABLE';
  constructor(readonly url: string, message: string) {
    super(message);
    this.name = 'QueueUnavailableError';
  }
}

/** Host and port of a redis:// or rediss:// URL; RangeError otherwise. */
export function parseRedisUrl(url: string): { host: string; port: number } {
  let u: URL | undefined;
  try { u = new URL(url); } catch { /* below */ }
  if (u === undefined || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || u.hostname === '') {
    throw new ArgumentRangeError(`queue: expected a redis://host:port URL, got "${url}"`);
  }
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port === '' ? 6379 : Number(u.port) };
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/** Whether `error` only says that the connection is down (summed up by the lost/back messages). */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = String(e?.message ?? '');
  return CONNECTION_CODES.has(String(e?.code)) || /Connection is closed|connect E[A-Z]+|Stream isn't writeable|read ECONNRESET/.test(message);
}

/**
 * Errors that follow from a lost connection: a job whose lock expired meanwhile cannot be
 * finished or renewed by its first worker and runs again (jobs are idempotent, and the
 * follower counts by files).
 */
const AFTERMATH = /Missing (lock|key) for job|could not renew lock for job|Lock mismatch for job/;

/** A connection error in words. */
export function describeConnectionError(error: unknown): string {
  if (error === undefined) return 'the connection was closed';
  const e = error as { code?: unknown; message?: unknown };
  const message = String(e.message ?? error);
  switch (e.code) {
    case 'ECONNREFUSED': return 'connection refused: nothing listens on that port (ECONNREFUSED)';
    case 'ENOTFOUND': return 'host not found (ENOTFOUND)';
    case 'EAI_AGAIN': return 'host name lookup failed (EAI_AGAIN)';
    case 'ETIMEDOUT': return 'connection timed out (ETIMEDOUT)';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `host unreachable (${String(e.code)})`;
    case 'ECONNRESET': return 'connection reset (ECONNRESET)';
  }
  if (/NOAUTH|WRONGPASS|invalid password/i.test(message)) return `authentication failed: ${message} (give the password in the URL: redis://:password@host:port)`;
  return message;
}

export interface RedisLinkOptions {
  /** Seconds to wait for Redis at start (default CONNECT_SECONDS). */
  connectSeconds?: number;
  /** Seconds a lost connection is retried before giving up (default DEFAULT_REDIS_TIMEOUT). */
  timeoutSeconds?: number;
  /** Warnings and notices: connection lost, back, other queue errors. */
  onWarning?: (message: string) => void;
  /** What to do when Redis stays away: appended to the failure message. */
  lostHint?: string;
}

/** The connections of one process to one Redis, watched as one link (see module doc). */
export class RedisLink {
  /** Rejects with a QueueUnavailableError once Redis has been away for `timeoutSeconds`. */
  readonly lost: Promise<never>;
  private readonly clients = new Set<Redis>();
  /** Clients that have been ready once and are not now. */
  private readonly down = new Set<Redis>();
  private readonly wasReady = new WeakSet<Redis>();
  private readonly reported = new Set<string>();
  private downSince: number | undefined;
  private lastError: unknown;
  private timer: NodeJS.Timeout | undefined;
  private failLost!: (error: Error) => void;
  private closed = false;

  private constructor(readonly url: string, private readonly options: RedisLinkOptions) {
    this.lost = new Promise<never>((_, reject) => { this.failLost = reject; });
    this.lost.catch(() => undefined);
  }

  /**
   * Connects to `url` (one client, which the caller may use) within
   * `options.connectSeconds`, or throws a QueueUnavailableError saying what to check.
   */
  static async connect(url: string, options: RedisLinkOptions = {}): Promise<{ link: RedisLink; client: Redis }> {
    const { host, port } = parseRedisUrl(url);
    const link = new RedisLink(url, options);
    const seconds = options.connectSeconds ?? CONNECT_SECONDS;
    const client = link.client({ retryStrategy: () => (link.closed ? null : 250) });
    const ready = new Promise<void>((resolve) => client.once('ready', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), seconds * 1000); });
    try {
      if ((await Promise.race([ready, timeout])) === 'timeout') {
        const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
        link.close();
        throw new QueueUnavailableError(url,
          `cannot connect to Redis at ${url} within ${seconds} s: ${describeConnectionError(link.lastError)}. ` +
          'Is redis-server running there and reachable from this machine, and is the URL right (--queue redis://host:port)?' +
          (local ? ` To start one here: redis-server --port ${port}` : ''));
      }
    } finally {
      clearTimeout(timer);
    }
    // From now on, a lost connection is retried with backoff.
    client.options.retryStrategy = (times: number) => (link.closed ? null : backoffMs(times));
    return { link, client };
  }

  /** A new client on the link (BullMQ's settings: commands wait while the connection is down). */
  client(overrides: { retryStrategy?: (times: number) => number | null } = {}): Redis {
    const c = new Redis(this.url, {
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      connectTimeout: 5000,
      // A socket that never connected is destroyed after this (ioredis's default, 2 s, kept a failed process alive).
      disconnectTimeout: 200,
      retryStrategy: overrides.retryStrategy ?? ((times: number) => (this.closed ? null : backoffMs(times))),
    });
    this.clients.add(c);
    c.on('error', (error: unknown) => { this.lastError = error; });
    c.on('ready', () => {
      this.lastError = undefined;
      this.wasReady.add(c);
      this.down.delete(c);
      this.update();
    });
    c.on('close', () => {
      if (this.closed || !this.wasReady.has(c)) return;
      this.down.add(c);
      this.update();
    });
    c.on('end', () => {
      this.clients.delete(c);
      this.down.delete(c);
    });
    return c;
  }

  /** Gives a BullMQ object (Queue, QueueEvents, Worker) an error listener (see module doc); returns it. */
  watch<T extends EventEmitter>(emitter: T): T {
    emitter.on('error', (error: unknown) => {
      // Only a connection error can be the reason a connection is lost: a queue error
      // (a lost lock, a script's complaint) kept here was quoted as that reason later.
      if (isConnectionError(error)) this.lastError = error;
      if (this.closed || isConnectionError(error) || AFTERMATH.test(String((error as Error)?.message))) return;
      const message = String((error as Error)?.message ?? error);
      if (this.reported.has(message)) return;
      this.reported.add(message);
      this.options.onWarning?.(`queue: ${message}`);
    });
    return emitter;
  }

  /** `promise`, or the link's failure if Redis stays away first. */
  guard<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.lost]);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private update(): void {
    if (this.closed) return;
    const timeout = this.options.timeoutSeconds ?? DEFAULT_REDIS_TIMEOUT;
    if (this.down.size > 0 && this.downSince === undefined) {
      this.downSince = performance.now();
      this.options.onWarning?.(`lost the connection to Redis at ${this.url} (${describeConnectionError(this.lastError)}); retrying with backoff for up to ${timeout} s`);
      this.timer = setInterval(() => {
        if (this.downSince !== undefined && performance.now() - this.downSince > timeout * 1000) this.giveUp(timeout);
      }, 250);
    } else if (this.down.size === 0 && this.downSince !== undefined) {
      this.options.onWarning?.(`reconnected to Redis at ${this.url} after ${((performance.now() - this.downSince) / 1000).toFixed(1)} s`);
      this.downSince = undefined;
      clearInterval(this.timer);
    }
  }

  private giveUp(timeout: number): void {
    const error = new QueueUnavailableError(this.url,
      `lost the connection to Redis at ${this.url} and it did not come back within ${timeout} s (${describeConnectionError(this.lastError)})` +
      (this.options.lostHint ? `; ${this.options.lostHint}` : ''));
    this.close();
    this.failLost(error);
  }

  /** Closes every client of the link at once (no waiting for Redis); idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const c of this.clients) c.disconnect();
    this.clients.clear();
    this.down.clear();
  }
}
