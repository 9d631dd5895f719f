import type { WebhookTargetRules } from './webhook-targets';

/** Any public host; no loopback, link-local or private address. */
export const PUBLIC_HOSTS_ONLY: WebhookTargetRules = { allowedHosts: [], allowPrivateNetworks: false };

/** SMTP settings of the e-mail channel; the class is the DI token (like the classes of @app/config). */
export class SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** True for implicit TLS (port 465); false lets the server offer STARTTLS. */
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The sender, e.g. `"Groundwork <groundwork@example.com>"`; its domain ends every Message-ID. */
  readonly from: string;
  /** Refuse to send unless the server upgrades the session with STARTTLS (or `secure` is set). */
  readonly requireTls: boolean;

  constructor(init: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string; requireTls?: boolean }) {
    if (!init.host) throw new Error('SmtpConfig: host is required');
    if (!Number.isInteger(init.port) || init.port < 1 || init.port > 65_535) throw new Error('SmtpConfig: port must be 1-65535');
    if (!init.from) throw new Error('SmtpConfig: from is required');
    this.host = init.host;
    this.port = init.port;
    this.secure = init.secure;
    this.user = init.user;
    this.password = init.password;
    this.from = init.from;
    this.requireTls = init.requireTls ?? false;
  }
}

/** Settings of the webhook channel; the class is the DI token. */
export class WebhookConfig {
  /** Key of the HMAC-SHA256 in `X-Groundwork-Signature`; receivers verify with the same secret. */
  readonly signingSecret: string;
  /** Bounds one whole delivery: connecting, sending and reading the response. */
  readonly timeoutMs: number;
  /** Where webhooks may go; by default any public host, never a private network. */
  readonly targets: WebhookTargetRules;

  constructor(init: { signingSecret: string; timeoutMs: number; targets?: WebhookTargetRules }) {
    if (!init.signingSecret) throw new Error('WebhookConfig: signingSecret must not be empty');
    if (!Number.isFinite(init.timeoutMs) || init.timeoutMs <= 0) throw new Error('WebhookConfig: timeoutMs must be positive');
    this.signingSecret = init.signingSecret;
    this.timeoutMs = init.timeoutMs;
    this.targets = init.targets ?? PUBLIC_HOSTS_ONLY;
  }
}
