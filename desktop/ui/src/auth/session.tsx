// The signed-in user, held for the whole app. The token itself stays with the platform
// (sessionStorage on the web, the OS keychain on the desktop).
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { platform } from '@platform';
import { setSessionExpiredHandler } from '../api/client';
import type { SessionUser } from '../api/types';

interface Session {
  /** Undefined while a stored session is being restored. */
  user: SessionUser | null | undefined;
  /** Why the last session ended, shown on the login page. */
  endedBecause: string | null;
  signIn(token: string, user: SessionUser): Promise<void>;
  signOut(reason?: string): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    platform.restore().then(
      (restored) => live && setUser(restored),
      () => live && setUser(null),
    );
    return () => {
      live = false;
    };
  }, []);

  const signOut = useCallback(async (reason?: string) => {
    await platform.signOut();
    setEndedBecause(reason ?? null);
    setUser(null);
  }, []);

  const signIn = useCallback(async (token: string, next: SessionUser) => {
    await platform.signIn(token, next);
    setEndedBecause(null);
    setUser(next);
  }, []);

  useEffect(() => {
    setSessionExpiredHandler(() => {
      void signOut('Your session has ended. Please sign in again.');
    });
  }, [signOut]);

  const value = useMemo(
    () => ({ user, endedBecause, signIn, signOut }),
    [user, endedBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind RequirePermission. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
