import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ok, type Role } from '../api/client';
import { completeSignIn, oidcClient, type WebSignIn } from '../auth/oidc';
import { useSession } from '../auth/session';
import { label } from '../format';

/** Sign-in as the server offers it: at the organisation's OIDC issuer, or (dev mode) as a demo user. */
export function SignInPage() {
  const { settings, endedBecause } = useSession();
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Groundwork</h1>
      {endedBecause && (
        <p role="alert" className="error">
          {endedBecause}
        </p>
      )}
      {settings.mode === 'dev' ? (
        <DemoUserPicker />
      ) : settings.webSignIn ? (
        <IssuerSignIn webSignIn={settings.webSignIn} />
      ) : (
        <p role="alert">This server takes tokens from your organisation's systems; it offers no sign-in page (AUTH_OIDC_CLIENT_ID is not set).</p>
      )}
    </main>
  );
}

function IssuerSignIn({ webSignIn }: { webSignIn: WebSignIn }) {
  const location = useLocation();
  const [failure, setFailure] = useState<string | null>(null);
  const start = () =>
    oidcClient(webSignIn)
      .signinRedirect({ state: { returnTo: `${location.pathname}${location.search}` } })
      .catch((error: unknown) => setFailure(`The identity provider did not answer: ${(error as Error).message}`));
  return (
    <>
      <p>You sign in at your organisation's identity provider ({new URL(webSignIn.issuer).host}).</p>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <button type="button" onClick={() => void start()}>
        Sign in with your organisation
      </button>
    </>
  );
}

/** /auth/callback: the issuer sends the browser back here with a code, which becomes the session's token. */
export function AuthCallback() {
  const { settings, signIn } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!settings.webSignIn) return;
    completeSignIn(settings.webSignIn).then(
      ({ accessToken, returnTo }) => {
        signIn(accessToken);
        void navigate(returnTo, { replace: true });
      },
      (error: unknown) => setFailure((error as Error).message),
    );
  }, [settings, signIn, navigate]);
  return (
    <main id="main" className="sign-in">
      <h1>Signing in…</h1>
      {failure && (
        <p role="alert" className="error">
          The sign-in did not complete: {failure}
        </p>
      )}
    </main>
  );
}

function DemoUserPicker() {
  const { signIn } = useSession();
  const users = useQuery({ queryKey: ['dev-users'], queryFn: () => ok(api.GET('/api/auth/dev-users')), retry: false });
  const [userId, setUserId] = useState('');
  const login = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/auth/dev-login', { body: { userId: id } })),
    onSuccess: ({ token }) => signIn(token),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userId) login.mutate(userId);
  };
  const roles = (list: Role[]) => list.map(label).join(', ');

  return (
    <>
      {users.isError && <p role="alert">The demo users could not be loaded: {users.error.message}</p>}
      {users.data && (
        <form onSubmit={submit}>
          <fieldset>
            <legend>Demo user</legend>
            {users.data.map((user) => (
              <label key={user.id} className="choice">
                <input type="radio" name="user" value={user.id} checked={userId === user.id} onChange={() => setUserId(user.id)} />
                {user.name} <small>({roles(user.roles)})</small>
              </label>
            ))}
          </fieldset>
          {login.error && (
            <p role="alert" className="error">
              {login.error.message}
            </p>
          )}
          <button type="submit" disabled={!userId || login.isPending}>
            Sign in
          </button>
        </form>
      )}
    </>
  );
}
