import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from "node:http2";
import type { AddressInfo, Socket } from "node:net";

/** h2c (HTTP/2 without TLS, prior knowledge); `maxConcurrentStreams` goes into the server's SETTINGS (default: no limit). */
export type FakeHttp2Option = boolean | { maxConcurrentStreams?: number };

/** The fake model server's listening side: HTTP/1.1 or h2c on 127.0.0.1, its connections counted and breakable. */
export interface FakeModelTransport {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  http2: boolean;
  /** Connections accepted so far: TCP connections, or HTTP/2 sessions (many calls share one). */
  readonly connectionCount: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Breaks every open connection now (HTTP/2: the session is destroyed, a GOAWAY then the socket closed). */
  dropConnections(): void;
  /** Breaks the connection `res` answers on (HTTP/2: its whole session, every call on it included). */
  breakConnectionOf(res: ServerResponse): void;
  close(): Promise<void>;
}

/**
 * Starts listening, handing every request to `onRequest` through node:http's request and
 * response types (HTTP/2's compatibility API mirrors them for all the fake server uses).
 */
export async function listenFakeModel(
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  http2Option: FakeHttp2Option = false,
): Promise<FakeModelTransport> {
  // Open connections (sockets, or HTTP/2 sessions), to count them and to drop them.
  const open = new Set<Socket | Http2Session>();
  let connectionCount = 0;
  const track = (connection: Socket | Http2Session) => {
    connectionCount++;
    open.add(connection);
    connection.once("close", () => open.delete(connection));
  };
  const http2 = http2Option ? (http2Option === true ? {} : http2Option) : undefined;
  const server = http2
    ? createHttp2Server(
        // A bench holds 10,000 streams on a few sessions: Node's default budget of 10 MB per session is too small.
        { maxSessionMemory: 256, ...(http2.maxConcurrentStreams ? { settings: { maxConcurrentStreams: http2.maxConcurrentStreams } } : {}) },
        (req: Http2ServerRequest, res: Http2ServerResponse) => {
          // The compat API mirrors node:http for all used here but `destroyed`.
          Object.defineProperty(res, "destroyed", { get: () => res.stream.destroyed || res.stream.closed });
          onRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse);
        },
      ).on("session", track)
    : createServer(onRequest).on("connection", track);

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dropConnections = () => {
    for (const connection of [...open]) connection.destroy();
  };

  return {
    origin: `http://127.0.0.1:${port}`,
    http2: http2 !== undefined,
    get connectionCount() {
      return connectionCount;
    },
    get openConnections() {
      return open.size;
    },
    dropConnections,
    breakConnectionOf(res) {
      if (http2) (res as unknown as Http2ServerResponse).stream.session?.destroy();
      else res.socket?.destroy();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        dropConnections();
      }),
  };
}
