import { nextRoute } from '@/server/api/routes';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = nextRoute('openapi.json');
