import { passwordDevice } from '@/server/cli-login';

export const POST = passwordDevice;
