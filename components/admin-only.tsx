/**
 * What a member sees on an owners-and-admins page, the same on every one: the page's title, then a clear refusal
 * (not an error) saying who can see it. `reasonTestId` keeps a page's older test id on the sentence.
 */
export function AdminOnly({ title, what, reasonTestId }: { title: string; what: string; reasonTestId?: string }) {
  return (
    <>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <section
        aria-labelledby="admin-only-heading"
        className="rounded-lg border border-slate-200 bg-white p-6"
        data-testid="admin-only"
      >
        <h2 id="admin-only-heading" className="font-semibold">
          Owners and admins only
        </h2>
        <p className="mt-1 text-sm text-slate-600" data-testid={reasonTestId}>
          Only owners and admins can see {what}.
        </p>
      </section>
    </>
  );
}
