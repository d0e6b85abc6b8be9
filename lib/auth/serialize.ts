// Runs one task at a time per key (here: per client address, and per email within it). Sign-in reads the failure count, spends ~0.4 s on scrypt and
// then writes the count back; without this, a burst of parallel guesses would all pass the lock check and count as
// one failure. One process serves the app (SQLite), so an in-process queue is enough.
// On globalThis: one set of queues per process, so next-auth's sign-in and the CLI's (app/api/cli/password), which
// Next may load in separate module graphs, wait for each other.
const globalQueues = globalThis as unknown as { latchkeySignInQueues?: Map<string, Promise<unknown>> };
const tails = (globalQueues.latchkeySignInQueues ??= new Map<string, Promise<unknown>>());

export function serializeBy<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

/** The queue of one email's password checks: sign-in and in-app password confirmations share it. */
export const emailQueue = (email: string) => `email:${email}`;
