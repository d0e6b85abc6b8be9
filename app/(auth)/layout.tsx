import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-center text-sm font-semibold tracking-wide text-slate-500">Latchkey</p>
        {children}
      </div>
    </main>
  );
}
