import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { api, ok, setBearer, type Role, type Schemas } from '../api/client';
import { oidcClient } from './oidc';

const TOKEN_KEY = 'groundwork.token';

interface SessionValue {
  me: Schemas['MeView'] | null;
  /** How this server signs people in (dev picker or OIDC issuer). */
  settings: Schemas['AuthSettingsView'];
  /** Why the last session ended, when it was not the user's choice. */
  endedBecause: string | null;
  signIn: (token: string) => void;
  /** Ends the session here; a user's own sign-out also ends it at the issuer. */
  signOut: (reason?: string) => void;
  has: (role: Role) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds the bearer token for this browser tab (sessionStorage) and who it belongs to. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const { data: settings, error: settingsError } = useQuery({ queryKey: ['auth-settings'], queryFn: () => ok(api.GET('/api/auth/settings')), staleTime: Infinity });
  const signOut = useCallback(
    (reason?: string) => {
      sessionStorage.removeItem(TOKEN_KEY);
      setBearer(null, () => undefined);
      setToken(null);
      setEndedBecause(reason ?? null);
      queries.clear();
      const webSignIn = settings?.webSignIn;
      if (webSignIn) {
        const client = oidcClient(webSignIn);
        // Signing out ends the session at the issuer too; an expired one only here.
        void (reason === undefined ? client.signoutRedirect() : client.removeUser());
      }
    },
    [queries, settings],
  );
  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    setEndedBecause(null);
    setToken(next);
  }, []);
  setBearer(token, () => signOut('Your session has expired. Sign in again.'));

  const { data: me } = useQuery({
    queryKey: ['me', token],
    queryFn: () => ok(api.GET('/api/me')),
    enabled: token !== null,
    staleTime: Infinity,
  });

  const value = useMemo<SessionValue | null>(
    () => (settings ? { settings, me: token ? (me ?? null) : null, endedBecause, signIn, signOut, has: (role) => me?.roles.includes(role) ?? false } : null),
    [settings, token, me, endedBecause, signIn, signOut],
  );
  if (settingsError) return <p role="alert">The server is not answering ({settingsError.message}); reload to try again.</p>;
  if (!value || (token && !me)) return <p className="loading">Loading…</p>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind the sign-in. */
export function useMe(): Schemas['MeView'] {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
