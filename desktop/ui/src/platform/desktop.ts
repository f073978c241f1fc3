// The desktop platform (Tauri): every request goes through the `api_request` command, so
// the session token stays in Rust and the OS keychain; JavaScript never holds it.
import { invoke } from '@tauri-apps/api/core';
import type { SessionUser } from '../api/types';
import type { ApiRequest, OfflinePreview, Platform } from './types';

interface CommandResponse {
  status: number;
  headers: [string, string][];
  bodyBase64: string;
}

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
    let answer: CommandResponse;
    try {
      answer = await invoke<CommandResponse>('api_request', {
        request: { method, path, headers: Object.entries(headers), body },
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
    return (await invoke<SessionUser | null>('restore_session')) ?? null;
  },

  async signOut() {
    await invoke('sign_out');
  },

  async saveFile(name: string, data: Blob) {
    const content = new Uint8Array(await data.arrayBuffer());
    await invoke('save_file', { name, contentBase64: base64(content) });
  },

  desktop: {
    serverSettings: () =>
      invoke<{ serverUrl: string | null; secretStore: string }>('server_settings'),
    setServerUrl: (url: string) => invoke<string>('set_server_url', { url }),
    previewPremium: (tenant: string, payload: unknown) =>
      invoke<OfflinePreview>('preview_premium', { tenant, payload }),
  },
};
