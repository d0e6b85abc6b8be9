import document from '@/openapi.json';
import { jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods } from '@/server/api/guard';
import type { ApiResponse } from '@/lib/api/http';

// GET /api/v1/openapi.json: the committed document (npm test fails when it differs from what the schemas generate),
// public like the leak-report endpoint: it describes the API and holds nothing about any account. Serialised once.
const answer: ApiResponse = jsonResponse(document);

export const GET = (): ApiResponse => answer;

export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');
