import { startDevice } from '@/server/cli-login';

export const POST = startDevice;
