import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ensureSearchAttributes, type SearchAttributeTypeName } from '@app/temporal';
import { findFreePort, startDevServer, type RunningDevServer } from './dev-server';
import { ensureTemporalCli } from './temporal-cli';

const { IndexedValueType } = temporal.api.enums.v1;
// The first run may download the CLI (or, without pip, build it with go).
const INSTALL_TIMEOUT_MS = 20 * 60_000;
const SERVER_TEST_TIMEOUT_MS = 90_000;

function tcpConnect(port: number): Promise<'connected' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error),
    );
  });
}

async function listCustomSearchAttributes(address: string, namespace: string) {
  const connection = await Connection.connect({ address });
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes;
  } finally {
    await connection.close();
  }
}

describe('findFreePort', () => {
  it('returns a port nobody listens on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    await expect(tcpConnect(port)).resolves.toBe('refused');
  });
});

describe('startDevServer', () => {
  let cliPath: string;
  let scratchDir: string;
  const running: RunningDevServer[] = [];

  beforeAll(async () => {
    cliPath = await ensureTemporalCli();
  }, INSTALL_TIMEOUT_MS);

  beforeEach(async () => {
    scratchDir = await mkdtemp(join(tmpdir(), 'gw-dev-server-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
    await rm(scratchDir, { recursive: true, force: true });
  });

  async function start(options: {
    dbFile?: string;
    namespace: string;
    searchAttributes?: Record<string, SearchAttributeTypeName>;
  }) {
    const port = await findFreePort();
    const server = await startDevServer({ cliPath, port, searchAttributes: {}, ...options });
    running.push(server);
    return { server, port };
  }

  it(
    'starts an in-memory server with the search attributes, and stop() closes the port',
    async () => {
      const { server, port } = await start({ namespace: 'gw-smoke', searchAttributes: { GwSmokeTest: 'Keyword' } });
      expect(server.address).toBe(`127.0.0.1:${port}`);
      expect(server.uiUrl).toBeUndefined();

      const attributes = await listCustomSearchAttributes(server.address, 'gw-smoke');
      expect(attributes.GwSmokeTest).toBe(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

      await server.stop();
      await expect(tcpConnect(port)).resolves.toBe('refused');
      await server.stop(); // idempotent
    },
    SERVER_TEST_TIMEOUT_MS,
  );

  it(
    'keeps search attributes added with ensureSearchAttributes across a restart on the same db file',
    async () => {
      const dbFile = join(scratchDir, 'nested', 'dir', 'temporal.db');
      const first = await start({ dbFile, namespace: 'gw-persist' });
      const connection = await Connection.connect({ address: first.server.address });
      try {
        await ensureSearchAttributes(connection, 'gw-persist', { GwPersisted: 'Int' });
        await ensureSearchAttributes(connection, 'gw-persist', { GwPersisted: 'Int' }); // already there: no-op
        await expect(ensureSearchAttributes(connection, 'gw-persist', { GwPersisted: 'Keyword' })).rejects.toThrow(
          /GwPersisted is registered as Int, not Keyword/,
        );
      } finally {
        await connection.close();
      }
      await first.server.stop();

      const database = new DatabaseSync(dbFile, { readOnly: true });
      try {
        // Write-ahead log with full syncs: fast commits that still survive a power loss.
        expect(database.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      } finally {
        database.close();
      }

      const second = await start({ dbFile, namespace: 'gw-persist' });
      const attributes = await listCustomSearchAttributes(second.server.address, 'gw-persist');
      expect(attributes.GwPersisted).toBe(IndexedValueType.INDEXED_VALUE_TYPE_INT);
      await second.server.stop();

      // The db keeps the first type and the CLI silently ignores a different one, so startDevServer must refuse.
      const conflicting = start({ dbFile, namespace: 'gw-persist', searchAttributes: { GwPersisted: 'Keyword' } });
      await expect(conflicting).rejects.toThrow(/wrong type: GwPersisted is registered as Int, not Keyword/);
    },
    SERVER_TEST_TIMEOUT_MS,
  );

  it('rejects with the tail of the output when the server exits early', async () => {
    const failingCli = join(scratchDir, 'failing-temporal');
    await writeFile(failingCli, '#!/bin/sh\necho "Error: cannot bind the port" >&2\nexit 3\n');
    await chmod(failingCli, 0o755);
    await expect(
      startDevServer({ cliPath: failingCli, port: await findFreePort(), namespace: 'x', searchAttributes: {} }),
    ).rejects.toThrow(/exit code 3[\s\S]*Error: cannot bind the port/);
  });
});
