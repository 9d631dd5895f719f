import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, idempotencyKey, ok, type Schemas } from '../api/client';
import { useMe, useSession } from '../auth/session';
import { Field, useDraft } from '../components/fields';
import { dateTime, label, relativeTime, useNow } from '../format';
import { TaskForm, initialDraft, problemsOf, resultOf, type Draft } from './task-forms';

type Deal = Schemas['DealView'];
type Task = Schemas['TaskView'];

export function useDeal(dealId: string) {
  // The pages show the incidents still to handle; a relationship of years has thousands of others.
  return useQuery({ queryKey: ['deal', dealId], queryFn: () => ok(api.GET('/api/deals/{dealId}', { params: { path: { dealId }, query: { incidents: 'unresolved' } } })) });
}

export function TaskPage() {
  const { dealId = '', taskId = '' } = useParams();
  const deal = useDeal(dealId);
  if (deal.isPending) return <p>Loading…</p>;
  if (deal.error) return <p role="alert">{deal.error.message}</p>;
  const task = deal.data.tasks.find((candidate) => candidate.id === taskId);
  if (!task) return <p role="alert">This deal has no task {taskId}.</p>;
  return <TaskView deal={deal.data} task={task} />;
}

function TaskView({ deal, task }: { deal: Deal; task: Task }) {
  const me = useMe();
  const { has } = useSession();
  const now = useNow();
  const mine = task.status === 'open' && task.assignee === me.id;
  const mayManage = task.status === 'open' && (task.owner === me.id || has('programme-manager'));
  return (
    <article aria-labelledby="task-title">
      <p>
        <Link to={`/deals/${encodeURIComponent(deal.dealId)}`}>{deal.title}</Link> · {deal.customer.name}
      </p>
      <h1 id="task-title">
        {label(task.kind)} task <small>({task.id})</small>
      </h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{task.status}</dd>
        <dt>Assignee</dt>
        <dd>
          {task.assignee}
          {task.delegatedFrom && <> (delegated from {task.delegatedFrom})</>}
        </dd>
        <dt>Owner</dt>
        <dd>{task.owner}</dd>
        <dt>Due</dt>
        <dd>
          <time dateTime={task.dueAt}>{dateTime(task.dueAt)}</time> ({relativeTime(task.dueAt, now)})
        </dd>
        <dt>Level</dt>
        <dd>{label(task.level)}</dd>
      </dl>
      {task.note && <p className="note">{task.note}</p>}
      <Ladder task={task} />
      {mine ? <CompleteTask deal={deal} task={task} /> : task.status === 'open' && <p>This task is {task.assignee}'s to complete.</p>}
      {mayManage && <ManageTask deal={deal} task={task} />}
      <Comments deal={deal} task={task} />
    </article>
  );
}

export function Ladder({ task }: { task: Task }) {
  return (
    <section aria-label="Escalation ladder">
      <h2>Escalation ladder</h2>
      <ol className="ladder">
        <li className={task.ladder.reminded ? 'reached' : ''}>
          Reminder at <time dateTime={task.ladder.remindAt}>{dateTime(task.ladder.remindAt)}</time>
          {task.ladder.reminded && ' (sent)'}
        </li>
        {task.ladder.steps.map((step) => (
          <li key={`${step.level}-${step.at}`} className={step.reached ? 'reached' : ''}>
            {label(step.level)}: tell the {step.notify} at <time dateTime={step.at}>{dateTime(step.at)}</time>
            {step.reached && ' (reached)'}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Keeps one Idempotency-Key per submitted value, so a resend after a timeout applies it once. */
function useCommandKey() {
  const key = useRef<string | null>(null);
  return { current: () => (key.current ??= idempotencyKey()), done: () => (key.current = null) };
}

function CompleteTask({ deal, task }: { deal: Deal; task: Task }) {
  const me = useMe();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`groundwork.draft.${me.id}.${deal.dealId}.${task.id}`, initialDraft(task.kind, deal));
  const [touched, setTouched] = useState(false);
  const key = useCommandKey();
  const complete = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/deals/{dealId}/tasks/{taskId}/complete', {
          params: { path: { dealId: deal.dealId, taskId: task.id }, header: { 'Idempotency-Key': key.current() } },
          body: resultOf(task.kind, draft, task.questions) as never,
        }),
      ),
    onSuccess: async () => {
      key.done();
      clearDraft();
      await queries.invalidateQueries({ queryKey: ['tasks'] });
      await queries.invalidateQueries({ queryKey: ['deal', deal.dealId] });
      await navigate('/tasks', { state: { done: `${label(task.kind)} task on ${deal.title} completed` } });
    },
    // A refusal applied nothing: the next submit is a new command. After no answer at all the key
    // stays, so sending again cannot apply the result twice.
    onError: (error) => {
      if (error instanceof ApiError && error.status < 500) key.done();
    },
  });
  const problems = problemsOf(task.kind, draft, deal, task.questions);
  const refusal = complete.error?.message;
  const change = (field: string, value: string) => {
    setTouched(true);
    setDraft({ ...draft, [field]: value });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problems.length === 0) complete.mutate();
  };
  const shown = touched ? [...problems, ...(refusal ? [refusal] : [])] : [];
  return (
    <form onSubmit={submit} aria-labelledby="complete-title" noValidate>
      <h2 id="complete-title">Your result</h2>
      <TaskForm kind={task.kind} element={task.element} deal={deal} draft={draft} change={change} messages={shown} questions={task.questions ?? []} />
      {touched && problems.length > 0 && (
        <div role="alert" className="error" data-testid="form-problems">
          <p>Before you submit:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {refusal && (
        <p role="alert" className="error" data-testid="refusal">
          The server refused: {refusal}
        </p>
      )}
      <button type="submit" disabled={complete.isPending}>
        Complete task
      </button>
    </form>
  );
}

function ManageTask({ deal, task }: { deal: Deal; task: Task }) {
  const queries = useQueryClient();
  const people = [...new Set([...deal.directors, ...deal.tacticalLeads, ...deal.operationalStaff])].filter((person) => person !== task.assignee);
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [dueAt, setDueAt] = useState(task.dueAt.slice(0, 16));
  const [dueReason, setDueReason] = useState('');
  const refresh = () => queries.invalidateQueries({ queryKey: ['deal', deal.dealId] });
  const path = { dealId: deal.dealId, taskId: task.id };
  const reassign = useMutation({
    mutationFn: () => ok(api.POST('/api/deals/{dealId}/tasks/{taskId}/reassign', { params: { path, header: { 'Idempotency-Key': idempotencyKey() } }, body: { assignee, reason } })),
    onSuccess: refresh,
  });
  const move = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/deals/{dealId}/tasks/{taskId}/due-date', { params: { path, header: { 'Idempotency-Key': idempotencyKey() } }, body: { dueAt: new Date(dueAt).toISOString(), reason: dueReason } })),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="manage-title">
      <h2 id="manage-title">Manage</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          reassign.mutate();
        }}
      >
        <Field label="Reassign to" hint="A user ID; the people on the deal are suggested" errors={reassign.error ? [reassign.error.message] : []}>
          <input list="deal-people" value={assignee} onChange={(event) => setAssignee(event.target.value)} />
        </Field>
        <datalist id="deal-people">
          {people.map((person) => (
            <option key={person} value={person} />
          ))}
        </datalist>
        <Field label="Reason for reassigning">
          <input value={reason} onChange={(event) => setReason(event.target.value)} />
        </Field>
        <button type="submit" disabled={reassign.isPending}>
          Reassign
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          move.mutate();
        }}
      >
        <Field label="New due date" errors={move.error ? [move.error.message] : []}>
          <input type="datetime-local" value={dueAt} onChange={(event) => setDueAt(event.target.value)} />
        </Field>
        <Field label="Reason for the new date">
          <input value={dueReason} onChange={(event) => setDueReason(event.target.value)} />
        </Field>
        <button type="submit" disabled={move.isPending}>
          Move due date
        </button>
      </form>
    </section>
  );
}

function Comments({ deal, task }: { deal: Deal; task: Task }) {
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/deals/{dealId}/tasks/{taskId}/comments', { params: { path: { dealId: deal.dealId, taskId: task.id }, header: { 'Idempotency-Key': idempotencyKey() } }, body: { text } })),
    onSuccess: async () => {
      setText('');
      await queries.invalidateQueries({ queryKey: ['deal', deal.dealId] });
    },
  });
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <ol className="comments">
        {(task.comments ?? []).map((comment, index) => (
          <li key={index}>
            <strong>{comment.author}</strong> <time dateTime={comment.at}>{dateTime(comment.at)}</time>
            <p>{comment.text}</p>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) add.mutate();
        }}
      >
        <Field label="Add a comment" errors={add.error ? [add.error.message] : []}>
          <textarea rows={2} value={text} onChange={(event) => setText(event.target.value)} />
        </Field>
        <button type="submit" disabled={add.isPending}>
          Comment
        </button>
      </form>
    </section>
  );
}
