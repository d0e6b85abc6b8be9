export const HOME = '/settings/security';

/**
 * Where to go after sign-in: only same-origin paths are followed. The URL is resolved the way the browser will
 * resolve it, so tricks like "/\\evil.example" or "/\t/evil.example" (which browsers treat as another host) are
 * caught too.
 */
export function safeCallback(callbackUrl: string | undefined, origin: string): string {
  if (!callbackUrl) return HOME;
  try {
    const url = new URL(callbackUrl, origin);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : HOME;
  } catch {
    return HOME;
  }
}
