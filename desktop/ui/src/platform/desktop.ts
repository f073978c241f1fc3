// The desktop platform (Tauri): every request goes through the `api_request` command, so
// the session token stays in Rust and the OS keychain; JavaScript never holds it.
// The command calls and their types come from Rust (`commands.gen.ts`, checked for drift
// by `cargo test -p lattice-desktop --test bindings`).
import type { SessionUser } from '../api/types';
import { type ApiResponse, type Value, commands } from './commands.gen';
import type { ApiRequest, Platform } from './types';

function bytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i);
  return out;
}

function base64(data: Uint8Array): string {
  let text = '';
  for (let i = 0; i < data.length; i += 0x8000) {
    text += String.fromCharCode(...data.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** Statuses whose responses may not carry a body. */
const NO_BODY = new Set([204, 205, 304]);

export const platform: Platform = {
  kind: 'desktop',

  async request({ method, path, headers, body }: ApiRequest) {
    let answer: ApiResponse;
    try {
      answer = await commands.apiRequest({
        method,
        path,
        headers: Object.entries(headers),
        body: body ?? null,
      });
    } catch (message) {
      // The command's own failures (no server set, unreachable) read like fetch's.
      throw new TypeError(String(message));
    }
    const content = NO_BODY.has(answer.status) ? null : bytes(answer.bodyBase64);
    return new Response(content, { status: answer.status, headers: answer.headers });
  },

  async signIn(_token: string, _user: SessionUser) {
    // The token was kept by Rust when the sign-in answer passed through `api_request`.
  },

  async restore() {
    // The server's own user object, kept by Rust as it arrived at sign-in.
    return ((await commands.restoreSession()) as SessionUser | null) ?? null;
  },

  async signOut() {
    await commands.signOut();
  },

  async saveFile(name: string, data: Blob) {
    const content = new Uint8Array(await data.arrayBuffer());
    await commands.saveFile(name, base64(content));
  },

  desktop: {
    serverSettings: commands.serverSettings,
    setServerUrl: commands.setServerUrl,
    previewPremium: (tenant: string, payload: unknown) =>
      commands.previewPremium(tenant, payload as Value),
  },
};
