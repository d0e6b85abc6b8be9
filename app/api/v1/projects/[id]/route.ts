import { nextRoute } from '@/lib/api/routes';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('projects/[id]');
