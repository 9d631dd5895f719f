import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import {
  digestRecipients,
  incidentSequenceOf,
  taskSequenceOf,
  UNRESOLVED_INCIDENT_STATUSES,
  type DealChanges,
  type DealEscalationRecord,
  type DealEventData,
  type DealHead,
  type DealStage,
  type DealState,
  type Incident,
  type IncidentCourse,
  type IncidentStatus,
  type Level,
  type RecordedDealEvent,
  type Severity,
  type Task,
  type UserId,
  type WhatIfClimb,
} from '@app/domain';
import { decodeCursor, encodeCursor } from './cursor';
import type { StoreSchema } from './schema';
import type { Store } from './store';

export interface OperationalFigures {
  tasks: { level: Level; open: number; overdue: number }[];
  incidents: { severity: Severity; level: Level; open: number; oldestReportedAt: string }[];
  escalations: { kind: 'task' | 'incident'; level: Level; count: number }[];
}

/** A deal as the store returns it: its state as users read it, and who may read it. */
export type StoredDeal = DealState & { participants: UserId[] };

export interface DealSummaryRecord {
  dealId: string;
  title: string;
  stage: DealStage;
  customer: string;
  segment: string;
  valueProposition: string;
  programmeManager: string;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
  running: boolean;
}

export const DEAL_SORTS = ['updated', 'opened', 'stage'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export interface DealListFilter {
  /** Only deals this user may read (null: every deal, for programme managers). */
  readableBy: UserId | null;
  stage?: DealStage;
  customer?: string;
  segment?: string;
  valueProposition?: string;
  programmeManager?: string;
  person?: UserId;
  /** Text in the title or the customer's name, case-insensitive. */
  text?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface OpenTaskRecord {
  id: string;
  kind: Task['kind'];
  assignee: UserId;
  owner: UserId;
  dueAt: string;
  level: Task['level'];
  dealId: string;
  dealTitle: string;
}

export interface OpenTaskFilter {
  assignee: UserId;
  dealId?: string;
  kind?: Task['kind'];
  level?: Task['level'];
  /** true: due before `now` only; false: not yet due only. */
  overdue?: { value: boolean; now: string };
}

const CLOSED: DealStage[] = ['abandoned', 'rejected', 'terminated'];

/** The deals' part of the durable record: written by the deal workflow's activity, read by the API. */
export class DealRecords {
  constructor(private readonly store: Store) {}

  /** The deals a user is named on (the people index), as a subquery: what they may read besides programme managers. */
  private dealsOf(userId: UserId) {
    return this.store.db.selectFrom('deal_people').select('deal_people.deal_id').where('deal_people.user_id', '=', userId);
  }

  /** Writes a deal's changes in one transaction; writing the same changes again changes nothing. */
  async record(changes: DealChanges, startKey?: string): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      if (changes.head) await this.writeHead(trx, changes, changes.head, startKey);
      else {
        await trx
          .updateTable('deals')
          .set({ version: changes.version, updated_at: changes.updatedAt })
          .where('deal_id', '=', changes.dealId)
          .where('version', '<=', changes.version)
          .execute();
      }
      for (const task of changes.tasks) await this.writeTask(trx, changes, task);
      for (const incident of changes.incidents) await this.writeIncident(trx, changes, incident);
      for (const events of chunks(changes.events, 100)) {
        await trx
          .insertInto('deal_events')
          .values(events.map((event) => eventRow(changes.dealId, event)))
          .onConflict((conflict) => conflict.columns(['deal_id', 'sequence']).doNothing())
          .execute();
      }
      for (const signals of chunks(changes.signals, 100)) {
        await trx
          .insertInto('signals')
          .values(
            signals.map((signal) => ({
              recipient: signal.recipient,
              delivery_id: signal.id,
              deal_id: signal.dealId,
              type: signal.type,
              at: signal.at,
              data: JSON.stringify(signal),
            })),
          )
          .onConflict((conflict) => conflict.columns(['recipient', 'delivery_id']).doNothing())
          .execute();
      }
    });
  }

  /** A deal as users read it; `unresolvedIncidentsOnly` leaves out the resolved and closed incidents (a relationship of years has thousands). */
  async find(dealId: string, { unresolvedIncidentsOnly = false } = {}): Promise<StoredDeal | null> {
    const row = await this.store.db.selectFrom('deals').select('head').where('deal_id', '=', dealId).executeTakeFirst();
    if (!row) return null;
    const [tasks, incidents] = await Promise.all([
      this.store.db.selectFrom('deal_tasks').select('data').where('deal_id', '=', dealId).orderBy('sequence').execute(),
      this.store.db
        .selectFrom('deal_incidents')
        .select('data')
        .where('deal_id', '=', dealId)
        .$if(unresolvedIncidentsOnly, (query) => query.where('status', 'in', UNRESOLVED_INCIDENT_STATUSES))
        .orderBy('sequence')
        .execute(),
    ]);
    const head = JSON.parse(row.head) as DealHead;
    return {
      ...head,
      tasks: tasks.map((task) => JSON.parse(task.data) as Task),
      incidents: incidents.map((incident) => JSON.parse(incident.data) as Incident),
    };
  }

  /** How many incidents the deal has had, resolved or not. */
  async incidentCount(dealId: string): Promise<number> {
    const row = await this.store.db.selectFrom('deal_incidents').select((eb) => eb.fn.countAll<number | string>().as('count')).where('deal_id', '=', dealId).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** A deal's incidents in the order they were reported, a page at a time after the incident numbered `after`. */
  async incidents(dealId: string, page: { after?: number; limit: number; status?: IncidentStatus }): Promise<Incident[]> {
    const rows = await this.store.db
      .selectFrom('deal_incidents')
      .select('data')
      .where('deal_id', '=', dealId)
      .where('sequence', '>', page.after ?? 0)
      .$if(page.status !== undefined, (query) => query.where('status', '=', page.status!))
      .orderBy('sequence')
      .limit(page.limit)
      .execute();
    return rows.map((row) => JSON.parse(row.data) as Incident);
  }

  /** Whether a deal ID was ever used, and by which keyed start: IDs are unique forever. */
  async startOf(dealId: string): Promise<{ startKey: string | null } | null> {
    const row = await this.store.db.selectFrom('deals').select('start_key').where('deal_id', '=', dealId).executeTakeFirst();
    return row ? { startKey: row.start_key } : null;
  }

  /** Who may read a deal besides programme managers; null when the deal is unknown. */
  async participants(dealId: string): Promise<UserId[] | null> {
    const row = await this.store.db.selectFrom('deals').select('head').where('deal_id', '=', dealId).executeTakeFirst();
    return row ? (JSON.parse(row.head) as DealHead).participants : null;
  }

  /** One task as users see it, without reading the rest of the deal. */
  async task(dealId: string, taskId: string): Promise<Task | null> {
    const row = await this.store.db.selectFrom('deal_tasks').select('data').where('deal_id', '=', dealId).where('task_id', '=', taskId).executeTakeFirst();
    return row ? (JSON.parse(row.data) as Task) : null;
  }

  /** One incident as users see it, also one the workflow has long forgotten. */
  async incident(dealId: string, incidentId: string): Promise<Incident | null> {
    const row = await this.store.db
      .selectFrom('deal_incidents')
      .select('data')
      .where('deal_id', '=', dealId)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.data) as Incident) : null;
  }

  /**
   * The incidents reported since `since` on one deal or on every deal a user may read (null: every
   * deal), each with when it climbed and when its deal closed: what the relationship's health reads.
   */
  async incidentCourses(scope: { dealId: string } | { readableBy: UserId | null }, since: string): Promise<(IncidentCourse & { dealId: string; dealTitle: string; dealStage: DealStage })[]> {
    const incidents = await this.store.db
      .selectFrom('deal_incidents')
      .innerJoin('deals', 'deals.deal_id', 'deal_incidents.deal_id')
      .select(['deal_incidents.deal_id', 'deal_incidents.data', 'deals.title', 'deals.stage', 'deals.closed_at'])
      .where('deal_incidents.reported_at', '>=', since)
      .where((eb) => {
        if ('dealId' in scope) return eb('deal_incidents.deal_id', '=', scope.dealId);
        if (scope.readableBy === null) return eb.lit(true);
        return eb('deal_incidents.deal_id', 'in', this.dealsOf(scope.readableBy));
      })
      .orderBy('deal_incidents.deal_id')
      .orderBy('deal_incidents.sequence')
      .execute();
    const dealIds = [...new Set(incidents.map((row) => row.deal_id))];
    const climbs = new Map<string, IncidentCourse['climbs']>();
    for (const ids of chunks(dealIds, 500)) {
      const events = await this.store.db
        .selectFrom('deal_events')
        .select(['deal_id', 'at', 'data'])
        .where('deal_id', 'in', ids)
        .where('type', '=', 'IncidentEscalated')
        .where('at', '>=', since)
        .orderBy('deal_id')
        .orderBy('sequence')
        .execute();
      for (const event of events) {
        const { incidentId, level } = JSON.parse(event.data) as DealEventData['IncidentEscalated'];
        const key = `${event.deal_id}/${incidentId}`;
        climbs.set(key, [...(climbs.get(key) ?? []), { level, at: event.at }]);
      }
    }
    return incidents.map((row) => {
      const incident = JSON.parse(row.data) as Incident;
      return { dealId: row.deal_id, dealTitle: row.title, dealStage: row.stage as DealStage, incident, climbs: climbs.get(`${row.deal_id}/${incident.id}`) ?? [], closedAt: incident.resolvedAt === undefined ? row.closed_at : null };
    });
  }

  /** The directors of both sides named on the deals open now or closed since `since`: who a digest goes to. */
  /**
   * What an operator watches across all deals, counted in the store at the moment asked: open and
   * overdue tasks per level, open incidents per severity and level with the oldest one's report
   * time, and the escalations the timelines recorded per kind and level.
   */
  async operationalFigures(now: string): Promise<OperationalFigures> {
    const { db, dialect } = this.store;
    const tasks = await db
      .selectFrom('deal_tasks')
      .select((eb) => ['level', eb.fn.countAll<number | string>().as('open'), eb.fn.sum<number | string | null>(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('overdue')])
      .where('status', '=', 'open')
      .groupBy('level')
      .execute();
    const incidents = await db
      .selectFrom('deal_incidents')
      .select((eb) => ['severity', 'level', eb.fn.countAll<number | string>().as('open'), eb.fn.min('reported_at').as('oldest')])
      .where('status', 'in', ['reported', 'acknowledged'])
      .groupBy(['severity', 'level'])
      .execute();
    const levelOf = dialect === 'sqlite' ? sql<string>`json_extract(data, '$.level')` : sql<string>`(data::json ->> 'level')`;
    const escalations = await db
      .selectFrom('deal_events')
      .select((eb) => ['type', levelOf.as('level'), eb.fn.countAll<number | string>().as('count')])
      .where('type', 'in', ['TaskEscalated', 'IncidentEscalated'])
      .groupBy(['type', levelOf])
      .execute();
    return {
      tasks: tasks.map((row) => ({ level: row.level as Level, open: Number(row.open), overdue: Number(row.overdue ?? 0) })),
      incidents: incidents.map((row) => ({ severity: row.severity as Severity, level: row.level as Level, open: Number(row.open), oldestReportedAt: row.oldest })),
      escalations: escalations.map((row) => ({ kind: row.type === 'TaskEscalated' ? ('task' as const) : ('incident' as const), level: row.level as Level, count: Number(row.count) })),
    };
  }

  async directorsOfDeals(since: string): Promise<UserId[]> {
    const rows = await this.store.db
      .selectFrom('deals')
      .select('head')
      .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', since)]))
      .execute();
    return digestRecipients(rows.map((row) => JSON.parse(row.head) as DealHead));
  }

  /**
   * The recorded course of the deals active since `since` (the `limit` most recently updated, or
   * the named ones): their incidents reported and tasks opened since then, with every climb as the
   * timeline recorded it. What the what-if for escalation policies replays.
   */
  async escalationRecords(scope: { since: string; limit: number; dealIds?: string[] }): Promise<DealEscalationRecord[]> {
    const deals = await this.store.db
      .selectFrom('deals')
      .select(['deal_id', 'head', 'closed_at'])
      .where('updated_at', '>=', scope.since)
      .$if(scope.dealIds !== undefined, (query) => query.where('deal_id', 'in', scope.dealIds!))
      .orderBy('updated_at', 'desc')
      .orderBy('deal_id')
      .limit(scope.limit)
      .execute();
    const records: DealEscalationRecord[] = [];
    for (const batch of chunks(deals, 500)) {
      const ids = batch.map((deal) => deal.deal_id);
      const [incidents, tasks, events] = await Promise.all([
        this.store.db.selectFrom('deal_incidents').select(['deal_id', 'data']).where('deal_id', 'in', ids).where('reported_at', '>=', scope.since).orderBy('sequence').execute(),
        this.store.db.selectFrom('deal_tasks').select(['deal_id', 'data']).where('deal_id', 'in', ids).where('opened_at', '>=', scope.since).orderBy('sequence').execute(),
        this.store.db
          .selectFrom('deal_events')
          .select(['deal_id', 'type', 'at', 'data'])
          .where('deal_id', 'in', ids)
          .where('type', 'in', ['TaskOpened', 'TaskEscalated', 'TaskCancelled', 'IncidentEscalated', 'RelationshipStarted'])
          .where('at', '>=', scope.since)
          .orderBy('deal_id')
          .orderBy('sequence')
          .execute(),
      ]);
      const eventsOf = groupBy(events, (event) => event.deal_id);
      const incidentsOf = groupBy(incidents, (row) => row.deal_id);
      const tasksOf = groupBy(tasks, (row) => row.deal_id);
      for (const deal of batch) {
        const head = JSON.parse(deal.head) as DealHead;
        const course = courseOf(eventsOf.get(deal.deal_id) ?? []);
        records.push({
          dealId: deal.deal_id,
          title: head.title,
          stage: head.stage,
          people: head,
          policy: head.policy,
          ...(head.calendar ? { calendar: head.calendar } : {}),
          contractServiceLevels: head.contract?.terms.serviceLevels ?? null,
          liveSince: course.liveSince,
          closedAt: deal.closed_at,
          incidents: (incidentsOf.get(deal.deal_id) ?? []).map((row) => {
            const incident = JSON.parse(row.data) as Incident;
            return { incident, climbs: course.climbs.get(`incident/${incident.id}`) ?? [] };
          }),
          tasks: (tasksOf.get(deal.deal_id) ?? []).map((row) => {
            const task = JSON.parse(row.data) as Task;
            return {
              task,
              openedLevel: course.openedLevel.get(task.id) ?? task.level,
              endedAt: task.completedAt ?? course.cancelledAt.get(task.id) ?? null,
              escalations: course.climbs.get(`task/${task.id}`) ?? [],
            };
          }),
        });
      }
    }
    return records;
  }

  async timeline(dealId: string, page: { after?: number; limit: number }): Promise<RecordedDealEvent[]> {
    const rows = await this.store.db
      .selectFrom('deal_events')
      .selectAll()
      .where('deal_id', '=', dealId)
      .where('sequence', '>', page.after ?? 0)
      .orderBy('sequence')
      .limit(page.limit)
      .execute();
    return rows.map((row) => ({ sequence: Number(row.sequence), type: row.type, at: row.at, actor: row.actor, data: JSON.parse(row.data) as RecordedDealEvent['data'] }) as RecordedDealEvent);
  }

  async list(filter: DealListFilter, page: { sort: DealSort; cursor?: string; limit: number }): Promise<Page<DealSummaryRecord>> {
    const where = (eb: ExpressionBuilder<StoreSchema, 'deals'>): Expression<SqlBool> => {
      const clauses: Expression<SqlBool>[] = [];
      if (filter.readableBy !== null) clauses.push(eb('deal_id', 'in', this.dealsOf(filter.readableBy)));
      if (filter.person !== undefined) clauses.push(eb('deal_id', 'in', this.dealsOf(filter.person)));
      if (filter.stage !== undefined) clauses.push(eb('stage', '=', filter.stage));
      if (filter.customer !== undefined) clauses.push(eb('customer', '=', filter.customer));
      if (filter.segment !== undefined) clauses.push(eb('segment', '=', filter.segment));
      if (filter.valueProposition !== undefined) clauses.push(eb('value_proposition', '=', filter.valueProposition));
      if (filter.programmeManager !== undefined) clauses.push(eb('programme_manager', '=', filter.programmeManager));
      if (filter.text !== undefined) {
        const pattern = `%${escapeLike(filter.text.toLowerCase())}%`;
        clauses.push(sql<SqlBool>`${eb.ref('search_text')} like ${pattern} escape '\\'`);
      }
      return eb.and(clauses);
    };
    const sortColumn = ({ updated: 'updated_at', opened: 'opened_at', stage: 'stage' } as const)[page.sort];
    // Newest first for times; stages in name order. Ties break on the deal ID, so the order is total.
    const descending = page.sort !== 'stage';
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string', 'string'] as const);
    const rows = await this.store.db
      .selectFrom('deals')
      .select(['deal_id', 'title', 'stage', 'customer', 'segment', 'value_proposition', 'programme_manager', 'opened_at', 'updated_at', 'closed_at'])
      .where(where)
      .$if(after !== undefined, (query) =>
        query.where((eb) => eb(eb.refTuple(sortColumn, 'deal_id'), descending ? '<' : '>', eb.tuple(after![0], after![1]))),
      )
      .orderBy(sortColumn, descending ? 'desc' : 'asc')
      .orderBy('deal_id', descending ? 'desc' : 'asc')
      .limit(page.limit + 1)
      .execute();
    const { count } = await this.store.db
      .selectFrom('deals')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where(where)
      .executeTakeFirstOrThrow();
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
        dealId: row.deal_id,
        title: row.title,
        stage: row.stage as DealStage,
        customer: row.customer,
        segment: row.segment,
        valueProposition: row.value_proposition,
        programmeManager: row.programme_manager,
        startedAt: row.opened_at,
        updatedAt: row.updated_at,
        closedAt: row.closed_at,
        running: !CLOSED.includes(row.stage as DealStage),
      })),
      total: Number(count),
      nextCursor: rows.length > page.limit && last ? encodeCursor([String(last[sortColumn]), last.deal_id]) : null,
    };
  }

  /** A user's open tasks across deals, soonest due first; pages by cursor (stable) or by offset. */
  async openTasks(filter: OpenTaskFilter, page: { offset: number; limit: number; cursor?: string }): Promise<Page<OpenTaskRecord>> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string', 'string', 'number'] as const);
    const base = this.store.db
      .selectFrom('deal_tasks')
      .innerJoin('deals', 'deals.deal_id', 'deal_tasks.deal_id')
      .where('deal_tasks.assignee', '=', filter.assignee)
      .where('deal_tasks.status', '=', 'open')
      .$if(filter.dealId !== undefined, (query) => query.where('deal_tasks.deal_id', '=', filter.dealId!))
      .$if(filter.kind !== undefined, (query) => query.where('deal_tasks.kind', '=', filter.kind!))
      .$if(filter.level !== undefined, (query) => query.where('deal_tasks.level', '=', filter.level!))
      .$if(filter.overdue !== undefined, (query) => query.where('deal_tasks.due_at', filter.overdue!.value ? '<' : '>=', filter.overdue!.now));
    const [rows, { count }] = await Promise.all([
      base
        .select(['deal_tasks.task_id', 'deal_tasks.kind', 'deal_tasks.assignee', 'deal_tasks.owner', 'deal_tasks.due_at', 'deal_tasks.level', 'deal_tasks.deal_id', 'deals.title'])
        .select('deal_tasks.sequence')
        .$if(after !== undefined, (query) =>
          query.where((eb) => eb(eb.refTuple('deal_tasks.due_at', 'deal_tasks.deal_id', 'deal_tasks.sequence'), '>', eb.tuple(after![0], after![1], after![2]))),
        )
        .orderBy('deal_tasks.due_at')
        .orderBy('deal_tasks.deal_id')
        .orderBy('deal_tasks.sequence')
        .offset(page.offset)
        .limit(page.limit + 1)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
    ]);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
        id: row.task_id,
        kind: row.kind as Task['kind'],
        assignee: row.assignee,
        owner: row.owner,
        dueAt: row.due_at,
        level: row.level as Task['level'],
        dealId: row.deal_id,
        dealTitle: row.title,
      })),
      total: Number(count),
      nextCursor: rows.length > page.limit && last ? encodeCursor([last.due_at, last.deal_id, Number(last.sequence)]) : null,
    };
  }

  private async writeHead(trx: Transaction<StoreSchema>, changes: DealChanges, head: DealHead, startKey: string | undefined): Promise<void> {
    const replaced = {
      version: changes.version,
      title: head.title,
      customer: head.customer.name,
      segment: head.customer.segment,
      value_proposition: head.valueProposition,
      programme_manager: head.programmeManager,
      stage: head.stage,
      opened_at: head.startedAt,
      closed_at: head.closedAt,
      updated_at: changes.updatedAt,
      search_text: `${head.title}\n${head.customer.name}`.toLowerCase(),
      head: JSON.stringify(head),
    };
    await trx
      .insertInto('deals')
      .values({ deal_id: changes.dealId, start_key: startKey ?? null, ...replaced })
      .onConflict((conflict) =>
        conflict
          .column('deal_id')
          .doUpdateSet(replaced)
          .where('deals.version', '<=', changes.version),
      )
      .execute();
    await trx
      .insertInto('deal_people')
      .values(head.participants.map((user_id) => ({ deal_id: changes.dealId, user_id })))
      .onConflict((conflict) => conflict.columns(['deal_id', 'user_id']).doNothing())
      .execute();
  }

  private async writeTask(trx: Transaction<StoreSchema>, changes: DealChanges, task: Task): Promise<void> {
    const replaced = {
      version: changes.version,
      kind: task.kind,
      assignee: task.assignee,
      owner: task.owner,
      level: task.level,
      status: task.status,
      due_at: task.dueAt,
      opened_at: task.openedAt,
      data: JSON.stringify(task),
    };
    await trx
      .insertInto('deal_tasks')
      .values({ deal_id: changes.dealId, task_id: task.id, sequence: taskSequenceOf(task.id)!, ...replaced })
      .onConflict((conflict) => conflict.columns(['deal_id', 'task_id']).doUpdateSet(replaced).where('deal_tasks.version', '<=', changes.version))
      .execute();
  }

  private async writeIncident(trx: Transaction<StoreSchema>, changes: DealChanges, incident: Incident): Promise<void> {
    const replaced = {
      version: changes.version,
      severity: incident.severity,
      status: incident.status,
      level: incident.level,
      reported_at: incident.reportedAt,
      data: JSON.stringify(incident),
    };
    await trx
      .insertInto('deal_incidents')
      .values({ deal_id: changes.dealId, incident_id: incident.id, sequence: incidentSequenceOf(incident.id)!, ...replaced })
      .onConflict((conflict) => conflict.columns(['deal_id', 'incident_id']).doUpdateSet(replaced).where('deal_incidents.version', '<=', changes.version))
      .execute();
  }
}

function eventRow(dealId: string, event: RecordedDealEvent) {
  return { deal_id: dealId, sequence: event.sequence, type: event.type, at: event.at, actor: event.actor, data: JSON.stringify(event.data) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** What a deal's timeline says about climbs: each task's opening level and end, every climb with who was told. */
function courseOf(events: readonly { type: string; at: string; data: string }[]) {
  const openedLevel = new Map<string, Level>();
  const cancelledAt = new Map<string, string>();
  const climbs = new Map<string, WhatIfClimb[]>();
  let liveSince: string | null = null;
  const climb = (key: string, value: WhatIfClimb) => climbs.set(key, [...(climbs.get(key) ?? []), value]);
  for (const event of events) {
    if (event.type === 'TaskOpened') {
      const { taskId, level } = JSON.parse(event.data) as DealEventData['TaskOpened'];
      openedLevel.set(taskId, level);
    } else if (event.type === 'TaskCancelled') {
      cancelledAt.set((JSON.parse(event.data) as DealEventData['TaskCancelled']).taskId, event.at);
    } else if (event.type === 'TaskEscalated') {
      const { taskId, level, notified } = JSON.parse(event.data) as DealEventData['TaskEscalated'];
      climb(`task/${taskId}`, { level, at: event.at, notified });
    } else if (event.type === 'IncidentEscalated') {
      const { incidentId, level, notified } = JSON.parse(event.data) as DealEventData['IncidentEscalated'];
      climb(`incident/${incidentId}`, { level, at: event.at, notified });
    } else if (event.type === 'RelationshipStarted') liveSince = event.at;
  }
  return { openedLevel, cancelledAt, climbs, liveSince };
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let index = 0; index < items.length; index += size) yield items.slice(index, index + size);
}

