import type { ReactNode } from 'react';
import { DashboardFrame, MAIN_ID } from '@/components/dashboard-frame';
import { DashboardNav } from '@/components/dashboard-nav';
import { ReauthProvider } from '@/components/reauth';
import { FocusKeeper } from '@/components/ui/focus-keeper';
import { ToastProvider } from '@/components/ui/toast';
import { requireUser } from '@/server/auth/session';
import { confirmPassword } from './settings/security/password-actions';

// A redirect here is for the visitor's convenience only: every page and action checks the session itself.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <ToastProvider>
      <FocusKeeper fallbackId={MAIN_ID} />
      {/* Sensitive changes on any page ask for the password here when the last confirmation is over 10 minutes old. */}
      <ReauthProvider confirm={confirmPassword}>
        <DashboardFrame nav={<DashboardNav user={user} />}>{children}</DashboardFrame>
      </ReauthProvider>
    </ToastProvider>
  );
}
