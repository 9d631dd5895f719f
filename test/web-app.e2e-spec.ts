import { ScheduleOverlapPolicy } from '@temporalio/client';
import { keepScreenshot, pickerLabel, seriousAxeViolations, WebWorld, type BrowserUsers } from './support/browser';
import { DEFAULT_GUIDANCE } from '@app/domain';
import { DealDriver, ENTERPRISE_TIER_TERMS, FEASIBLE, expectStatus } from './support/deal-driver';
import { DIRECTORS_DIGEST_SCHEDULE_ID } from '@app/workflows';
import { type TestApp, eventually } from './support/test-app';

/**
 * The web app in a real browser (Debian's chromium through playwright-core) against the real API,
 * worker and Temporal server: what each role sees and may do, forms checked as one types, refusals,
 * live updates, accessibility (axe), keyboard use and a 375 px wide screen.
 */
describe('the web app', () => {
  let world: WebWorld;
  let app: TestApp;
  let base: string;
  let users: BrowserUsers;

  beforeAll(async () => {
    world = await WebWorld.start();
    ({ app, base, users } = world);
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  const newPage = (width?: number) => users.newPage(width);
  const signedIn = (userId: string, path?: string, width?: number) => users.signedIn(userId, path, width);

  it('serves the app at / beside the API, and deep links to its pages', async () => {
    const index = await app.http.get('/').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect((await app.http.get('/deals/some-deal/tasks/processes-1').expect(200)).text).toContain('<div id="root">');
    expect((await app.http.get('/api/no-such-route').expect(404)).body).toMatchObject({ statusCode: 404 });
    await app.http.get('/assets/no-such-file.js').expect(404);
  });

  it('signs in with the keyboard alone, and a programme manager starts a deal with people picked by role', async () => {
    const page = await newPage();
    await page.goto(`${base}/deals`);
    await page.getByLabel(pickerLabel('pm.paula'), { exact: false }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Deals' }).waitFor();

    const title = `Cold chain ${Date.now()}`;
    const form = page.getByRole('form', { name: 'Start a deal' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Customer', { exact: true }).fill('Frost BV');
    await form.getByLabel('Supplier', { exact: true }).fill('Groundwork Services');
    await form.getByLabel('Dana (director, supplier side)').check();
    await form.getByLabel('Mark (middle manager)').check();
    await form.getByLabel('Otto (operational)').check();
    // The customer's side is picked from the other organisations: Diego and Carla of Acme, and an advisor.
    const customerSide = form.getByRole('group', { name: "Customer's side (optional)" });
    expect(await customerSide.getByLabel('Dana (director, supplier side)').count()).toBe(0);
    await customerSide.getByLabel('Diego (director, customer side)').check();
    await customerSide.getByLabel('Carla (middle manager, customer side)').check();
    await form.getByLabel('Ada (outside advisor)').check();
    await form.getByRole('button', { name: 'Start deal' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('listitem').filter({ hasText: /^exploration$/ }).first().waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toBe('exploration');
    expect(await page.getByRole('heading', { name: 'People by level' }).isVisible()).toBe(true);
    const map = page.getByRole('table', { name: /^Who is in contact at each level/ });
    expect(await Promise.all((await map.getByRole('row').all()).map((row) => row.textContent()))).toEqual([
      "LevelCustomer's sideSupplier's side",
      'strategicdir.diegodir.dana',
      'tacticalmm.carlamm.mark',
      'operational—op.otto',
    ]);
    // The same map as a picture, described in words for those who do not see it.
    await page.getByRole('img', { name: /^strategic: .+ dir\.diego; .+ dir\.dana\. tactical: .+ mm\.carla; .+ mm\.mark\. operational: .+ nobody named; .+ op\.otto$/ }).waitFor();
    await page.getByText('Outside advisors: adv.ada').waitFor();
  });

  it("shows each role only its pages and actions: no desk or start form for operational staff, a director's desk for directors", async () => {
    const otto = await signedIn('op.otto', '/deals');
    await otto.getByRole('heading', { name: 'Deals' }).waitFor();
    expect(await otto.getByRole('link', { name: "Director's desk" }).count()).toBe(0);
    expect(await otto.getByRole('form', { name: 'Start a deal' }).count()).toBe(0);
    const dana = await signedIn('dir.dana', '/desk');
    await dana.getByRole('heading', { name: "Director's desk" }).waitFor();
    expect(await dana.getByRole('link', { name: "Director's desk" }).count()).toBe(1);
  });

  it('lists my tasks soonest due first with filters kept in the URL, checks a finding as I type and completes it', async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const page = await signedIn('op.otto', `/tasks?deal=${deal.dealId}`);
    await eventually(async () => expect(await page.getByTestId('task-count').textContent()).toMatch(/^4 of \d+ open tasks$/));
    await page.getByLabel('Kind').selectOption('processes');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'processes');
    await page.getByTestId('task-count').filter({ hasText: /^1 of / }).waitFor();
    await eventually(async () => expect(await page.getByLabel('Kind').locator('option:checked').textContent()).toBe('processes (1)'));
    // A bookmarked view opens as it was left.
    await page.reload();
    await page.getByTestId('task-count').filter({ hasText: /^1 of / }).waitFor();
    await page.getByLabel('Kind').selectOption('');
    await page.getByTestId('task-count').filter({ hasText: /^4 of / }).waitFor();
    const dues = await Promise.all((await page.locator('ul[aria-label="Open tasks"] time').all()).map((time) => time.getAttribute('datetime')));
    expect(dues).toEqual([...dues].sort());

    await page.goto(`${base}/deals/${deal.dealId}/tasks/processes-1`);
    await page.getByLabel('feasible', { exact: true }).check();
    await page.getByLabel('Substantiation').fill('Too short');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByText('substantiation must be at least 20 characters').first().waitFor();
    expect(await page.getByLabel('Substantiation').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Substantiation').fill('Walked the night shift with their team leads: the process holds.');
    // The questions of an operational-excellence deal: each must be answered before the form goes.
    const [standard, bandwidths] = DEFAULT_GUIDANCE['operational-excellence'].processes;
    await page.getByText('answers[0] is required').first().waitFor();
    await page.getByLabel(standard!).fill('All but the cross-dock orders, which need a second pick.');
    await page.getByLabel(bandwidths!).fill('Yes, inside the enterprise tier.');
    expect(await page.getByTestId('form-problems').count()).toBe(0);
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.waitForURL(/\/tasks$/);
    await eventually(async () => expect((await deal.state()).tasks.find((task) => task.id === 'processes-1')?.status).toBe('done'));
    expect((await deal.state()).findings[0]).toMatchObject({ questions: [standard, bandwidths], answers: ['All but the cross-dock orders, which need a second pick.', 'Yes, inside the enterprise tier.'] });
  });

  it('shows a refusal of the API next to the form and keeps what was typed', async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const page = await signedIn('op.otto', `/deals/${deal.dealId}/tasks/systems-3`);
    await page.getByLabel('not feasible').check();
    const text = 'Their planning system cannot export orders in any format we read.';
    await page.getByLabel('Substantiation').fill(text);
    const [systemsQuestion] = DEFAULT_GUIDANCE['operational-excellence'].systems;
    await page.getByLabel(systemsQuestion!).fill('No: orders are re-keyed by hand.');
    // Meanwhile the task is completed elsewhere (another tab): the API answers 409.
    const [systems] = await deal.openTasks('systems');
    expectStatus(await deal.complete(systems!, { assessment: 'feasible', substantiation: 'Checked from another tab, all good here.' }), 200);
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByTestId('refusal').waitFor();
    expect(await page.getByTestId('refusal').textContent()).toMatch(/^The server refused: task systems-3 is done, no longer open$/);
    expect(await page.getByLabel('Substantiation').inputValue()).toBe(text);
    expect(await page.getByLabel(systemsQuestion!).inputValue()).toBe('No: orders are re-keyed by hand.');
  });

  it('checks contract terms against the bandwidth of the value proposition before submitting', async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    await deal.explore();
    await deal.decide('go');
    const [contract] = await deal.openTasks('contract');
    const page = await signedIn(contract!.assignee, `/deals/${deal.dealId}/tasks/${contract!.id}`);
    await page.getByLabel('Discount (%)').fill('50');
    await page.getByLabel('Custom terms').fill('Free on-site engineer');
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.getByText(/discountPct 50 exceeds the maximum discount of 10 %/).first().waitFor();
    await page.getByText(/customTerms are not allowed under operational-excellence/).first().waitFor();
    await page.getByText('Discount at most 10 %.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Discount (%)').fill('5');
    await page.getByLabel('Custom terms').fill('');
    await eventually(async () => expect(await page.getByTestId('form-problems').count()).toBe(0));
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.waitForURL(/\/tasks$/);
    await eventually(async () => expect((await deal.state()).stage).toBe('ratification'));
  });

  it('reports, acknowledges and resolves an incident on the deal page, with countdowns to its service levels, and discusses a task', async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    const page = await signedIn('op.otto', `/deals/${deal.dealId}`);
    const report = page.getByRole('form', { name: 'Report an incident' });
    await report.getByLabel('Severity').selectOption('critical');
    await report.getByLabel('Title').fill('Cold store alarm');
    await report.getByLabel('Description').fill('Dock 2 is warming up.');
    await report.getByRole('button', { name: 'Report incident' }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'Cold store alarm (critical)' });
    await card.getByText(/Respond: .* left/).waitFor();
    await card.getByText(/Resolve: .* left/).waitFor();
    await card.getByRole('button', { name: 'Acknowledge Cold store alarm' }).click();
    await card.getByText(/^acknowledged · level operational/).waitFor();
    await card.getByLabel('Resolution of Cold store alarm').fill('Replaced the compressor relay.');
    await card.getByRole('button', { name: 'Resolve Cold store alarm' }).click();
    await page.getByText('0 open of 1').waitFor();
    const incident = (await deal.state()).incidents[0]!;
    expect(incident).toMatchObject({ title: 'Cold store alarm', severity: 'critical', status: 'resolved', acknowledgedBy: 'op.otto', resolvedBy: 'op.otto', resolution: 'Replaced the compressor relay.' });
    // The relationship's health counts it, with a chart per level and a trend, each described in words.
    await page.reload();
    const health = page.getByRole('region', { name: 'Relationship health, last 8 weeks' });
    await health.getByText('1 of 1', { exact: false }).first().waitFor();
    expect(await health.getByRole('img', { name: /^Time at each level\. operational: 1 incidents/ }).count()).toBe(1);
    expect(await health.getByRole('img', { name: /^Incidents per period\..*: 1 opened, 0 climbed$/ }).count()).toBe(1);

    await page.goto(`${base}/deals/${deal.dealId}/tasks/people-4`);
    await page.getByLabel('Add a comment').fill('Shift leads are in on Tuesday.');
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Shift leads are in on Tuesday.' }).waitFor();
    // Otto is not the owner: the page offers no reassigning or moving of the due date.
    expect(await page.getByRole('heading', { name: 'Manage' }).count()).toBe(0);
    const mark = await signedIn('mm.mark', `/deals/${deal.dealId}/tasks/people-4`);
    await mark.getByRole('heading', { name: 'Manage' }).waitFor();
    await mark.getByLabel('Reassign to').fill('op.olga');
    await mark.getByLabel('Reason for reassigning').fill('Olga knows their planners.');
    await mark.getByRole('button', { name: 'Reassign' }).click();
    await eventually(async () => expect((await deal.state()).tasks.find((task) => task.id === 'people-4')?.assignee).toBe('op.olga'));
  });

  it("puts the go/no-go report with the findings' substantiations on the director's desk", async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    await deal.explore();
    await deal.decide('go', 'All four elements hold; the floors agree on the pilot.');
    const page = await signedIn('dir.dana', '/desk');
    const report = page.getByRole('article', { name: 'Go/no-go report on Warehouse logistics for Acme' }).filter({ hasText: 'the floors agree on the pilot' });
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getByText(/^processes: feasible$/).count()).toBe(1);
    expect(await report.getByText(FEASIBLE.substantiation).count()).toBe(4);
    // Dana's relationships with their health: a deal with an incident this week is among them.
    expectStatus(await (await app.as('op.otto')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Late pallet', description: 'Truck 4 was late.' }), 201);
    await page.reload();
    const portfolio = page.getByRole('region', { name: 'Health of your relationships, last 8 weeks' });
    const row = portfolio.getByRole('row').filter({ has: page.locator(`a[href="/deals/${deal.dealId}"]`) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(['1', '1', '0 of 0', '0']);

    // The weekly Schedule's run (triggered now) puts the digest on the desk: this report is in it.
    await app.temporal.schedule.getHandle(DIRECTORS_DIGEST_SCHEDULE_ID).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    const digest = page.getByRole('region', { name: "This week's digest" });
    await eventually(
      async () => {
        await page.reload();
        await digest.locator(`a[href="/deals/${deal.dealId}"]`).first().waitFor({ timeout: 2_000 });
      },
      { timeoutMs: 30_000 },
    );
    expect(await digest.getByRole('listitem').filter({ has: page.locator(`a[href="/deals/${deal.dealId}"]`) }).first().textContent()).toContain(': go by mm.mark');
  });

  it('runs a two-sided deal in the browser: the customer’s floor co-signs or contests, an advisor advises, the desk’s report carries both, and a live incident reaches both sponsors’ desks', async () => {
    const deal = await DealDriver.start(app, {
      directors: ['dir.dana'],
      tacticalLeads: ['mm.mark'],
      operationalStaff: ['op.otto'],
      customerSide: { directors: ['dir.diego'], tacticalLeads: ['mm.carla'], operationalStaff: ['op.cas'] },
      advisors: ['adv.ada'],
      title: 'Two-floor exploration',
      // Customer intimacy lets the contract agree fast service levels (flagged), so the live incident climbs within seconds.
      valueProposition: 'customer-intimacy',
    });
    const violations: Record<string, string[]> = {};
    await deal.explore();
    const systems = (await deal.openTasks('countersign')).find((task) => task.element === 'systems')!;
    const cas = await signedIn('op.cas', `/deals/${deal.dealId}/tasks/${systems.id}`);
    await cas.getByRole('heading', { name: 'The finding on systems you check for Acme' }).waitFor();
    expect(await cas.getByText(FEASIBLE.substantiation).count()).toBe(1);
    await cas.getByLabel('contest', { exact: true }).check();
    await cas.getByLabel('Substantiation').fill('Our scanners are older than the finding assumes.');
    violations.countersign = await seriousAxeViolations(cas);
    await cas.getByRole('button', { name: 'Complete task' }).click();
    await cas.waitForURL(/\/tasks$/);
    await eventually(async () => expect((await deal.openTasks('systems'))[0]?.note).toBe('Contested by op.cas: Our scanners are older than the finding assumes.'));

    const ada = await signedIn('adv.ada', `/deals/${deal.dealId}`);
    const advise = ada.getByRole('form', { name: 'Give advice' });
    await advise.getByLabel('On element').selectOption('systems');
    await advise.getByLabel('Your advice').fill('Budget a scanner upgrade before fixed bandwidths.');
    violations.advice = await seriousAxeViolations(ada);
    await advise.getByRole('button', { name: 'Give advice' }).click();
    await ada.getByRole('region', { name: 'Advice from outside advisors' }).getByText('Budget a scanner upgrade before fixed bandwidths.').waitFor();

    await deal.explore();
    await deal.coSignAll();
    await deal.decide('go', 'All four elements hold, co-signed by the customer floor.');
    const dana = await signedIn('dir.dana', '/desk');
    const report = dana.getByRole('article', { name: 'Go/no-go report on Two-floor exploration' });
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getByText('co-signed by op.cas').count()).toBe(4);
    await report.getByText('Budget a scanner upgrade before fixed bandwidths.').waitFor();

    await deal.draftContract({ ...ENTERPRISE_TIER_TERMS, serviceLevels: { ...ENTERPRISE_TIER_TERMS.serviceLevels, critical: { respondWithin: 'PT2S', resolveWithin: 'PT4S' } } });
    await deal.ratifyAll();
    await cas.goto(`${base}/deals/${deal.dealId}`);
    const incident = cas.getByRole('form', { name: 'Report an incident' });
    await incident.getByLabel('Severity').selectOption('critical');
    await incident.getByLabel('Title').fill('Cold store alarm');
    await incident.getByLabel('Description').fill('Dock 2 is warming up.');
    await incident.getByRole('button', { name: 'Report incident' }).click();
    await cas.getByText('Cold store alarm (critical)').waitFor();
    for (const director of ['dir.dana', 'dir.diego']) {
      const desk = await signedIn(director, '/desk');
      await desk.getByRole('region', { name: 'Escalations at the strategic level' }).getByRole('link', { name: 'Incident on Two-floor exploration' }).waitFor({ timeout: 30_000 });
    }
    expect(violations).toEqual({ countersign: [], advice: [] });
  });

  it('replays a proposed escalation policy over the recorded deals for a programme manager, as a chart and the changes', async () => {
    const deal = await DealDriver.start(app, {
      directors: ['dir.dana'],
      tacticalLeads: ['mm.mark'],
      operationalStaff: ['op.otto'],
      title: 'What-if rehearsal',
      policy: { incidentServiceLevels: { critical: { respondWithin: 'PT2S', resolveWithin: 'PT4S' } } },
    });
    expectStatus(await (await app.as('op.otto')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'critical', title: 'Cold store alarm', description: 'Dock 2 is warming up.' }), 201);
    await eventually(async () => expect((await deal.state()).incidents[0]?.level).toBe('tactical'), { timeoutMs: 30_000 });

    const page = await signedIn('pm.paula', '/what-if');
    await page.getByRole('heading', { name: 'What-if for escalation policies', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Proposed policy' });
    // Checked as one types, by the domain's own rules.
    await form.getByLabel('critical: respond within').fill('soon');
    await form.getByText('policy.incidentServiceLevels.critical.respondWithin must be a positive ISO 8601 duration').first().waitFor();
    expect(await form.getByRole('button', { name: 'Replay the recorded deals' }).isDisabled()).toBe(true);
    await form.getByLabel('critical: respond within').fill('PT1H');
    await form.getByRole('button', { name: 'Replay the recorded deals' }).click();
    await page.getByTestId('what-if-summary').waitFor();
    await page.getByRole('img', { name: /^Escalations per level\. tactical: \d+ actually, \d+ under the proposal; strategic: / }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'What-if rehearsal' }) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['What-if rehearsal', 'Cold store alarm', expect.stringMatching(/^tactical .*, told mm\.mark/), 'no escalation']);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // A ladder of one step, straight to the sponsors once "respond within" has run, on the deal's own clocks.
    await form.getByLabel('critical: respond within').fill('PT2S');
    await form.getByLabel('critical: resolve within').fill('PT4S');
    await form.getByRole('button', { name: 'Remove incident step 3' }).click();
    await form.getByRole('button', { name: 'Remove incident step 2' }).click();
    await form.getByLabel('Incident step 1: level').selectOption('strategic');
    await form.getByLabel('Incident step 1: times').fill('0.5');
    await form.getByText('policy.ladders.incidents[0].after.times must be a number from 1 to 100').first().waitFor();
    await form.getByLabel('Incident step 1: times').fill('1');
    await form.getByRole('button', { name: 'Replay the recorded deals' }).click();
    await row.getByRole('cell', { name: /^strategic .*, told dir\.dana$/ }).waitFor();

    const dealPage = await signedIn('pm.paula', `/deals/${deal.dealId}`);
    const ladders = dealPage.getByRole('region', { name: 'Escalation ladders' });
    await ladders.getByRole('img', { name: /^An overdue task: when due → tactical, telling the task’s own side; at 2× the time given → strategic/ }).waitFor();
    await ladders.getByRole('img', { name: /^An incident: after “respond within” → tactical, telling the supplier and the customer; .*after 2× “resolve within” → strategic/ }).waitFor();
    expect(await seriousAxeViolations(dealPage)).toEqual([]);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'What-if', exact: true }).count()).toBe(1);
    const otto = await signedIn('op.otto', '/tasks');
    expect(await otto.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'What-if', exact: true }).count()).toBe(0);
  });

  it('refuses a webhook that points inside the network on the settings page, beside the field', async () => {
    const page = await signedIn('op.otto', '/settings');
    const form = page.getByRole('form', { name: 'Notification channels' });
    await form.getByLabel('Webhook URL').fill('http://169.254.169.254/latest/meta-data');
    await form.getByRole('button', { name: 'Save channels' }).click();
    await form.getByText('webhook.url: 169.254.169.254 is a loopback, link-local or private address').waitFor();
    expect(await form.getByLabel('Webhook URL').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows new tasks and signals without a reload, with an unread count', async () => {
    const page = await signedIn('op.otto', '/tasks');
    const unread = Number(await page.getByTestId('unread-count').textContent());
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    await page.getByLabel('Deal').locator(`option[value="${deal.dealId}"]`).waitFor({ state: 'attached', timeout: 30_000 });
    await eventually(async () => expect(Number(await page.getByTestId('unread-count').textContent())).toBeGreaterThanOrEqual(unread + 4), { timeoutMs: 30_000 });
    await page.getByRole('link', { name: /^Signals/ }).click();
    await eventually(async () => expect(await page.getByTestId('unread-count').textContent()).toBe('0'));
  });

  it('ends an expired session on the sign-in page with a clear message', async () => {
    const page = await signedIn('op.otto', '/tasks');
    await page.evaluate(() => sessionStorage.setItem('groundwork.token', 'expired.or.forged'));
    await page.reload();
    await page.getByText('Your session has expired. Sign in again.').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('has no serious or critical axe violations on any page, and is usable 375 px wide', async () => {
    const deal = await DealDriver.start(app, { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] });
    expectStatus(await (await app.as('op.otto')).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'major', title: 'Scanner down', description: 'Dock 3 cannot scan.' }), 201);
    const signIn = await newPage(375);
    await signIn.goto(`${base}/tasks`);
    await signIn.getByRole('button', { name: 'Sign in' }).waitFor();
    const found: Record<string, string[]> = { 'sign-in': await seriousAxeViolations(signIn) };
    await keepScreenshot(signIn, '375px-sign-in');
    const pages: [string, string, string][] = [
      ['op.otto', '/tasks', 'My tasks'],
      ['op.otto', `/deals/${deal.dealId}/tasks/processes-1`, 'processes task'],
      ['pm.paula', '/deals', 'Deals'],
      ['pm.paula', `/deals/${deal.dealId}`, 'Warehouse logistics for Acme'],
      ['dir.dana', '/desk', "Director's desk"],
      ['op.otto', '/signals', 'Signals'],
      ['op.otto', '/settings', 'Settings'],
      ['pm.paula', '/what-if', 'What-if for escalation policies'],
    ];
    const tooWide: string[] = [];
    for (const [userId, path, heading] of pages) {
      const page = await signedIn(userId, path, 375);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      found[path] = await seriousAxeViolations(page);
      await keepScreenshot(page, `375px-${heading.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      if (width > 375) tooWide.push(`${path}: ${width} px`);
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((page) => [page, []])));
    expect(tooWide).toEqual([]);
  });
});
