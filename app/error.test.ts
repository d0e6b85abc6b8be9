import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

// The unit suite runs under the react-server condition, where react-dom/server is refused; a client component is
// rendered as the browser's first paint would be, in a child process with the default conditions.
function render(error: { message: string; digest?: string }): string {
  const script = `
    const { createElement } = require('react');
    const { renderToStaticMarkup } = require('react-dom/server');
    const ErrorPage = require('./app/error.tsx').default;
    const error = Object.assign(new Error(${JSON.stringify(error.message)}), ${JSON.stringify({ digest: error.digest })});
    process.stdout.write(renderToStaticMarkup(createElement(ErrorPage, { error, retry: () => {} })));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('the error page', () => {
  it('says what happened, offers a retry and shows the digest the server logged, never the message', () => {
    const html = render({ message: 'SQLITE_CORRUPT at /data/latchkey.db', digest: '2913457789' });
    assert.match(html, /Something went wrong/);
    assert.match(html, /<button[^>]*>Try again/);
    assert.match(html, /2913457789/);
    assert.doesNotMatch(html, /SQLITE_CORRUPT|latchkey\.db/);
  });

  it('leaves the reference out when there is no digest', () => {
    assert.doesNotMatch(render({ message: 'x' }), /Reference/);
  });
});
