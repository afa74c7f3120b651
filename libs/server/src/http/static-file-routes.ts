import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { HttpError } from './http-error';
import type { HttpResponse, Route } from './http-types';

/** Where a single-page app's built files are, and which paths are never the app's. */
export interface StaticFileOptions {
  /** The build output directory (holds `index.html`, hashed files under `assets/`). */
  root: string;
  /** Path prefixes that belong to APIs: an unknown path under them is a JSON 404, not the app. */
  apiPrefixes: readonly string[];
  /** Said on `/` (and every app path) when `root` has no `index.html`, e.g. how to build it. */
  missingHint: string;
}

/** API prefixes of every Prism service, for `staticFileRoutes`. */
export const prismApiPrefixes: readonly string[] = ['/api/', '/v1/', '/admin/', '/healthz', '/readyz', '/metrics'];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

// Vite writes content-hashed names under assets/: a new build never reuses a name, so browsers may keep them.
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * GET routes serving a built single-page app from `root`: `/` and any other path that is not an
 * API's. A file that exists is served with its content type (`assets/…` cached for a year as
 * immutable, everything else `no-cache`); an unknown path without a file extension gets
 * `index.html` (the app routes it); `..`, encoded or not, never leaves `root` (400).
 *
 * @example createRouter([...apiRoutes, ...staticFileRoutes({ root: 'dist/apps/explorer', apiPrefixes: prismApiPrefixes, missingHint: 'run nx run explorer:build' })])
 */
export function staticFileRoutes(options: StaticFileOptions): Route[] {
  const root = resolve(options.root);
  const serve = async (path: string): Promise<HttpResponse> => {
    if (options.apiPrefixes.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix)) {
      throw new HttpError(404, 'not_found', `No endpoint at ${path}`);
    }
    const relative = safeRelativePath(path);
    const file = relative === '' ? undefined : await readIfFile(join(root, relative));
    if (file !== undefined) return fileResponse(relative, file);
    if (extname(relative) !== '') throw new HttpError(404, 'not_found', `No file at ${path}`);
    const index = await readIfFile(join(root, 'index.html'));
    if (index === undefined) return notBuilt(root, options.missingHint);
    return fileResponse('index.html', index);
  };
  return [
    { method: 'GET', path: '/', handler: () => serve('/') },
    { method: 'GET', path: '/*', handler: (request) => serve(request.path) },
  ];
}

/** The request path as segments under the root, decoded; refuses anything that could climb out of it. */
function safeRelativePath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  const decoded = segments.map((segment) => {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      throw new HttpError(400, 'bad_path', `Malformed percent-encoding in path segment "${segment}"`);
    }
    if (value === '..' || value === '.' || value.includes('/') || value.includes('\\') || value.includes('\0')) {
      throw new HttpError(400, 'bad_path', `Path segment "${segment}" is not allowed`);
    }
    return value;
  });
  return decoded.join(sep);
}

async function readIfFile(path: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return await readFile(path);
  } catch {
    return undefined;
  }
}

function fileResponse(relative: string, body: Buffer): HttpResponse {
  const hashed = relative.startsWith(`assets${sep}`);
  return {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[extname(relative).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': hashed ? IMMUTABLE : 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

function notBuilt(root: string, hint: string): HttpResponse {
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' },
    body: `Nothing to serve here yet: there is no index.html in ${root}.\n${hint}\n`,
  };
}
