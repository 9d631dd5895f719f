import type { Page } from 'playwright-core';
import { DEFAULT_GUIDANCE, ELEMENTS, type Assessment, type Element } from '@app/domain';
import { keepScreenshot, WebWorld, type BrowserUsers } from './support/browser';
import { eventually } from './support/test-app';

/**
 * Whole deals clicked through in a real browser by the people who run them, with no API call made by
 * the test: the programme manager starts the deal, the operational floor records the findings, the
 * lead decides, drafts the contract, and the director ratifies or reads the no-go report on the desk.
 * Each page visited is kept as a screenshot under test/artifacts/web.
 */
describe('deals clicked through in the web app', () => {
  let world: WebWorld;
  let users: BrowserUsers;

  beforeAll(async () => {
    world = await WebWorld.start();
    users = world.users;
  }, 180_000);

  afterAll(async () => {
    await world?.close();
  });

  /** Paula starts an operational-excellence deal for Dana, Mark and Otto on the board's form; answers its ID. */
  async function startDeal(title: string, screenshot?: string): Promise<string> {
    const paula = await users.signedIn('pm.paula', '/deals');
    const form = paula.getByRole('form', { name: 'Start a deal' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Customer', { exact: true }).fill('Frost BV');
    await form.getByLabel('Supplier', { exact: true }).fill('Groundwork Services');
    await form.getByLabel('Dana (director, supplier side)').check();
    await form.getByLabel('Mark (middle manager)').check();
    await form.getByLabel('Otto (operational)').check();
    if (screenshot) await keepScreenshot(paula, screenshot);
    await form.getByRole('button', { name: 'Start deal' }).click();
    await paula.getByRole('heading', { name: title, level: 1 }).waitFor();
    const dealId = decodeURIComponent(new URL(paula.url()).pathname.split('/').at(-1)!);
    expect(dealId).not.toBe('deals');
    return dealId;
  }

  /** From My tasks filtered to the deal, opens the task of `kind` by its link, as its assignee would. */
  async function openTask(page: Page, dealId: string, kind: string): Promise<void> {
    await page.goto(new URL(`/tasks?deal=${encodeURIComponent(dealId)}`, page.url()).toString());
    await page.getByRole('link', { name: new RegExp(`^${kind} · `) }).click();
    await page.getByRole('heading', { name: new RegExp(`^${kind} task`), level: 1 }).waitFor();
  }

  async function completeTask(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Complete task' }).click();
    await page.waitForURL(/\/tasks$/);
  }

  /** Otto records the four findings on their forms, answering each question of the value proposition. */
  async function recordFindings(dealId: string, assessments: Record<Element, Assessment>, screenshot?: string): Promise<void> {
    const otto = await users.signedIn('op.otto', `/tasks?deal=${encodeURIComponent(dealId)}`);
    await otto.getByTestId('task-count').filter({ hasText: /^4 of / }).waitFor();
    if (screenshot) await keepScreenshot(otto, screenshot);
    for (const element of ELEMENTS) {
      await openTask(otto, dealId, element);
      const assessment = assessments[element];
      await otto.getByLabel(assessment.replace('-', ' '), { exact: true }).check();
      await otto.getByLabel('Substantiation').fill(`${element}: walked the floor with their team leads and checked it on site.`);
      if (assessment === 'conditional') await otto.getByLabel('Conditions').fill('A second picker on the night shift');
      for (const question of DEFAULT_GUIDANCE['operational-excellence'][element]) {
        await otto.getByLabel(question).fill(`As seen on the floor for ${element}.`);
      }
      if (screenshot && element === 'processes') await keepScreenshot(otto, 'task-finding');
      await completeTask(otto);
    }
  }

  /** Mark decides go or no-go on the form that shows the recommendation beside the four findings. */
  async function decide(dealId: string, decision: 'go' | 'no-go', recommendation: RegExp): Promise<Page> {
    const mark = await users.signedIn('mm.mark', `/tasks?deal=${encodeURIComponent(dealId)}`);
    await openTask(mark, dealId, 'go/no-go');
    await mark.getByText(recommendation).first().waitFor();
    await mark.getByLabel(decision.replace('-', ' '), { exact: true }).check();
    await mark.getByLabel('Substantiation').fill(`The four findings, read together, make this a clear ${decision}.`);
    await keepScreenshot(mark, `task-go-no-go-${decision}`);
    await completeTask(mark);
    return mark;
  }

  /** Opens the deal page until its stage progress shows `stage` (an ended deal says why beside it). */
  async function stageOf(page: Page, dealId: string, stage: string): Promise<void> {
    await eventually(async () => {
      await page.goto(new URL(`/deals/${encodeURIComponent(dealId)}`, page.url()).toString());
      await page.locator('[aria-current="step"]').filter({ hasText: new RegExp(`^${stage}(:|$)`) }).waitFor({ timeout: 2_000 });
    });
  }

  it('takes a deal from the start form to live: Paula starts it, Otto explores, Mark decides and drafts, Dana ratifies', async () => {
    const title = `Cold chain pilot ${Date.now()}`;
    const dealId = await startDeal(title, 'deals-board');
    await recordFindings(dealId, { processes: 'feasible', organisation: 'feasible', systems: 'feasible', people: 'feasible' }, 'my-tasks');

    const mark = await decide(dealId, 'go', /^Recommendation: go$/);
    await openTask(mark, dealId, 'contract');
    // The form starts from the enterprise tier's service levels and no discount: inside the bandwidth.
    await mark.getByLabel('Agreements').fill('Monthly operational review with both floors');
    await mark.getByLabel('Discount (%)').fill('4');
    expect(await mark.getByTestId('form-problems').count()).toBe(0);
    await keepScreenshot(mark, 'task-contract');
    await completeTask(mark);

    const dana = await users.signedIn('dir.dana', '/desk');
    await dana.getByRole('link', { name: `Ratify the contract of ${title}` }).waitFor();
    await keepScreenshot(dana, 'directors-desk');
    await dana.getByRole('link', { name: `Ratify the contract of ${title}` }).click();
    await dana.getByLabel('The contract as rendered').getByText(/Monthly operational review with both floors/).waitFor();
    await dana.getByLabel('ratify', { exact: true }).check();
    await keepScreenshot(dana, 'task-ratification');
    await completeTask(dana);

    await stageOf(dana, dealId, 'live');
    await dana.getByRole('form', { name: 'Report an incident' }).waitFor();
    await keepScreenshot(dana, 'deal-live');
  });

  it("ends a deal at no-go with the report and the findings' substantiations on the director's desk", async () => {
    const title = `Night shift pilot ${Date.now()}`;
    const dealId = await startDeal(title);
    await recordFindings(dealId, { processes: 'feasible', organisation: 'conditional', systems: 'not-feasible', people: 'feasible' });
    const mark = await decide(dealId, 'no-go', /^Recommendation: no go because of systems/);
    await stageOf(mark, dealId, 'abandoned');
    await mark.getByText(/^abandoned: no-go: The four findings, read together, make this a clear no-go\.$/).waitFor();

    const dana = await users.signedIn('dir.dana', '/desk');
    const report = dana.getByRole('article', { name: `Go/no-go report on ${title}` });
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getByRole('heading', { level: 3 }).textContent()).toBe(`${title}: no go`);
    expect(await report.getByText(/^systems: not feasible$/).count()).toBe(1);
    expect(await report.getByText(/^organisation: conditional$/).count()).toBe(1);
    await report.getByText('systems: walked the floor with their team leads and checked it on site.').waitFor();
    await report.getByText('The four findings, read together, make this a clear no-go.').waitFor();
    await keepScreenshot(dana, 'directors-desk-no-go');
  });
});
