// Runs once when the server starts (not during `next build`): validates the configuration, creates the data
// directory and session secret on first run, and applies migrations, so a bad setup fails at start, not on the
// first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getStore } = await import('./server/db');
  const { getConfig } = await import('./server/config');
  getConfig();
  // Opens the database (and migrates it) behind the process's store.
  getStore();
}
