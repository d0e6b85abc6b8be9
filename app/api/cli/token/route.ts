import { pollDevice } from '@/server/cli-login';

export const POST = pollDevice;
