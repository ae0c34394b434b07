// Requests to the gateway's API (/api/v1, same origin). A refused request
// becomes an ApiError carrying the problem the gateway answered (its title
// and detail already in the chosen language); a request that never reached
// the gateway becomes a NetworkError, which the offline queue keeps.
import { acceptLanguage } from './i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title || `HTTP ${status}`);
  }
}

export class NetworkError extends Error {}

let csrf = localStorage.getItem('jxc.csrf') ?? '';

/** The token writes of this session send in X-CSRF-Token (from the login). */
export function setCsrf(token: string) {
  csrf = token;
  if (token) localStorage.setItem('jxc.csrf', token);
  else localStorage.removeItem('jxc.csrf');
}

/** Called when the gateway answers 401: the session is gone. */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(f: () => void) {
  onUnauthenticated = f;
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage() };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new NetworkError((e as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    if (res.status === 401 && path !== '/session') onUnauthenticated();
    const p = (body ?? {}) as { code?: string; title?: string; detail?: string };
    throw new ApiError(res.status, p.code ?? '', p.title ?? res.statusText, p.detail ?? '');
  }
  return body as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });
export const post = <T>(path: string, body?: unknown, idempotencyKey?: string) =>
  api<T>('POST', path, { body, idempotencyKey });

/** A query string from the defined entries: q({sku: 'A', lot: undefined}) → "?sku=A". */
export function q(params: Record<string, string | number | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
}
