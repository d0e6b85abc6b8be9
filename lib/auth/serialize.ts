// Runs one task at a time per key (here: per client address, and per email within it). Sign-in reads the failure count, spends ~0.4 s on scrypt and
// then writes the count back; without this, a burst of parallel guesses would all pass the lock check and count as
// one failure. One process serves the app (SQLite), so an in-process queue is enough.
const tails = new Map<string, Promise<unknown>>();

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
