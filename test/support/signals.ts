import type { DeliveredSignal } from '@app/domain';
import { eventually, type TestApp } from './test-app';

/** The signals a user has received about one deal, through GET /api/signals, a page at a time. */
export async function signalsOf(app: TestApp, userId: string, dealId: string): Promise<DeliveredSignal[]> {
  const user = await app.as(userId);
  const signals: (DeliveredSignal & { position: number })[] = [];
  for (;;) {
    const page = (await user.get(`/api/signals?recipient=me&after=${signals.at(-1)?.position ?? 0}`).expect(200)).body as (DeliveredSignal & { position: number })[];
    if (page.length === 0) break;
    signals.push(...page);
  }
  return signals.filter((signal) => signal.dealId === dealId);
}

/** Waits until `userId` has received a signal about the deal that matches `match`, and returns it. */
export function signalArrives<T extends DeliveredSignal>(
  app: TestApp,
  userId: string,
  dealId: string,
  match: (signal: DeliveredSignal) => signal is T,
  timeoutMs = 30_000,
): Promise<T> {
  return eventually(
    async () => {
      const found = (await signalsOf(app, userId, dealId)).find(match);
      if (!found) throw new Error(`${userId} has not received the expected signal about ${dealId}`);
      return found;
    },
    { timeoutMs, intervalMs: 250 },
  );
}
