import { redirect } from 'next/navigation';
import { auth } from '@/server/auth/session';

export default async function Home() {
  redirect((await auth()) ? '/settings/security' : '/sign-in');
}
