import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DigestActivities, DirectorsDigestInput, DirectorsDigestResult } from './digest.contract';

const { digestRecipients } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { sendDigest } = proxyActivities<DigestActivities>({
  // Reads, one insert and at most one SMTP exchange (bounded at about a minute).
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const RECIPIENTS_PER_PAGE = 100;
/** About 4 history events per director: a run stays far below Temporal's limits, then continues as new. */
const PAGES_PER_RUN = 10;
/** Digests composed at once: a burst the store and the SMTP server take in their stride. */
const AT_ONCE = 5;

/** Sends every director their digest of the week before `until`; a Schedule starts it weekly. */
export async function directorsDigestWorkflow(input: DirectorsDigestInput = {}): Promise<DirectorsDigestResult> {
  // When the run started: the period's end, the same on every replay and activity retry of the run.
  const until = input.until ?? workflowInfo().startTime.toISOString();
  let { after } = input;
  let sent: DirectorsDigestResult = input.sent ?? { until, digests: 0, mailed: 0 };
  for (let page = 0; page < PAGES_PER_RUN; page += 1) {
    const recipients = await digestRecipients({ until, ...(after === undefined ? {} : { after }), limit: RECIPIENTS_PER_PAGE });
    for (let index = 0; index < recipients.length; index += AT_ONCE) {
      const results = await Promise.all(recipients.slice(index, index + AT_ONCE).map((recipient) => sendDigest({ recipient, until })));
      sent = { until, digests: sent.digests + results.length, mailed: sent.mailed + results.filter((result) => result.mailed).length };
    }
    if (recipients.length < RECIPIENTS_PER_PAGE) return sent;
    after = recipients.at(-1);
  }
  return continueAsNew<typeof directorsDigestWorkflow>({ until, ...(after === undefined ? {} : { after }), sent });
}
