import type { Response } from 'supertest';
import { ACCESS_EXTENSIONS, type DealAccess } from '@app/api';
import type { Role } from '@app/domain';
import { DealDriver, FEASIBLE, dealBody, expectStatus } from './support/deal-driver';
import { ownWorld, type OwnWorld } from './support/own-world';
import { TestApp, eventually } from './support/test-app';

/** A deal as the matrix sees it: who is on it, and who holds each part of the tasks it acts on. */
interface MatrixDeal {
  id: string;
  people: string[];
  directors: string[];
  advisors: string[];
  /** The assignee of the exploration tasks, and their owner. */
  assignee: string;
  owner: string;
}

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  public: boolean;
  /** It takes a request body. */
  body: boolean;
  roles?: Role[];
  deal?: DealAccess;
}

interface User {
  id: string;
  roles: Role[];
}

type Body = (context: { deal: MatrixDeal; user: User }) => object;

const IN_A_WEEK = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/**
 * The inputs the matrix sends, valid for every caller, so an answer says who may and never what is
 * wrong with the body. Every operation of the document that takes a body must have one here.
 */
const BODIES: Record<string, Body> = {
  'post /api/auth/dev-login': () => ({ userId: 'op.otto' }),
  'post /api/deals': () => dealBody({ directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'] }),
  'post /api/deals/{dealId}/tasks/{taskId}/complete': () => FEASIBLE,
  'post /api/deals/{dealId}/tasks/{taskId}/reassign': ({ deal }) => ({ assignee: deal.owner, reason: 'The assignee is on leave this week.' }),
  'post /api/deals/{dealId}/tasks/{taskId}/comments': () => ({ text: 'Shift leads are in on Tuesday.' }),
  'post /api/deals/{dealId}/tasks/{taskId}/due-date': () => ({ dueAt: IN_A_WEEK(), reason: 'The site visit moved.' }),
  'post /api/deals/{dealId}/cancel': () => ({ reason: 'The budget went elsewhere.' }),
  'post /api/deals/{dealId}/advice': () => ({ text: 'Pilot the night shift first.' }),
  'post /api/deals/{dealId}/terminate': () => ({ reason: 'The customer was acquired.' }),
  'post /api/deals/{dealId}/incidents': () => ({ severity: 'minor', title: 'Late pallet', description: 'Truck 4 was late.' }),
  'post /api/deals/{dealId}/incidents/{incidentId}/resolve': () => ({ resolution: 'Carrier briefed.' }),
  'post /api/what-if/escalation': () => ({ policy: { incidentServiceLevels: { critical: { respondWithin: 'PT2H', resolveWithin: 'PT8H' } } } }),
  'put /api/me/out-of-office': ({ user }) => ({ from: new Date().toISOString(), until: IN_A_WEEK(), delegate: user.id === 'mm.mia' ? 'mm.mark' : 'mm.mia' }),
  'put /api/me/notifications': () => ({ email: null, webhook: null }),
};

/** The task each task operation acts on, so that one user's success never changes another operation's task. */
const TASK_OF: Record<string, string> = { complete: 'processes-1', reassign: 'organisation-2', comments: 'systems-3', 'due-date': 'people-4' };

/** Ending a deal changes what every other operation answers: those go last, terminate before cancel. */
const LAST = ['/terminate', '/cancel'];

/** What the contract says a user may do: the status class the answer must fall in. */
function expected(operation: Operation, user: User, deal: MatrixDeal | undefined): 'allowed' | 403 | 404 {
  if (operation.public) return 'allowed';
  if (operation.roles && !operation.roles.some((role) => user.roles.includes(role))) return 403;
  if (!deal) return 'allowed';
  const programmeManager = user.roles.includes('programme-manager');
  if (!programmeManager && !deal.people.includes(user.id)) return 404;
  const may: Record<DealAccess, boolean> = {
    participant: true,
    assignee: user.id === deal.assignee,
    'owner-or-programme-manager': programmeManager || user.id === deal.owner,
    'sponsoring-director': deal.directors.includes(user.id),
    'named-advisor': deal.advisors.includes(user.id),
  };
  return may[operation.deal ?? 'participant'] ? 'allowed' : 403;
}

/**
 * The authorization matrix, generated from the contract: every operation of the OpenAPI document,
 * by what it says of who may call it (`x-groundwork-public`, `x-groundwork-roles`,
 * `x-groundwork-deal-access`), × every demo user (each role) × on and off a deal. A new endpoint is
 * in the matrix the day it is in the document.
 */
describe('per-deal authorization', () => {
  let own: OwnWorld;
  let app: TestApp;
  let operations: Operation[];
  let users: User[];
  let deals: MatrixDeal[];
  let first: DealDriver;

  beforeAll(async () => {
    // A Temporal server and a store of its own: the matrix changes users' settings and ends deals.
    own = await ownWorld('authorization');
    app = await TestApp.start({ ...own.env, RATE_LIMIT_USER_PER_MINUTE: '1000000', RATE_LIMIT_IP_PER_MINUTE: '1000000' });

    const document = (await app.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method as Operation['method'],
        path,
        public: operation[ACCESS_EXTENSIONS.public] === true,
        body: 'requestBody' in operation,
        ...(operation[ACCESS_EXTENSIONS.roles] ? { roles: operation[ACCESS_EXTENSIONS.roles] as Role[] } : {}),
        ...(operation[ACCESS_EXTENSIONS.deal] ? { deal: operation[ACCESS_EXTENSIONS.deal] as DealAccess } : {}),
      })),
    );
    operations.sort((a, b) => LAST.findIndex((end) => a.path.endsWith(end)) - LAST.findIndex((end) => b.path.endsWith(end)));
    users = (await app.http.get('/api/auth/dev-users').expect(200)).body as User[];

    // Two deals with no one in common but the programme manager: each user is on one, off the other, or on neither.
    const people = [
      { directors: ['dir.dana'], tacticalLeads: ['mm.mark'], operationalStaff: ['op.otto'], advisors: ['adv.ada'] },
      { directors: ['dir.diego'], tacticalLeads: ['mm.mia'], operationalStaff: ['op.olga'], advisors: [] },
    ];
    deals = [];
    for (const named of people) {
      const deal = await DealDriver.start(app, named);
      first ??= deal;
      const [assignee] = named.operationalStaff;
      expectStatus(await (await app.as(assignee!)).post(`/api/deals/${deal.dealId}/incidents`, { severity: 'minor', title: 'Scanner down', description: 'Dock 3 cannot scan.' }), 201);
      deals.push({ id: deal.dealId, people: [...named.directors, ...named.tacticalLeads, ...named.operationalStaff, ...named.advisors], directors: named.directors, advisors: named.advisors, assignee: assignee!, owner: named.tacticalLeads[0]! });
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await own?.stop();
  });

  function send(operation: Operation, user: User | undefined, deal: MatrixDeal | undefined): Promise<Response> {
    const task = Object.entries(TASK_OF).find(([action]) => operation.path.endsWith(`/${action}`))?.[1] ?? 'processes-1';
    const path = operation.path.replace('{dealId}', deal?.id ?? '').replace('{taskId}', task).replace('{incidentId}', 'incident-1');
    const body = BODIES[`${operation.method} ${operation.path}`]?.({ deal: deal ?? deals[0]!, user: user ?? users[0]! });
    const call = app.http[operation.method](path);
    if (user) void call.set('Authorization', `Bearer ${tokens.get(user.id)!}`);
    return body ? call.send(body) : call;
  }
  const tokens = new Map<string, string>();

  it('documents who may call every operation, and holds every role to it on and off a deal', async () => {
    for (const user of users) tokens.set(user.id, await app.token(user.id));
    expect(new Set(users.flatMap((user) => user.roles))).toEqual(new Set(['programme-manager', 'director', 'middle-manager', 'operational', 'advisor']));
    const withoutBody = operations.filter((operation) => operation.body && !BODIES[`${operation.method} ${operation.path}`]);
    expect(withoutBody.map((operation) => `${operation.method} ${operation.path}`)).toEqual([]);
    // Every deal-scoped operation says who on the deal may call it.
    expect(operations.filter((operation) => operation.path.includes('{dealId}') && !operation.deal).map((operation) => operation.path)).toEqual([]);

    const wrong: string[] = [];
    let cases = 0;
    for (const operation of operations) {
      const name = `${operation.method.toUpperCase()} ${operation.path}`;
      if (!operation.public) {
        const status = (await send(operation, undefined, deals[0])).status;
        cases += 1;
        if (status !== 401) wrong.push(`${name} without a token: ${status}, expected 401`);
      }
      const onDeals = operation.path.includes('{dealId}') ? deals : [undefined];
      const planned = onDeals.flatMap((deal) => users.map((user) => ({ user, deal, expect: expected(operation, user, deal) })));
      // Refusals first: an allowed call may change the state the others would be refused in.
      planned.sort((a, b) => Number(a.expect === 'allowed') - Number(b.expect === 'allowed'));
      for (const { user, deal, expect: outcome } of planned) {
        const response = await send(operation, user, deal);
        cases += 1;
        const where = deal ? ` on the deal of ${deal.people.join(', ')}` : '';
        const ok = outcome === 'allowed' ? ![401, 403, 404].includes(response.status) && response.status < 500 : response.status === outcome;
        if (!ok) wrong.push(`${name} as ${user.id}${where}: ${response.status} ${JSON.stringify(response.body).slice(0, 160)}, expected ${outcome}`);
      }
    }
    expect(wrong).toEqual([]);
    // Every operation × every user, twice (on and off a deal) where it is deal-scoped: 476 cases today.
    expect(cases).toBeGreaterThan(operations.length * users.length);
  }, 300_000);

  it('lists a deal only to the people on it and to programme managers', async () => {
    const listedTo = async (userId: string) => {
      const summaries = (await (await app.as(userId)).get('/api/deals').expect(200)).body as { dealId: string }[];
      return summaries.some((summary) => summary.dealId === first.dealId);
    };
    await eventually(async () => {
      for (const userId of ['pm.paula', 'dir.dana', 'mm.mark', 'op.otto', 'adv.ada']) expect(await listedTo(userId)).toBe(true);
    });
    for (const userId of ['dir.diego', 'mm.mia', 'op.olga', 'mm.carla', 'op.cas']) {
      expect(await listedTo(userId)).toBe(false);
      const tasks = (await (await app.as(userId)).get('/api/tasks?assignee=me').expect(200)).body as { dealId: string }[];
      expect(tasks.filter((task) => task.dealId === first.dealId)).toEqual([]);
    }
  });
});
