// Every API call goes through here: JSON in and out, the tenant header, idempotency keys
// for writes, and failures turned into ApiError (the server's {code, message, traceId}).
import { platform } from '@platform';
import type { ErrorBody } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly traceId?: string;
  readonly details?: unknown;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.traceId = body.traceId;
    this.details = body.details;
  }
}

/** Called when the server says the session is over (401 on an authenticated call). */
let onSessionExpired: () => void = () => {};
export function setSessionExpiredHandler(handler: () => void) {
  onSessionExpired = handler;
}

export interface RequestOptions {
  /** Extra headers (e.g. X-Tenant at login). */
  headers?: Record<string, string>;
  /** Leaves a 401 to the caller instead of ending the session (login, MFA). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

async function send(method: string, path: string, body: unknown, options: RequestOptions) {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['Idempotency-Key'] = crypto.randomUUID();
  let response: Response;
  try {
    response = await platform.request({
      method,
      path,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      code: 'NETWORK',
      message: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (response.ok) return response;
  const error = await errorFrom(response);
  if (response.status === 401 && !options.anonymous) onSessionExpired();
  throw error;
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as ErrorBody;
    if (body && typeof body.message === 'string') return new ApiError(response.status, body);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, {
    code: `HTTP_${response.status}`,
    message: `The server answered ${response.status} ${response.statusText}`.trim(),
  });
}

async function json<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}) {
  const response = await send(method, path, body, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => json<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    json<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    json<T>('PUT', path, body ?? {}, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    json<T>('PATCH', path, body ?? {}, options),
  delete: <T>(path: string, options?: RequestOptions) =>
    json<T>('DELETE', path, undefined, options),
  /** Downloads a file (PDF, CSV) as a Blob. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    const response = await send('GET', path, undefined, {
      ...options,
      headers: { Accept: '*/*', ...options.headers },
    });
    return response.blob();
  },
};

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
