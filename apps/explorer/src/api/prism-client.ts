/** An API answer other than 2xx, with the message of Prism's JSON error body when there is one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the query API on this origin with the signed-in key in `x-api-key` (never in the URL). */
export interface PrismClient {
  get<T>(path: string, params?: URLSearchParams): Promise<T>;
  query<T = DslResponse>(body: object): Promise<T>;
}

/** The DSL's response (`POST /api/v1/query`). */
export interface DslResponse {
  columns: string[];
  rows: Array<Record<string, unknown>>;
  explain?: Record<string, unknown>;
}

/** A client for `apiKey`; `baseUrl` is empty for the page's own origin. */
export function prismClient(apiKey: string, baseUrl = ''): PrismClient {
  const call = async <T>(path: string, init: RequestInit): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(baseUrl + path, { ...init, headers: { ...init.headers, 'x-api-key': apiKey, accept: 'application/json' } });
    } catch (error) {
      throw new ApiError(0, 'network', `Prism is not reachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text();
    if (!response.ok) throw errorOf(response.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    get: (path, params) => call(params === undefined || [...params.keys()].length === 0 ? path : `${path}?${params.toString()}`, { method: 'GET' }),
    query: (body) => call('/api/v1/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

/** The error of a non-2xx answer: a 401 says the key was refused; otherwise Prism's `{ error: { code, message } }`. */
export function errorOf(status: number, body: string): ApiError {
  let code = 'http_error';
  let message = `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    if (parsed.error?.code !== undefined) code = parsed.error.code;
    if (parsed.error?.message !== undefined) message = parsed.error.message;
  } catch {
    if (body.trim() !== '') message = body.trim().slice(0, 300);
  }
  if (status === 401) return new ApiError(401, code, `The API key was not accepted (401): ${message}`);
  return new ApiError(status, code, `${message} (HTTP ${status})`);
}
