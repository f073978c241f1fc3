// The browser platform: fetch against VITE_API_BASE_URL (same origin when unset), the token
// in sessionStorage (gone when the tab closes), downloads through an object URL.
import type { SessionUser } from '../api/types';
import type { ApiRequest, Platform } from './types';

const TOKEN_KEY = 'lattice.token';
const USER_KEY = 'lattice.user';

function apiBase(): string {
  const configured = (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? '';
  return configured.replace(/\/+$/, '');
}

export const platform: Platform = {
  kind: 'web',

  async request({ method, path, headers, body }: ApiRequest) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const all = { ...headers };
    if (token) all.Authorization = `Bearer ${token}`;
    return fetch(apiBase() + path, { method, headers: all, body });
  },

  async signIn(token: string, user: SessionUser) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },

  async restore() {
    const user = sessionStorage.getItem(USER_KEY);
    if (!user || !sessionStorage.getItem(TOKEN_KEY)) return null;
    try {
      return JSON.parse(user) as SessionUser;
    } catch {
      return null;
    }
  },

  async signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },

  async saveFile(name: string, data: Blob) {
    const url = URL.createObjectURL(data);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
