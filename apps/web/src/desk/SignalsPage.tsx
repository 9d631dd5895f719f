import { useEffect } from 'react';
import { Link } from 'react-router';
import { dateTime } from '../format';
import { describeSignal, useSignalFeed } from '../live/signals';

/** Every signal the user received, newest first; opening the page marks them read. */
export function SignalsPage() {
  const { signals, markAllRead } = useSignalFeed();
  useEffect(() => markAllRead(), [markAllRead, signals.length]);
  return (
    <section aria-labelledby="signals-title">
      <h1 id="signals-title">Signals</h1>
      {signals.length === 0 && <p>No signals yet.</p>}
      <ol className="cards" reversed>
        {[...signals].reverse().map((signal) => (
          <li key={signal.id} className="card">
            <Link to={signal.taskId ? `/deals/${encodeURIComponent(signal.dealId)}/tasks/${encodeURIComponent(signal.taskId)}` : `/deals/${encodeURIComponent(signal.dealId)}`}>{describeSignal(signal)}</Link>
            <time dateTime={signal.at}>{dateTime(signal.at)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
