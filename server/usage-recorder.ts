import { getStore } from '@/server/db';
import { usageFlushMsFrom } from './config';
import { UsageBuffer } from '../lib/usage/buffer';

// The process's usage recorder: API requests record into memory; a timer flushes every LATCHKEY_USAGE_FLUSH_MS
// (validated in server/config.ts), and so does shutdown (SIGTERM/SIGINT). A crash loses at most one interval of counters
// and last-used times, never a key or a revocation (those are written synchronously by their own actions).

interface Recorder {
  buffer: UsageBuffer;
  timer?: NodeJS.Timeout;
}

const globalForUsage = globalThis as unknown as { latchkeyUsage?: Recorder };

/**
 * Writes what the buffer holds through the store. The SQLite store does the whole write before its promise is even
 * returned (nothing in it is awaited), which is what lets the signal handlers below exit right after calling this.
 */
export function flushNow(): Promise<void> {
  const recorder = globalForUsage.latchkeyUsage;
  if (!recorder || recorder.buffer.size === 0) return Promise.resolve();
  const batch = recorder.buffer.drain();
  try {
    return getStore()
      .flushUsage(batch)
      .catch(() => keep(recorder, batch));
  } catch {
    // Opening the database failed before the store could be asked.
    keep(recorder, batch);
    return Promise.resolve();
  }
}

function keep(recorder: Recorder, batch: ReturnType<UsageBuffer['drain']>) {
  recorder.buffer.restore(batch);
  console.error('[usage] flush failed; the counts are kept for the next attempt');
}

function recorder(): Recorder {
  if (globalForUsage.latchkeyUsage) return globalForUsage.latchkeyUsage;
  const created: Recorder = { buffer: new UsageBuffer() };
  globalForUsage.latchkeyUsage = created;
  created.timer = setInterval(() => void flushNow(), usageFlushMsFrom());
  created.timer.unref();
  // Runs before Next's own shutdown handlers; the flush is synchronous, so it completes before the process exits.
  // Where nobody else handles the signal, exit as the default handler would have.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.prependListener(signal, () => {
      void flushNow();
      if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  process.once('beforeExit', () => void flushNow());
  return created;
}

export function recordUse(
  keyId: string,
  at: number,
  previousSecret: boolean,
  ip: string | null,
  userAgent: string | null,
) {
  recorder().buffer.record(keyId, at, previousSecret, ip, userAgent);
}
