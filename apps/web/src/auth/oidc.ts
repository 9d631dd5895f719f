import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { Schemas } from '../api/client';

export type WebSignIn = Schemas['WebSignInView'];

let manager: { key: string; value: UserManager } | undefined;

/** The OIDC client for the issuer the API names: authorization code with PKCE, tokens in this tab only. */
export function oidcClient(settings: WebSignIn): UserManager {
  const key = `${settings.issuer} ${settings.clientId}`;
  if (manager?.key !== key) {
    const origin = window.location.origin;
    manager = {
      key,
      value: new UserManager({
        authority: settings.issuer,
        client_id: settings.clientId,
        redirect_uri: `${origin}/auth/callback`,
        post_logout_redirect_uri: `${origin}/`,
        response_type: 'code',
        scope: settings.scope,
        // An expired access token ends the session with a message; the user signs in again.
        automaticSilentRenew: false,
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      }),
    };
  }
  return manager.value;
}

let callback: Promise<{ accessToken: string; returnTo: string }> | undefined;

/** Finishes the sign-in at /auth/callback once, however often React mounts the page. */
export function completeSignIn(settings: WebSignIn): Promise<{ accessToken: string; returnTo: string }> {
  callback ??= oidcClient(settings)
    .signinRedirectCallback()
    .then((user) => ({ accessToken: user.access_token, returnTo: (user.state as { returnTo?: string } | undefined)?.returnTo ?? '/tasks' }));
  return callback;
}
