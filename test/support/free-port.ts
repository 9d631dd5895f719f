import { createServer } from 'node:net';

/** A loopback port nobody listens on at the moment asked (for a port a spec hands to a process, or one meant to refuse). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
