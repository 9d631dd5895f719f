import { lookup, promises as dnsPromises } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/** Where webhooks may go: the hosts allowed (none named: any public host), and whether private networks are. */
export interface WebhookTargetRules {
  /** Exact host names, or `*.example.com` for any name under it; empty: any host. */
  allowedHosts: readonly string[];
  /** Loopback, link-local, private and other non-public addresses; off unless configured (a receiver inside the network). */
  allowPrivateNetworks: boolean;
}

/** The code of a refused target, so the sender can tell it from a network failure: retrying will not help. */
export const REFUSED_TARGET = 'EWEBHOOKTARGET';

/** Whether an address is an ordinary public unicast one (IPv4-mapped IPv6 judged as the IPv4 it maps). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/** A URL's host as written, without the brackets of an IPv6 address. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.length === 0) return true;
  return allowedHosts.some((allowed) => (allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed));
}

const PRIVATE_HINT = 'a loopback, link-local or private address (WEBHOOK_ALLOW_PRIVATE_NETWORKS allows it)';

/**
 * Why a webhook URL may not be used under the rules, or null. Checks what the URL itself says: its
 * scheme, its host against the allow-list, and an address written in it. A name is checked once
 * resolved: by resolvedUrlRefusal when it is saved, by guardedAgent for every connection.
 */
export function webhookUrlRefusal(url: URL, rules: WebhookTargetRules): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} URLs are not supported`;
  const host = hostOf(url);
  if (!hostAllowed(host, rules.allowedHosts)) return `${host} is not among the allowed webhook hosts (WEBHOOK_ALLOWED_HOSTS)`;
  if (!rules.allowPrivateNetworks && ipaddr.isValid(host) && !isPublicAddress(host)) return `${host} is ${PRIVATE_HINT}`;
  return null;
}

/** A slow resolver must not hold up saving preferences: the delivery checks again anyway. */
const SAVE_LOOKUP_TIMEOUT_MS = 2_000;

/** webhookUrlRefusal, and then where the name points now; a name that does not resolve here (in time) is left to the delivery. */
export async function resolvedUrlRefusal(url: URL, rules: WebhookTargetRules): Promise<string | null> {
  const refusal = webhookUrlRefusal(url, rules);
  if (refusal !== null || rules.allowPrivateNetworks || ipaddr.isValid(hostOf(url))) return refusal;
  const addresses = await Promise.race([
    dnsPromises.lookup(url.hostname, { all: true }).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(() => resolve([]), SAVE_LOOKUP_TIMEOUT_MS).unref()),
  ]);
  const inside = addresses.find((candidate) => !isPublicAddress(candidate.address));
  return inside ? `${url.hostname} resolves to ${inside.address}, ${PRIVATE_HINT}` : null;
}

/**
 * An HTTP agent that connects only to public addresses unless the rules allow private networks. The
 * check runs on the addresses DNS gave for this very connection, so a name that points inside the
 * network (or is re-pointed after the URL was saved) is refused before any byte is sent.
 */
export function guardedAgent(rules: WebhookTargetRules): Agent {
  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const inside = rules.allowPrivateNetworks ? undefined : addresses.find((candidate) => !isPublicAddress(candidate.address));
      if (inside) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${inside.address}, ${PRIVATE_HINT}`);
        refusal.code = REFUSED_TARGET;
        return callback(refusal, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    });
  };
  return new Agent({ connect: { lookup: guardedLookup } });
}
