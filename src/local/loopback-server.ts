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

/**
 * The listening sockets of the runner's servers, by port, with the servers answering on each (the
 * last started answers). A server started on a port another one still listens on takes its
 * requests over without closing the socket — how a --watch reload swaps versions with no refused
 * connection: the new version starts on the same ports, then the old one stops. A server that stops
 * hands the port back to the one before it, and the socket closes with the last one.
 */
const LISTENERS = new Map<number, { readonly server: http.Server; readonly answering: LoopbackServer[] }>();

/** How long a server that hands its port over waits for the requests it is still answering (API Gateway's longest integration timeout). */
const DRAIN_MS = 30_000;

/** A server of the runner's on 127.0.0.1: `start()` on a port (0: a free one), `stop()` with every connection. */
export abstract class LoopbackServer {
  private port?: number;
  private origin?: string;
  private inFlight = 0;
  private drained?: () => void;

  protected constructor(private readonly what: string) {}

  /** `http://127.0.0.1:<port>` (no trailing slash). */
  get url(): string {
    if (!this.origin) throw new Error(`${this.what} is not started`);
    return this.origin;
  }

  async start(port = 0): Promise<string> {
    const shared = port ? LISTENERS.get(port) : undefined;
    if (shared) {
      shared.answering.push(this);
    } else {
      const answering: LoopbackServer[] = [this];
      const server = http.createServer((request, response) => answering[answering.length - 1].receive(request, response));
      port = Number(new URL(await listenOnLoopback(server, port)).port);
      LISTENERS.set(port, { server, answering });
    }
    this.port = port;
    this.origin = `http://127.0.0.1:${port}`;
    return this.url;
  }

  /**
   * Stops answering: the port goes back to the server that answered on it before (after the requests
   * this one is answering are done), or, for the last one, closes with every connection.
   */
  async stop(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    const listener = port === undefined ? undefined : LISTENERS.get(port);
    if (!listener) return;
    listener.answering.splice(listener.answering.indexOf(this), 1);
    if (listener.answering.length) {
      if (this.inFlight) {
        await new Promise<void>((resolveDrained) => {
          this.drained = resolveDrained;
          setTimeout(resolveDrained, DRAIN_MS).unref();
        });
      }
      return;
    }
    LISTENERS.delete(port!);
    await closeServer(listener.server);
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.inFlight++;
    response.once('close', () => {
      if (--this.inFlight === 0) this.drained?.();
    });
    this.serve(request, response);
  }

  /** Answers one request; its errors are answered or logged here, never thrown. */
  protected abstract serve(request: http.IncomingMessage, response: http.ServerResponse): void;
}
