import { isPublicAddress, resolvedUrlRefusal, webhookUrlRefusal } from './webhook-targets';

const PUBLIC_ONLY = { allowedHosts: [], allowPrivateNetworks: false };

describe('webhook target rules', () => {
  it.each([
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['::ffff:10.1.2.3', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.0.1', false],
    ['169.254.169.254', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['not-an-address', false],
  ])('judges %s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['https://hooks.slack.com/services/T/B/X', { allowedHosts: ['*.slack.com'], allowPrivateNetworks: false }, null],
    ['https://slack.com.evil.example/x', { allowedHosts: ['*.slack.com'], allowPrivateNetworks: false }, 'slack.com.evil.example is not among the allowed webhook hosts'],
    ['https://outlook.webhook.office.com/x', { allowedHosts: ['outlook.webhook.office.com'], allowPrivateNetworks: false }, null],
    ['http://10.0.0.5/hook', PUBLIC_ONLY, '10.0.0.5 is a loopback, link-local or private address'],
    ['http://10.0.0.5/hook', { allowedHosts: [], allowPrivateNetworks: true }, null],
    ['file:///etc/passwd', PUBLIC_ONLY, 'file: URLs are not supported'],
  ])('%s under %j', (url, rules, refusal) => {
    const answer = webhookUrlRefusal(new URL(url), rules);
    if (refusal === null) expect(answer).toBeNull();
    else expect(answer).toContain(refusal);
  });

  it('looks a name up when it is saved: one that points inside the network is refused', async () => {
    expect(await resolvedUrlRefusal(new URL('http://localhost:8080/hook'), PUBLIC_ONLY)).toMatch(/^localhost resolves to (127\.0\.0\.1|::1)/);
    expect(await resolvedUrlRefusal(new URL('http://localhost:8080/hook'), { allowedHosts: [], allowPrivateNetworks: true })).toBeNull();
  });
});
