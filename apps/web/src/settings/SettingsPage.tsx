import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { Field, messagesFor } from '../components/fields';

type Flavour = Schemas['WebhookPreferenceDto']['flavour'];

/** Notification channels and out-of-office: the user's own records in the store. */
export function SettingsPage() {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <Channels />
      <OutOfOffice />
    </section>
  );
}

function Channels() {
  const current = useQuery({ queryKey: ['me', 'notifications'], queryFn: () => ok(api.GET('/api/me/notifications')) });
  if (current.error) return <p role="alert">{current.error.message}</p>;
  return current.data ? <ChannelsForm saved={current.data} /> : <p>Loading…</p>;
}

function ChannelsForm({ saved }: { saved: Schemas['NotificationPreferencesView'] }) {
  const queries = useQueryClient();
  const [email, setEmail] = useState(saved.email ?? '');
  const [url, setUrl] = useState(saved.webhook?.url ?? '');
  const [flavour, setFlavour] = useState<Flavour>(saved.webhook?.flavour ?? 'json');
  const save = useMutation({
    mutationFn: () => ok(api.PUT('/api/me/notifications', { body: { email: email.trim() || null, webhook: url.trim() ? { url: url.trim(), flavour } : null } })),
    onSuccess: (next) => queries.setQueryData(['me', 'notifications'], next),
  });
  const messages = save.error ? [save.error.message] : [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="channels-title">
      <h2 id="channels-title">Notification channels</h2>
      <p className="hint">Signals always appear here in the app; these channels are in addition.</p>
      <Field label="E-mail" errors={messagesFor(messages, 'email')}>
        <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" />
      </Field>
      <Field label="Webhook URL" errors={messagesFor(messages, 'webhook')}>
        <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} />
      </Field>
      <Field label="Webhook format">
        <select value={flavour} onChange={(event) => setFlavour(event.target.value as Flavour)}>
          <option value="json">JSON</option>
          <option value="slack">Slack</option>
          <option value="teams">Teams</option>
        </select>
      </Field>
      {save.isSuccess && <p role="status">Saved.</p>}
      {messages.length > 0 && messagesFor(messages, 'email').length + messagesFor(messages, 'webhook').length === 0 && <p role="alert">{messages[0]}</p>}
      <button type="submit" disabled={save.isPending}>
        Save channels
      </button>
    </form>
  );
}

const localInput = (iso: string) => iso.slice(0, 16);

function OutOfOffice() {
  const current = useQuery({ queryKey: ['me', 'out-of-office'], queryFn: () => ok(api.GET('/api/me/out-of-office')) });
  if (current.error) return <p role="alert">{current.error.message}</p>;
  return current.data ? <OutOfOfficeForm period={current.data.outOfOffice} /> : <p>Loading…</p>;
}

function OutOfOfficeForm({ period }: { period: Schemas['OutOfOfficeView']['outOfOffice'] }) {
  const queries = useQueryClient();
  const [from, setFrom] = useState(period ? localInput(period.from) : '');
  const [until, setUntil] = useState(period ? localInput(period.until) : '');
  const [delegate, setDelegate] = useState(period?.delegate ?? '');
  const saved = (value: Schemas['OutOfOfficeView']) => queries.setQueryData(['me', 'out-of-office'], value);
  const save = useMutation({
    mutationFn: () => ok(api.PUT('/api/me/out-of-office', { body: { from: from ? new Date(from).toISOString() : '', until: until ? new Date(until).toISOString() : '', delegate } })),
    onSuccess: saved,
  });
  const clear = useMutation({ mutationFn: () => ok(api.DELETE('/api/me/out-of-office')), onSuccess: saved });
  const messages = save.error ? [save.error.message] : [];
  return (
    <form
      aria-labelledby="ooo-title"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="ooo-title">Out of office</h2>
      <p role="status">{period ? `Away from ${new Date(period.from).toLocaleString()} until ${new Date(period.until).toLocaleString()}; new tasks go to ${period.delegate}.` : 'In office.'}</p>
      <Field label="Away from" errors={messagesFor(messages, 'from')}>
        <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
      </Field>
      <Field label="Until" errors={messagesFor(messages, 'until')}>
        <input type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} />
      </Field>
      <Field label="Delegate (user ID)" hint="Receives the tasks that arrive meanwhile" errors={messagesFor(messages, 'delegate')}>
        <input value={delegate} onChange={(event) => setDelegate(event.target.value)} />
      </Field>
      {messages.length > 0 && ['from', 'until', 'delegate'].every((field) => messagesFor(messages, field).length === 0) && <p role="alert">{messages[0]}</p>}
      <button type="submit" disabled={save.isPending}>
        Save out-of-office
      </button>
      {period && (
        <button type="button" onClick={() => clear.mutate()} disabled={clear.isPending}>
          Back in office
        </button>
      )}
    </form>
  );
}
