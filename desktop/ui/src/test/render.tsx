// Renders a page as the app would (session, router) with a stubbed API: `routes` maps
// "METHOD /path" (an exact "METHOD /path?query" wins over the bare path) to a JSON body,
// `status(code, body)`, `pending`, a Blob, or a function of the request returning one of
// those. Unmatched requests fail the test loudly.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import type { SessionUser } from '../api/types';
import { RequirePermission } from '../auth/RequirePermission';
import { SessionProvider } from '../auth/session';

export type Reply = unknown;

export interface Seen {
  method: string;
  path: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

/** Marks a reply with a status other than 200. */
export function status(code: number, body: unknown) {
  return { __status: code, body };
}

/** A never-settling reply, to see loading states. */
export const pending = { __pending: true };

export function stubApi(routes: Record<string, Reply>) {
  const seen: Seen[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? safeJson(init.body) : undefined;
    const req: Seen = {
      method,
      path: url.pathname,
      url: url.pathname + url.search,
      body,
      headers: (init?.headers as Record<string, string>) ?? {},
    };
    seen.push(req);
    const reply =
      routes[`${method} ${url.pathname}${url.search}`] ?? routes[`${method} ${url.pathname}`];
    if (reply === undefined) {
      throw new Error(`unexpected request in test: ${method} ${url.pathname}${url.search}`);
    }
    let value = typeof reply === 'function' ? (reply as (r: Seen) => unknown)(req) : reply;
    value = await value;
    if (value && typeof value === 'object' && '__pending' in value) {
      return new Promise<Response>(() => {});
    }
    if (value && typeof value === 'object' && '__status' in value) {
      const { __status, body: b } = value as { __status: number; body: unknown };
      return jsonResponse(b, __status);
    }
    if (value instanceof Blob) return new Response(await bytesOf(value), { status: 200 });
    return jsonResponse(value, 200);
  });
  vi.stubGlobal('fetch', fetchStub);
  return seen;
}

/** jsdom's Blob is not Node's: read it through jsdom's FileReader. */
function bytesOf(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** The text of a Blob a page saved (downloads in tests): Node's or jsdom's. */
export async function textOf(blob: Blob): Promise<string> {
  const nodeBlob = blob as unknown as { arrayBuffer(): Promise<ArrayBuffer> };
  const bytes = blob instanceof Blob ? await bytesOf(blob) : await nodeBlob.arrayBuffer();
  return new TextDecoder().decode(bytes);
}

function jsonResponse(body: unknown, code: number) {
  return new Response(code === 204 ? null : JSON.stringify(body ?? null), {
    status: code,
    headers: { 'Content-Type': 'application/json' },
  });
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function user(roles: string[], permissions: string[], extra: Partial<SessionUser> = {}) {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: roles[0] === 'customer' ? 'pat' : `${roles[0]}1`,
    tenantId: 'sample-carrier',
    roles,
    permissions,
    ...extra,
  } satisfies SessionUser;
}

export const agent = user(
  ['agent'],
  ['menu.search.view', 'page.search.view', 'page.wizard.view', 'page.policy.view'],
);
export const underwriter = user(
  ['underwriter'],
  [
    ...agent.permissions,
    'menu.uw_queue.view',
    'page.uw_queue.view',
    'uw.referrals.read',
    'uw.referrals.decide',
  ],
);
export const admin = user(['admin'], []);
export const customer = user(
  ['customer'],
  ['menu.portal.view', 'page.portal.view', 'customer.portal.read'],
  { customerName: 'Pat Doe', customerId: '00000000-0000-4000-8000-0000000000c1' },
);

/**
 * Renders `element` at `path` (matched by `pattern`, for params) as `signedIn`.
 * The session is restored from sessionStorage as the web platform does; without
 * `signedIn` the page is rendered unguarded (the login page).
 */
export function renderAt(
  element: ReactNode,
  { path = '/', pattern = '*', signedIn }: { path?: string; pattern?: string; signedIn?: SessionUser },
) {
  if (signedIn) {
    sessionStorage.setItem('lattice.token', 'test-token');
    sessionStorage.setItem('lattice.user', JSON.stringify(signedIn));
  }
  return render(
    <SessionProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route
            path={pattern}
            element={signedIn ? <RequirePermission>{element}</RequirePermission> : element}
          />
          <Route path="/login" element={<p>login page</p>} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
      </MemoryRouter>
    </SessionProvider>,
  );
}
