import escapeHtml from 'escape-html';
import type {
  Assessment,
  DigestList,
  DirectorsDigest,
  Element,
  EscalationSignal,
  GoNoGo,
  GoNoGoSignal,
  InboxSignal,
  Level,
  Severity,
  TaskKind,
  IncidentReportedSignal,
  TaskAssignedSignal,
  TaskReminderSignal,
} from '@app/domain';
import type { Notification, WebhookFlavour } from './notification.types';

// ---------------------------------------------------------------------------------------------
// What is said, independent of the channel. Every channel below renders this one model, so an
// e-mail, a Slack message and a Teams card of the same signal tell the same story.
// ---------------------------------------------------------------------------------------------

interface MessageItem {
  title: string;
  body?: string;
  details?: string[];
}

interface MessageSection {
  heading: string;
  paragraphs?: string[];
  items?: MessageItem[];
  /** Said instead of the items when there are none. */
  whenEmpty?: string;
}

interface MessageModel {
  subject: string;
  title: string;
  /** One or two sentences: what happened and what it means for the reader. */
  summary: string;
  facts: { label: string; value: string }[];
  sections: MessageSection[];
  /** Where the reader acts, and what the link says. */
  link: { url: string; label: string } | undefined;
  footer: string;
}

/** What a signal's model says; the link and footer are the same for every signal. */
type SignalModel = Omit<MessageModel, 'link' | 'footer'>;

const PRODUCT = 'Groundwork';

const ELEMENT_LABELS: Record<Element, string> = {
  processes: 'Business processes',
  organisation: 'Organisation',
  systems: 'Systems',
  people: 'People',
};

const TASK_KIND_LABELS: Record<TaskKind, string> = {
  processes: 'exploration of business processes',
  organisation: 'exploration of organisation',
  systems: 'exploration of systems',
  people: 'exploration of people',
  countersign: 'co-signature of a finding',
  'go-no-go': 'go/no-go decision',
  contract: 'contract terms',
  ratification: 'ratification',
  review: 'review',
};

const ASSESSMENT_LABELS: Record<Assessment, string> = {
  feasible: 'feasible',
  conditional: 'conditional',
  'not-feasible': 'not feasible',
};

const LEVEL_LABELS: Record<Level, string> = { operational: 'operational', tactical: 'tactical', strategic: 'strategic' };
const SEVERITY_LABELS: Record<Severity, string> = { critical: 'critical', major: 'major', minor: 'minor' };
const DECISION_LABELS: Record<GoNoGo, string> = { go: 'GO', 'no-go': 'NO-GO' };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Header-safe single line: no line breaks or runs of whitespace (titles end up in Subject). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** ISO time as `2026-11-22 09:30 UTC`; the recipient's time zone is not known here. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Only absolute http(s) links are rendered: no `javascript:` or relative surprises in a mail client. */
function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function linkTo(url: string | undefined, label: string): MessageModel['link'] {
  const safe = safeUrl(url);
  return safe === undefined ? undefined : { url: safe, label };
}

function dealName(signal: InboxSignal): string {
  return `“${oneLine(signal.dealTitle)}”`;
}

function goNoGoModel(signal: GoNoGoSignal): SignalModel {
  const decision = DECISION_LABELS[signal.decision];
  const recommended = DECISION_LABELS[signal.recommendation.decision];
  const against = signal.decision !== signal.recommendation.decision;
  const consequence =
    signal.decision === 'go'
      ? 'Contract terms and service levels are drafted next, and you ratify last.'
      : 'The deal stops here and is abandoned, before any contract is drafted.';
  const because = signal.recommendation.because.map((element) => ELEMENT_LABELS[element]).join(', ');
  let recommendation: string;
  if (signal.recommendation.decision === 'no-go') {
    recommendation = `NO-GO, because ${because || 'an element'} ${signal.recommendation.because.length === 1 ? 'is' : 'are'} not feasible.`;
  } else if (signal.recommendation.conditions.length > 0) {
    recommendation = `GO on conditions, from the conditional element${signal.recommendation.because.length === 1 ? '' : 's'} (${because}).`;
  } else {
    recommendation = 'GO: every element was assessed feasible.';
  }
  return {
    subject: `Go/no-go: ${decision} for ${oneLine(signal.dealTitle)}`,
    title: `Go/no-go decided: ${decision}`,
    summary:
      `${signal.decidedBy} decided ${decision} for the deal ${dealName(signal)}` +
      (against ? `, against the recommendation (${recommended}). ` : `, as recommended. `) +
      consequence,
    facts: [
      { label: 'Deal', value: `${oneLine(signal.dealTitle)} (${signal.dealId})` },
      { label: 'Decision', value: decision },
      { label: 'Recommendation', value: signal.recommendation.conditions.length > 0 ? `${recommended} with conditions` : recommended },
      { label: 'Decided by', value: signal.decidedBy },
      { label: 'Decided at', value: formatTime(signal.at) },
      { label: 'Open incidents', value: String(signal.openIncidents.length) },
    ],
    sections: [
      { heading: 'Why', paragraphs: [signal.substantiation] },
      {
        heading: 'Recommendation',
        paragraphs: [recommendation],
        items: signal.recommendation.conditions.map((condition) => ({ title: `Condition: ${condition}` })),
      },
      {
        heading: 'Findings',
        items: signal.findings.map((finding) => ({
          title: `${ELEMENT_LABELS[finding.element]}: ${ASSESSMENT_LABELS[finding.assessment]}`,
          body: finding.substantiation,
          details: [...finding.conditions.map((condition) => `Condition: ${condition}`), ...(finding.coSignedBy ? [`Co-signed by ${finding.coSignedBy}`] : [])],
        })),
        whenEmpty: 'No findings were recorded.',
      },
      ...((signal.advice ?? []).length > 0
        ? [
            {
              heading: 'Advice from outside advisors',
              items: signal.advice!.map((advice) => ({ title: `${advice.by}${advice.element ? ` on ${ELEMENT_LABELS[advice.element]}` : ''}`, body: advice.text })),
            },
          ]
        : []),
      {
        heading: 'Open incidents',
        items: signal.openIncidents.map((incident) => ({
          title: `${capitalise(SEVERITY_LABELS[incident.severity])}: ${oneLine(incident.title)}`,
          body: `${incident.id}, ${incident.status}, at the ${LEVEL_LABELS[incident.level]} level`,
        })),
        whenEmpty: 'No open incidents.',
      },
    ],
  };
}

function reminderModel(signal: TaskReminderSignal, recipient: Notification['recipient']): SignalModel {
  const kind = TASK_KIND_LABELS[signal.kind];
  const due = formatTime(signal.dueAt);
  const whose = recipient.userId === signal.assignee ? 'Your task' : `The task of ${signal.assignee}`;
  return {
    subject: `Reminder: ${kind} due ${due} for ${oneLine(signal.dealTitle)}`,
    title: `Reminder: ${kind} due ${due}`,
    summary:
      `${whose} ${signal.taskId} (${kind}) on the deal ${dealName(signal)} is due at ${due}. ` +
      'When it is not done by then, it escalates to the next level.',
    facts: [
      { label: 'Deal', value: `${oneLine(signal.dealTitle)} (${signal.dealId})` },
      { label: 'Task', value: `${signal.taskId} (${kind})` },
      { label: 'Assignee', value: signal.assignee },
      { label: 'Due', value: due },
    ],
    sections: [],
  };
}

function taskAssignedModel(signal: TaskAssignedSignal): SignalModel {
  const kind = TASK_KIND_LABELS[signal.kind];
  const due = formatTime(signal.dueAt);
  const ratification = signal.kind === 'ratification';
  return {
    subject: ratification
      ? `Ratification requested: ${oneLine(signal.dealTitle)}, due ${due}`
      : `New task: ${kind} for ${oneLine(signal.dealTitle)}, due ${due}`,
    title: ratification ? 'Your ratification is requested' : `A new task for you: ${kind}`,
    summary: ratification
      ? `The contract of the deal ${dealName(signal)} awaits your ratification (${signal.taskId}) by ${due}.`
      : `Task ${signal.taskId} (${kind}) on the deal ${dealName(signal)} is yours, due at ${due}; ${signal.owner} owns it.`,
    facts: [
      { label: 'Deal', value: `${oneLine(signal.dealTitle)} (${signal.dealId})` },
      { label: 'Task', value: `${signal.taskId} (${kind})` },
      { label: 'Owner', value: signal.owner },
      { label: 'Due', value: due },
    ],
    sections: [],
  };
}

function incidentReportedModel(signal: IncidentReportedSignal): SignalModel {
  const severity = SEVERITY_LABELS[signal.severity];
  const title = oneLine(signal.title);
  return {
    subject: `Incident reported (${severity}): ${title} on ${oneLine(signal.dealTitle)}`,
    title: `A ${severity} incident was reported`,
    summary:
      `${signal.reportedBy} reported “${title}” (${signal.incidentId}) on the deal ${dealName(signal)}. ` +
      `It must be acknowledged by ${formatTime(signal.respondBy)} and resolved by ${formatTime(signal.resolveBy)}.`,
    facts: [
      { label: 'Deal', value: `${oneLine(signal.dealTitle)} (${signal.dealId})` },
      { label: 'Incident', value: `${signal.incidentId}: ${title}` },
      { label: 'Severity', value: capitalise(severity) },
      { label: 'Respond by', value: formatTime(signal.respondBy) },
      { label: 'Resolve by', value: formatTime(signal.resolveBy) },
    ],
    sections: [],
  };
}

function escalationModel(signal: EscalationSignal): SignalModel {
  const level = LEVEL_LABELS[signal.level];
  const deal = { label: 'Deal', value: `${oneLine(signal.dealTitle)} (${signal.dealId})` };
  const levelFact = { label: 'Level', value: capitalise(level) };
  const when = { label: 'Escalated at', value: formatTime(signal.at) };
  if (signal.subject === 'task') {
    const kind = TASK_KIND_LABELS[signal.kind];
    const due = formatTime(signal.dueAt);
    const why = `Not done by its due time (${due})`;
    return {
      subject: `Escalation to ${level} level: overdue ${kind} on ${oneLine(signal.dealTitle)}`,
      title: `Escalated to the ${level} level: overdue ${kind}`,
      summary:
        `Task ${signal.taskId} (${kind}) on the deal ${dealName(signal)}, assigned to ${signal.assignee}, ` +
        `was due at ${due} and is not done. It has climbed to the ${level} level, where you are asked to act.`,
      facts: [
        deal,
        { label: 'What', value: `Task ${signal.taskId} (${kind})` },
        levelFact,
        { label: 'Why', value: why },
        { label: 'Assignee', value: signal.assignee },
        when,
      ],
      sections: [],
    };
  }
  const severity = SEVERITY_LABELS[signal.severity];
  const missed = signal.reason === 'not-acknowledged' ? 'acknowledged' : 'resolved';
  const title = oneLine(signal.title);
  return {
    subject: `Escalation to ${level} level: ${severity} incident not ${missed} on ${oneLine(signal.dealTitle)}`,
    title: `Escalated to the ${level} level: ${severity} incident not ${missed}`,
    summary:
      `The ${severity} incident “${title}” (${signal.incidentId}) on the deal ${dealName(signal)} was not ${missed} ` +
      `within its service level. It has climbed to the ${level} level, where you are asked to act.`,
    facts: [
      deal,
      { label: 'What', value: `Incident ${signal.incidentId}: ${title}` },
      { label: 'Severity', value: capitalise(severity) },
      levelFact,
      { label: 'Why', value: `Not ${missed} within the service level` },
      when,
    ],
    sections: [],
  };
}

function messageModel(notification: Notification): MessageModel {
  const { signal } = notification;
  let model: SignalModel;
  switch (signal.type) {
    case 'go-no-go':
      model = goNoGoModel(signal);
      break;
    case 'reminder':
      model = reminderModel(signal, notification.recipient);
      break;
    case 'escalation':
      model = escalationModel(signal);
      break;
    case 'task-assigned':
      model = taskAssignedModel(signal);
      break;
    case 'incident-reported':
      model = incidentReportedModel(signal);
      break;
  }
  return {
    ...model,
    link: linkTo(notification.links?.deal, `Open the deal in ${PRODUCT}`),
    footer: `${PRODUCT} sent this to ${notification.recipient.userId} for the deal ${dealName(signal)} (${signal.dealId}).`,
  };
}

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** HTML that is already escaped; only the `html` template below makes one. */
class SafeHtml {
  constructor(readonly value: string) {}
}

type HtmlValue = SafeHtml | string | number | HtmlValue[] | null | undefined | false;

function htmlValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(htmlValue).join('');
  return escapeHtml(String(value));
}

/** Tagged template that escapes every interpolation (text and attribute values alike). */
function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, chunk, index) => out + htmlValue(values[index - 1]) + chunk));
}

/** Text with line breaks as paragraphs (blank lines) and `<br>` (single breaks). */
function htmlParagraphs(text: string, style = ''): SafeHtml[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => {
      const lines = paragraph.trim().split(/\r?\n/);
      return html`<p style="${style}">${lines.map((line, index) => (index === 0 ? line : [html`<br>`, line]))}</p>`;
    });
}

const P_STYLE = 'margin:0 0 12px';

function emailHtml(model: MessageModel, subject: string, greeting: string): string {
  const facts = model.facts.map(
    (fact) =>
      html`<tr><th align="left" style="padding:2px 16px 2px 0;vertical-align:top;white-space:nowrap">${fact.label}</th><td style="padding:2px 0">${fact.value}</td></tr>`,
  );
  const sections = model.sections.map((section) => {
    const items = section.items ?? [];
    return html`
<h2 style="font-size:16px;margin:24px 0 8px">${section.heading}</h2>
${(section.paragraphs ?? []).map((paragraph) => htmlParagraphs(paragraph, P_STYLE))}
${
  items.length > 0
    ? html`<ul style="margin:0 0 12px;padding-left:20px">${items.map(
        (item) =>
          html`<li style="margin-bottom:8px"><strong>${item.title}</strong>${
            item.body === undefined ? '' : htmlParagraphs(item.body, 'margin:4px 0')
          }${
            item.details && item.details.length > 0
              ? html`<ul style="margin:4px 0;padding-left:20px">${item.details.map((detail) => html`<li>${detail}</li>`)}</ul>`
              : ''
          }</li>`,
      )}</ul>`
    : section.whenEmpty !== undefined && (section.paragraphs ?? []).length === 0
      ? html`<p style="${P_STYLE}">${section.whenEmpty}</p>`
      : ''
}`;
  });
  const link = model.link === undefined ? '' : html`<p style="margin:24px 0"><a href="${model.link.url}">${model.link.label}</a></p>`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2933;margin:0;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${model.title}</h1>
<p style="${P_STYLE}">${greeting}</p>
<p style="${P_STYLE}">${model.summary}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 12px">${facts}</table>
${sections}
${link}
<p style="margin:24px 0 0;font-size:12px;color:#616e7c">${model.footer}</p>
</body>
</html>
`.value;
}

function emailText(model: MessageModel, greeting: string): string {
  const lines: string[] = [model.title, '', greeting, '', model.summary, ''];
  const width = Math.max(...model.facts.map((fact) => fact.label.length));
  for (const fact of model.facts) lines.push(`${`${fact.label}:`.padEnd(width + 2)}${fact.value}`);
  for (const section of model.sections) {
    lines.push('', section.heading.toUpperCase(), '');
    for (const paragraph of section.paragraphs ?? []) lines.push(paragraph, '');
    const items = section.items ?? [];
    if (items.length === 0 && section.whenEmpty !== undefined && (section.paragraphs ?? []).length === 0) {
      lines.push(section.whenEmpty, '');
    }
    for (const item of items) {
      lines.push(`- ${item.title}`);
      if (item.body !== undefined) lines.push(...item.body.split(/\r?\n/).map((line) => `  ${line}`));
      for (const detail of item.details ?? []) lines.push(`  * ${detail}`);
      lines.push('');
    }
  }
  if (model.link !== undefined) lines.push('', `${model.link.label}: ${model.link.url}`);
  lines.push('', '-- ', model.footer);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function email(model: MessageModel, recipientName: string | undefined): RenderedEmail {
  const name = recipientName?.trim();
  const greeting = name ? `Hello ${oneLine(name)},` : 'Hello,';
  const subject = `[${PRODUCT}] ${model.subject}`;
  return { subject, text: emailText(model, greeting), html: emailHtml(model, subject, greeting) };
}

/** Subject, plain text and HTML of the e-mail for one notification; every user text in the HTML is escaped. */
export function renderEmail(notification: Notification): RenderedEmail {
  return email(messageModel(notification), notification.recipient.name);
}

function listSection<T>(heading: string, list: DigestList<T>, item: (entry: T) => MessageItem, whenEmpty: string): MessageSection {
  const more = list.total - list.items.length;
  return { heading, items: list.items.map(item), whenEmpty, ...(more > 0 ? { paragraphs: [`…and ${more} more in ${PRODUCT}.`] } : {}) };
}

function digestModel(digest: DirectorsDigest, deskUrl: string | undefined): MessageModel {
  const period = `${formatTime(digest.from)} to ${formatTime(digest.until)}`;
  const counts = [
    `${digest.waiting.total} decision(s) waiting for you`,
    `${digest.goNoGoReports.total} go/no-go report(s)`,
    `${digest.strategicEscalations.total} escalation(s) at the strategic level`,
    `${digest.healthFell.total} relationship(s) whose health fell`,
  ];
  return {
    subject: `Your weekly digest: ${digest.waiting.total} waiting, ${digest.strategicEscalations.total} strategic escalation(s)`,
    title: 'Your weekly digest',
    summary: `What happened on your deals from ${period}: ${counts.join(', ')}.`,
    facts: [
      { label: 'Period', value: period },
      { label: 'Waiting for you', value: String(digest.waiting.total) },
      { label: 'Strategic escalations', value: String(digest.strategicEscalations.total) },
    ],
    sections: [
      listSection(
        'Decisions waiting for you',
        digest.waiting,
        (task) => ({ title: `${capitalise(TASK_KIND_LABELS[task.kind])}: ${oneLine(task.dealTitle)}`, body: `${task.taskId}, due ${formatTime(task.dueAt)}${task.overdue ? ' (overdue)' : ''}` }),
        'Nothing waits for you.',
      ),
      listSection(
        'Go/no-go reports',
        digest.goNoGoReports,
        (report) => ({
          title: `${DECISION_LABELS[report.decision]} for ${oneLine(report.dealTitle)}`,
          body: `Decided by ${report.decidedBy} at ${formatTime(report.at)}${report.decision === report.recommended ? ', as recommended' : `, against the recommendation (${DECISION_LABELS[report.recommended]})`}`,
        }),
        'No go/no-go was decided.',
      ),
      listSection(
        'Escalations that reached the strategic level',
        digest.strategicEscalations,
        (escalation) => ({
          title: `${escalation.subject === 'incident' ? `Incident “${oneLine(escalation.title)}”` : `Overdue ${TASK_KIND_LABELS[escalation.kind]}`} on ${oneLine(escalation.dealTitle)}`,
          body: `${escalation.id}, at ${formatTime(escalation.at)}`,
        }),
        'Nothing climbed to the strategic level.',
      ),
      listSection(
        'Relationships whose health fell',
        digest.healthFell,
        (fall) => ({ title: oneLine(fall.dealTitle), details: fall.reasons }),
        'No relationship’s health fell.',
      ),
    ],
    link: linkTo(deskUrl, `Open your desk in ${PRODUCT}`),
    footer: `${PRODUCT} sends this digest to ${digest.recipient} every week; the same digest is on your desk in ${PRODUCT}.`,
  };
}

/** The e-mail of a director's weekly digest. */
export function renderDigestEmail(digest: DirectorsDigest, recipientName?: string, deskUrl?: string): RenderedEmail {
  return email(digestModel(digest, deskUrl), recipientName);
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/** At most this many items of a section go into a chat message; the rest is counted. */
const MAX_CHAT_ITEMS = 8;

/** Cuts to `limit` characters with an ellipsis, never inside an HTML entity or a surrogate pair. */
function truncate(text: string, limit: number, entities = false): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit - 1);
  if (entities) {
    const amp = cut.lastIndexOf('&');
    if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  }
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function chatItems(section: MessageSection): { shown: MessageItem[]; more: number } {
  const items = section.items ?? [];
  return { shown: items.slice(0, MAX_CHAT_ITEMS), more: Math.max(0, items.length - MAX_CHAT_ITEMS) };
}

// --- Slack (incoming webhook: https://api.slack.com/messaging/webhooks) -------------------------

export interface SlackTextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackTextObject }
  | { type: 'section'; text: SlackTextObject }
  | { type: 'section'; fields: SlackTextObject[] }
  | { type: 'context'; elements: SlackTextObject[] }
  | { type: 'divider' };

export interface SlackMessage {
  /** The notification text and the fallback where blocks are not shown. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's mrkdwn control characters; everything a user wrote goes through this. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string, limit = 3000): SlackTextObject {
  return { type: 'mrkdwn', text: truncate(text, limit, true) };
}

function slackItem(item: MessageItem): string {
  const lines = [`• *${slackEscape(item.title)}*`];
  if (item.body !== undefined) lines.push(slackEscape(item.body));
  for (const detail of item.details ?? []) lines.push(`    ◦ ${slackEscape(detail)}`);
  return lines.join('\n');
}

function slackMessage(notification: Notification, model: MessageModel): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(model.title, 150), emoji: false } },
    { type: 'section', text: mrkdwn(slackEscape(model.summary)) },
    {
      type: 'section',
      fields: model.facts.slice(0, 10).map((fact) => mrkdwn(`*${slackEscape(fact.label)}*\n${slackEscape(fact.value)}`, 2000)),
    },
  ];
  for (const section of model.sections) {
    const { shown, more } = chatItems(section);
    const paragraphs = (section.paragraphs ?? []).map(slackEscape);
    if (shown.length === 0 && paragraphs.length === 0 && section.whenEmpty !== undefined) paragraphs.push(slackEscape(section.whenEmpty));
    blocks.push({ type: 'section', text: mrkdwn([`*${slackEscape(section.heading)}*`, ...paragraphs].join('\n')) });
    for (const item of shown) blocks.push({ type: 'section', text: mrkdwn(slackItem(item)) });
    if (more > 0) blocks.push({ type: 'context', elements: [mrkdwn(`…and ${more} more`)] });
  }
  if (model.link !== undefined) {
    const url = model.link.url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
    blocks.push({ type: 'section', text: mrkdwn(`<${url}|${slackEscape(model.link.label)}>`) });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`${PRODUCT} · ${slackEscape(notification.signal.dealId)} · ${formatTime(notification.signal.at)}`)],
  });
  return { text: truncate(slackEscape(model.summary), 3000, true), blocks };
}

// --- Microsoft Teams (incoming webhook / Workflows: a message with an Adaptive Card) ------------

export interface AdaptiveCardElement {
  type: string;
  [property: string]: unknown;
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  body: AdaptiveCardElement[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
  msteams?: { width: 'Full' };
}

export interface TeamsMessage {
  type: 'message';
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }[];
}

/** Teams caps a card near 28 KB; long substantiations are cut per block to stay well inside. */
const TEAMS_TEXT_LIMIT = 2000;

function textBlock(text: string, extra: Record<string, unknown> = {}): AdaptiveCardElement {
  return { type: 'TextBlock', text: truncate(text, TEAMS_TEXT_LIMIT), wrap: true, ...extra };
}

function teamsMessage(model: MessageModel): TeamsMessage {
  const body: AdaptiveCardElement[] = [
    textBlock(model.title, { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock(model.summary),
    { type: 'FactSet', facts: model.facts.map((fact) => ({ title: fact.label, value: truncate(fact.value, 500) })) },
  ];
  for (const section of model.sections) {
    const { shown, more } = chatItems(section);
    body.push(textBlock(section.heading, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium' }));
    for (const paragraph of section.paragraphs ?? []) body.push(textBlock(paragraph));
    if (shown.length === 0 && (section.paragraphs ?? []).length === 0 && section.whenEmpty !== undefined) {
      body.push(textBlock(section.whenEmpty, { isSubtle: true }));
    }
    for (const item of shown) {
      body.push(textBlock(item.title, { weight: 'Bolder', spacing: 'Small' }));
      if (item.body !== undefined) body.push(textBlock(item.body, { spacing: 'None' }));
      for (const detail of item.details ?? []) body.push(textBlock(`• ${detail}`, { spacing: 'None' }));
    }
    if (more > 0) body.push(textBlock(`…and ${more} more`, { isSubtle: true }));
  }
  body.push(textBlock(model.footer, { size: 'Small', isSubtle: true, separator: true }));
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    msteams: { width: 'Full' },
  };
  if (model.link !== undefined) card.actions = [{ type: 'Action.OpenUrl', title: model.link.label, url: model.link.url }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}

// --- Plain JSON ---------------------------------------------------------------------------------

export interface JsonWebhookPayload {
  id: string;
  type: InboxSignal['type'];
  recipient: Notification['recipient'];
  signal: InboxSignal;
}

export type WebhookPayload = SlackMessage | TeamsMessage | JsonWebhookPayload;

/** The JSON body of a webhook delivery in the receiver's flavour. */
export function renderWebhookPayload(notification: Notification, flavour: 'slack'): SlackMessage;
export function renderWebhookPayload(notification: Notification, flavour: 'teams'): TeamsMessage;
export function renderWebhookPayload(notification: Notification, flavour: 'json'): JsonWebhookPayload;
export function renderWebhookPayload(notification: Notification, flavour: WebhookFlavour): WebhookPayload;
export function renderWebhookPayload(notification: Notification, flavour: WebhookFlavour): WebhookPayload {
  switch (flavour) {
    case 'slack':
      return slackMessage(notification, messageModel(notification));
    case 'teams':
      return teamsMessage(messageModel(notification));
    case 'json':
      return {
        id: notification.id,
        type: notification.signal.type,
        recipient: notification.recipient,
        signal: notification.signal,
      };
  }
}
