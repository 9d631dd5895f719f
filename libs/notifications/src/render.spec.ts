import type { GoNoGoSignal } from '@app/domain';
import {
  goNoGoSignal,
  incidentEscalationSignal,
  notificationOf,
  reminderSignal,
  taskEscalationSignal,
} from './notification.fixtures';
import { formatTime, renderEmail, renderWebhookPayload, type SlackBlock } from './render';

/** The visible text of an HTML document, roughly: tags dropped, the entities we use decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function slackTexts(blocks: SlackBlock[]): string {
  return blocks
    .flatMap((block) => {
      if (block.type === 'header') return [block.text.text];
      if (block.type === 'context') return block.elements.map((element) => element.text);
      if (block.type === 'section') return 'fields' in block ? block.fields.map((field) => field.text) : [block.text.text];
      return [];
    })
    .join('\n');
}

describe('renderEmail', () => {
  it('renders the go/no-go report: decision, recommendation, every finding and the open incidents', () => {
    const email = renderEmail(notificationOf(goNoGoSignal));

    expect(email.subject).toBe('[Groundwork] Go/no-go: GO for Warehouse logistics for Acme');
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body).toContain('Hello Dana Director,');
      expect(body).toContain('mm.mark decided GO for the deal “Warehouse logistics for Acme”, as recommended.');
      expect(body).toContain('All four elements work on the floor; the EDI link is planned.');
      expect(body).toContain('GO on conditions, from the conditional element (Systems).');
      expect(body).toContain('Condition: EDI link to the warehouse system before go-live');
      expect(body).toContain('Business processes: feasible');
      expect(body).toContain('Walked through a full week of orders with both floor teams.');
      expect(body).toContain('Organisation: feasible');
      expect(body).toContain('Systems: conditional');
      expect(body).toContain('The order feed works; the warehouse system needs an EDI link.');
      expect(body).toContain('People: feasible');
      expect(body).toContain('Major: Pilot scanner drops orders');
      expect(body).toContain('inc-1, acknowledged, at the tactical level');
      expect(body).toContain('2026-11-22 09:30 UTC');
      expect(body).toContain('Open the deal in Groundwork');
    }
    expect(email.text).toContain('Open the deal in Groundwork: https://groundwork.example.com/deals/acme-logistics');
    expect(email.text).toContain('Decision:       GO');
    expect(email.text).toContain('FINDINGS');
    expect(email.html).toContain('<a href="https://groundwork.example.com/deals/acme-logistics">');
  });

  it('carries the customer’s co-signatures and the advisors’ advice of a two-sided exploration', () => {
    const signal: GoNoGoSignal = {
      ...goNoGoSignal,
      findings: goNoGoSignal.findings.map((finding) => ({ ...finding, coSignedBy: 'op.cas' })),
      advice: [{ by: 'adv.ada', at: '2026-11-21T10:00:00.000Z', text: 'Pilot the night shift first.', element: 'processes' }],
    };
    const email = renderEmail(notificationOf(signal));
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body.match(/Co-signed by op\.cas/g)).toHaveLength(4);
      expect(body).toContain('adv.ada on Business processes');
      expect(body).toContain('Pilot the night shift first.');
    }
    expect(renderEmail(notificationOf(goNoGoSignal)).text).not.toContain('Advice from outside advisors');
  });

  it('says when a no-go goes against the recommendation and that the deal stops', () => {
    const signal: GoNoGoSignal = {
      ...goNoGoSignal,
      decision: 'no-go',
      substantiation: 'The EDI link cannot be built before the season.',
      openIncidents: [],
    };
    const email = renderEmail(notificationOf(signal));

    expect(email.subject).toBe('[Groundwork] Go/no-go: NO-GO for Warehouse logistics for Acme');
    expect(email.text).toContain('against the recommendation (GO)');
    expect(email.text).toContain('The deal stops here and is abandoned');
    expect(email.text).toContain('No open incidents.');
    expect(visibleText(email.html)).toContain('No open incidents.');
  });

  it('renders a reminder with the task and its due time', () => {
    const email = renderEmail(notificationOf(reminderSignal, { id: 'd-2:op.otto', recipient: { userId: 'op.otto' } }));

    expect(email.subject).toBe('[Groundwork] Reminder: exploration of systems due 2026-11-22 17:00 UTC for Warehouse logistics for Acme');
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body).toContain('Hello,');
      expect(body).toContain('Your task systems-3 (exploration of systems) on the deal “Warehouse logistics for Acme” is due at 2026-11-22 17:00 UTC.');
      expect(body).toContain('op.otto');
    }
  });

  it('renders a task escalation: what, level and why', () => {
    const email = renderEmail(notificationOf(taskEscalationSignal, { recipient: { userId: 'mm.mark' } }));

    expect(email.subject).toBe('[Groundwork] Escalation to tactical level: overdue exploration of systems on Warehouse logistics for Acme');
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body).toContain('Task systems-3 (exploration of systems)');
      expect(body).toContain('assigned to op.otto');
      expect(body).toContain('Tactical');
      expect(body).toContain('Not done by its due time (2026-11-22 17:00 UTC)');
    }
  });

  it('renders an incident escalation: what, level and why', () => {
    const email = renderEmail(notificationOf(incidentEscalationSignal));

    expect(email.subject).toBe('[Groundwork] Escalation to strategic level: critical incident not resolved on Warehouse logistics for Acme');
    for (const body of [email.text, visibleText(email.html)]) {
      expect(body).toContain('The critical incident “Orders stuck in the EDI queue” (inc-7)');
      expect(body).toContain('Incident inc-7: Orders stuck in the EDI queue');
      expect(body).toContain('Strategic');
      expect(body).toContain('Not resolved within the service level');
    }
  });

  it('escapes every user text in the HTML and keeps it verbatim in the text part', () => {
    const title = '<script>alert("x")</script> Tom & Jerry\'s deal';
    const signal: GoNoGoSignal = {
      ...goNoGoSignal,
      dealTitle: title,
      decidedBy: '<b>mm.mark</b>',
      substantiation: 'Line one & <img src=x onerror=alert(1)>\nline two',
      findings: goNoGoSignal.findings.map((finding) => ({ ...finding, conditions: ['<i>cond</i>'] })),
      openIncidents: [{ id: 'inc-<1>', severity: 'minor', title: '"quoted" <tag>', status: 'open', level: 'operational' }],
    };
    const email = renderEmail(
      notificationOf(signal, { recipient: { userId: 'dir.dana', name: '<Dana>' }, links: { deal: 'https://x.example/deal?a=1&b="2"' } }),
    );

    expect(email.html).not.toMatch(/<script|<img|<b>|<i>|<tag>|<Dana>|<1>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s deal');
    expect(email.html).toContain('Line one &amp; &lt;img src=x onerror=alert(1)&gt;<br>line two');
    expect(email.html).toContain('Hello &lt;Dana&gt;,');
    expect(email.html).toContain('href="https://x.example/deal?a=1&amp;b=%222%22"');
    expect(email.html).toContain(`<title>${'[Groundwork] Go/no-go: GO for &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s deal'}</title>`);
    expect(email.subject).toBe(`[Groundwork] Go/no-go: GO for ${title}`);
    expect(email.text).toContain(title);
    expect(email.text).toContain('Line one & <img src=x onerror=alert(1)>');
  });

  it('leaves out a deal link that is not http(s)', () => {
    const email = renderEmail(notificationOf(reminderSignal, { links: { deal: 'javascript:alert(1)' } }));

    expect(email.html).not.toContain('javascript:');
    expect(email.html).not.toContain('<a ');
    expect(email.text).not.toContain('javascript:');
  });

  it('keeps line breaks out of the subject', () => {
    const email = renderEmail(notificationOf({ ...reminderSignal, dealTitle: 'Two\r\nlines' }));
    expect(email.subject).toContain('Two lines');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('renderWebhookPayload', () => {
  it('gives Slack a text and mrkdwn sections with the report', () => {
    const payload = renderWebhookPayload(notificationOf(goNoGoSignal), 'slack');

    expect(payload.text).toContain('mm.mark decided GO for the deal “Warehouse logistics for Acme”');
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Go/no-go decided: GO', emoji: false } });
    for (const block of payload.blocks) {
      expect(['header', 'section', 'context', 'divider']).toContain(block.type);
      if (block.type === 'section' && 'text' in block) expect(block.text.type).toBe('mrkdwn');
      if (block.type === 'section' && 'text' in block) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'section' && 'fields' in block) expect(block.fields.length).toBeLessThanOrEqual(10);
    }
    expect(payload.blocks.length).toBeLessThanOrEqual(50);
    const texts = slackTexts(payload.blocks);
    expect(texts).toContain('*Decision*\nGO');
    expect(texts).toContain('• *Systems: conditional*\nThe order feed works; the warehouse system needs an EDI link.');
    expect(texts).toContain('• *Major: Pilot scanner drops orders*');
    expect(texts).toContain('<https://groundwork.example.com/deals/acme-logistics|Open the deal in Groundwork>');
  });

  it('escapes Slack control characters in user text and bounds long texts', () => {
    const signal: GoNoGoSignal = {
      ...goNoGoSignal,
      dealTitle: 'A <!channel> & <https://evil.example|click>',
      substantiation: 'x'.repeat(9_000),
      openIncidents: Array.from({ length: 20 }, (_, index) => ({
        id: `inc-${index}`,
        severity: 'minor' as const,
        title: `Incident ${index}`,
        status: 'open',
        level: 'operational' as const,
      })),
    };
    const payload = renderWebhookPayload(notificationOf(signal), 'slack');
    const texts = slackTexts(payload.blocks);

    expect(texts).toContain('A &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(texts).not.toContain('<!channel>');
    expect(texts).toContain('…and 12 more');
    for (const block of payload.blocks) {
      if (block.type === 'section' && 'text' in block) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    expect(payload.blocks.length).toBeLessThanOrEqual(50);
  });

  it('gives Teams a message with an Adaptive Card attachment', () => {
    const payload = renderWebhookPayload(notificationOf(incidentEscalationSignal), 'teams');

    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment?.contentUrl).toBeNull();
    const card = attachment!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Escalated to the strategic level: critical incident not resolved', wrap: true });
    expect(card.body).toContainEqual(
      expect.objectContaining({
        type: 'FactSet',
        facts: expect.arrayContaining([
          { title: 'What', value: 'Incident inc-7: Orders stuck in the EDI queue' },
          { title: 'Level', value: 'Strategic' },
          { title: 'Why', value: 'Not resolved within the service level' },
        ]),
      }),
    );
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the deal in Groundwork', url: 'https://groundwork.example.com/deals/acme-logistics' },
    ]);
    expect(JSON.stringify(payload).length).toBeLessThan(28_000);
  });

  it('keeps a Teams card of the largest go/no-go report under the Teams size limit', () => {
    const long = 'y'.repeat(10_000);
    const signal: GoNoGoSignal = {
      ...goNoGoSignal,
      substantiation: long,
      findings: goNoGoSignal.findings.map((finding) => ({ ...finding, substantiation: long })),
    };
    expect(JSON.stringify(renderWebhookPayload(notificationOf(signal), 'teams')).length).toBeLessThan(28_000);
  });

  it('gives the json flavour the notification as data', () => {
    const notification = notificationOf(reminderSignal);
    expect(renderWebhookPayload(notification, 'json')).toEqual({
      id: 'delivery-1:dir.dana',
      type: 'reminder',
      recipient: { userId: 'dir.dana', name: 'Dana Director' },
      signal: reminderSignal,
    });
  });
});

describe('formatTime', () => {
  it('shows minutes in UTC and leaves what is not a time alone', () => {
    expect(formatTime('2026-11-22T09:30:59.123+01:00')).toBe('2026-11-22 08:30 UTC');
    expect(formatTime('soon')).toBe('soon');
  });
});
