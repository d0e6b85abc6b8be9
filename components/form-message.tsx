/** The outcome of a form submission, announced to screen readers. Errors use a test id, not role=alert,
 * so they are not confused with Next's route announcer. */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  // The live region is always in the page; screen readers announce changes to it, not regions that appear.
  return (
    <div aria-live="polite" aria-atomic="true">
      {error ? (
        <p
          data-testid="form-error"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {error}
        </p>
      ) : success ? (
        <p
          data-testid="form-success"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          {success}
        </p>
      ) : null}
    </div>
  );
}
