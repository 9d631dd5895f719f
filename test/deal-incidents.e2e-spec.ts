import type { Incident } from '@app/domain';
import { DealDriver, expectStatus } from './support/deal-driver';
import { TestApp } from './support/test-app';

/**
 * A relationship of years has thousands of incidents: the deal page reads only the unresolved ones
 * with the count of all, and the rest are paged in the order they were reported.
 */
describe("a deal's incidents, read in pages", () => {
  let app: TestApp;
  let deal: DealDriver;

  beforeAll(async () => {
    app = await TestApp.start();
    deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const otto = await app.as('op.otto');
    for (const title of ['Late pallet', 'Scanner down', 'Dock door stuck', 'Label printer jammed']) {
      expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title, description: `${title} on the night shift.` }), 201);
    }
    expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/incident-2/acknowledge`), 200);
    for (const id of ['incident-1', 'incident-3']) expectStatus(await otto.post(`/api/deals/${deal.dealId}/incidents/${id}/resolve`, { resolution: 'Handled with the carrier.' }), 200);
  });

  afterAll(async () => {
    await app?.close();
  });

  const ids = (incidents: Incident[]) => incidents.map((incident) => `${incident.id} ${incident.status}`);

  it('carries every incident by default, and only the unresolved ones when asked, with the count of all', async () => {
    const mark = await app.as('mm.mark');
    const all = expectStatus(await mark.get(`/api/deals/${deal.dealId}`), 200).body as { incidents: Incident[]; incidentCount: number };
    expect(ids(all.incidents)).toEqual(['incident-1 resolved', 'incident-2 acknowledged', 'incident-3 resolved', 'incident-4 reported']);
    expect(all.incidentCount).toBe(4);
    const unresolved = expectStatus(await mark.get(`/api/deals/${deal.dealId}?incidents=unresolved`), 200).body as { incidents: Incident[]; incidentCount: number; tasks: unknown[] };
    expect(ids(unresolved.incidents)).toEqual(['incident-2 acknowledged', 'incident-4 reported']);
    expect(unresolved.incidentCount).toBe(4);
    expect(unresolved.tasks).toHaveLength(4);
    expect(expectStatus(await mark.get(`/api/deals/${deal.dealId}?incidents=some`), 400).body.message).toMatch(/^incidents must be one of the following values: all, unresolved/);
  });

  it('pages the incidents in the order they were reported, by status too, to the people on the deal only', async () => {
    const otto = await app.as('op.otto');
    const page = async (query: string) => ids(expectStatus(await otto.get(`/api/deals/${deal.dealId}/incidents${query}`), 200).body as Incident[]);
    expect(await page('?limit=3')).toEqual(['incident-1 resolved', 'incident-2 acknowledged', 'incident-3 resolved']);
    expect(await page('?after=3&limit=3')).toEqual(['incident-4 reported']);
    expect(await page('?after=4')).toEqual([]);
    expect(await page('?status=resolved')).toEqual(['incident-1 resolved', 'incident-3 resolved']);
    expect(expectStatus(await otto.get(`/api/deals/${deal.dealId}/incidents?limit=0`), 400).body.message).toBe('limit must not be less than 1');
    expectStatus(await (await app.as('op.olga')).get(`/api/deals/${deal.dealId}/incidents`), 404);
  });
});
