import { ApiError } from '@/lib/api/errors';
import { withApiKey } from '@/server/api/guard';

// Unknown /api/v1 paths: authenticate first (so the API's shape is not probed anonymously), then a JSON 404.
const notFound = withApiKey<{ path?: string[] }>('any-key', () => {
  throw new ApiError('not_found', 'No such API endpoint.');
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
