/** What a member sees on an owners-and-admins page: a clear refusal, not an error. */
export function AdminOnly({ what }: { what: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6" data-testid="admin-only">
      <h1 className="text-xl font-semibold">Owners and admins only</h1>
      <p className="mt-1 text-sm text-slate-600">Only owners and admins of this account can see {what}.</p>
    </section>
  );
}
