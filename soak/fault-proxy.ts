import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What a proxy did to the traffic through it. */
export interface ProxyFigures {
  connections: number;
  /** Connections cut in both directions at once, as a middlebox's reset would. */
  reset: number;
  /** Connections closed at once on arrival while refusing. */
  refused: number;
}

/**
 * A TCP proxy on loopback between a product process and a server it depends on (Temporal, PostgreSQL):
 * it can delay every chunk, cut every open connection, and turn new connections away for a while.
 * Chunks keep their order when the latency changes mid-connection.
 */
export class FaultProxy {
  readonly figures: ProxyFigures = { connections: 0, reset: 0, refused: 0 };
  private readonly open = new Set<Socket>();
  private latencyMs = 0;
  private refusingUntil = 0;

  private constructor(
    private readonly server: Server,
    readonly name: string,
  ) {}

  static async start(name: string, target: { host: string; port: number }): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, name);
    server.on('connection', (client) => proxy.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Every chunk from now on waits this long in each direction. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Cuts every open connection; returns how many. */
  resetAll(): number {
    const cut = this.open.size;
    for (const socket of this.open) socket.resetAndDestroy();
    this.figures.reset += cut;
    return cut;
  }

  /** New connections are closed on arrival for this long. */
  refuseFor(ms: number): void {
    this.refusingUntil = Date.now() + ms;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    if (Date.now() < this.refusingUntil) {
      this.figures.refused += 1;
      client.resetAndDestroy();
      return;
    }
    this.figures.connections += 1;
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      this.open.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.open.delete(socket));
      socket.on('error', () => undefined);
    }
    this.pipe(client, upstream);
    this.pipe(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private pipe(from: Socket, to: Socket): void {
    let lastDue = 0;
    from.on('data', (chunk: Buffer) => {
      if (this.latencyMs === 0 && lastDue <= Date.now()) {
        to.write(chunk);
        return;
      }
      // Never before the chunk ahead of it, whatever the latency is now.
      const due = Math.max(Date.now() + this.latencyMs, lastDue);
      lastDue = due;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due - Date.now());
    });
    from.on('end', () => setTimeout(() => to.end(), Math.max(lastDue - Date.now(), 0)));
  }
}
