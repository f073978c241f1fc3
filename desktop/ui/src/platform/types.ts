// What the UI needs from where it runs. The web build talks to the API with `fetch` and
// keeps the session token in the tab's sessionStorage; the desktop build (Tauri) keeps the
// token in Rust and the OS keychain and sends every request through a Rust command.
import type { SessionUser } from '../api/types';
import type { OfflinePreview, ServerSettings } from './commands.gen';

export type { OfflinePreview, ServerSettings };

export interface ApiRequest {
  method: string;
  /** Path from the API root, e.g. `/api/v1/policies?page=1`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What only the desktop app offers. */
export interface DesktopExtras {
  /** The API server's address and where the token is kept. */
  serverSettings(): Promise<ServerSettings>;
  /** Checks and saves the server address (https, or http on localhost). */
  setServerUrl(url: string): Promise<string>;
  /** Rates a quote payload on this machine with the built-in products (a preview). */
  previewPremium(tenant: string, payload: unknown): Promise<OfflinePreview>;
}

export interface Platform {
  kind: 'web' | 'desktop';
  /** Present in the desktop app only. */
  desktop?: DesktopExtras;
  /** Sends a request, adding the session's credentials. */
  request(request: ApiRequest): Promise<Response>;
  /** Starts a session from a login answer. */
  signIn(token: string, user: SessionUser): Promise<void>;
  /** The signed-in user, if a session survives (a reload, a restart). */
  restore(): Promise<SessionUser | null>;
  /** Ends the session and forgets its token. */
  signOut(): Promise<void>;
  /** Hands a downloaded file to the user (a browser download, a native save dialog). */
  saveFile(name: string, data: Blob): Promise<void>;
}
