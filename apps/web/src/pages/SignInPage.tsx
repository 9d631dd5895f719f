import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ok, type Role } from '../api/client';
import { useSession } from '../auth/session';
import { label } from '../format';

/** Dev mode: pick one of the demo users; the API hands out a token for them. */
export function SignInPage() {
  const { signIn, endedBecause } = useSession();
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
    <main id="main" className="sign-in">
      <h1>Sign in to Groundwork</h1>
      {endedBecause && (
        <p role="alert" className="error">
          {endedBecause}
        </p>
      )}
      {users.isError && <p role="alert">This server has no demo users: sign in through your organisation's identity provider.</p>}
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
    </main>
  );
}
