import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md space-y-3 px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <Link className="text-sm font-medium underline" href="/">
        Go to your keys
      </Link>
    </main>
  );
}
