import * as http from 'http';
import { AddressInfo } from 'net';

// The runner's HTTP servers: on 127.0.0.1 only, closed with every connection; their request bodies.

/** Starts `server` on 127.0.0.1 (`port` 0: a free one) and answers `http://127.0.0.1:<port>` (no trailing slash). */
export async function listenOnLoopback(server: http.Server, port = 0): Promise<string> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `server` and every connection it still holds (keep-alive clients included). */
export async function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
}

/** The client went away before its request was read: nothing to answer, nothing to report. */
export class ClientGone extends Error {}

/**
 * The request's body; undefined when it is larger than `maxBytes` (read to the end all the same).
 * Rejects with {@link ClientGone} when the client disconnects first.
 */
export function readBody(request: http.IncomingMessage, maxBytes = Infinity): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    request.on('aborted', () => reject(new ClientGone('the client disconnected')));
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(size > maxBytes ? undefined : Buffer.concat(chunks)));
    request.on('error', (error) => reject(request.destroyed ? new ClientGone(error.message) : error));
  });
}

/** A server of the runner's on 127.0.0.1: `start()` on a port (0: a free one), `stop()` with every connection. */
export abstract class LoopbackServer {
  private server?: http.Server;
  private origin?: string;

  protected constructor(private readonly what: string) {}

  /** `http://127.0.0.1:<port>` (no trailing slash). */
  get url(): string {
    if (!this.origin) throw new Error(`${this.what} is not started`);
    return this.origin;
  }

  async start(port = 0): Promise<string> {
    const server = http.createServer((request, response) => this.serve(request, response));
    this.origin = await listenOnLoopback(server, port);
    this.server = server;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeServer(server);
  }

  /** Answers one request; its errors are answered or logged here, never thrown. */
  protected abstract serve(request: http.IncomingMessage, response: http.ServerResponse): void;
}
