import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import type { BackendOptions } from './backend/backend.js';
import { MockBackend } from './backend/backend.js';
import { createHandlers } from './handlers/index.js';

/**
 * The mock as a real HTTP server (in memory) over the same handlers as the browser worker — for backend teams,
 * host apps on another origin, and the conformance suite. Answers CORS preflights; credentials allowed per origin.
 */
export interface MockServer {
  url: string;
  backend: MockBackend;
  close(): Promise<void>;
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id';
const EXPOSED_HEADERS = 'Idempotent-Replayed, X-Request-Id, Content-Disposition, Retry-After';

function cors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) {
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else if (v !== undefined) headers.set(k, v);
  }
  const method = req.method ?? 'GET';
  return new Request(new URL(req.url ?? '/', base), {
    method,
    headers,
    ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
  });
}

export async function startMockServer(options: BackendOptions & { port?: number; host?: string } = {}): Promise<MockServer> {
  const backend = new MockBackend({ ...options, storage: null });
  const handlers = createHandlers(backend);
  const host = options.host ?? '127.0.0.1';
  let base = `http://${host}`;
  const server = createServer((req, res) => {
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    void (async () => {
      try {
        const response = await getResponse(handlers, await toRequest(req, base));
        if (!response) {
          res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: `No route ${req.method ?? ''} ${req.url ?? ''}.` } }));
          return;
        }
        if (response.type === 'error') {
          // An injected "offline" fault: drop the connection, as a dead network would.
          req.socket.destroy();
          return;
        }
        response.headers.forEach((value, key) => res.setHeader(key, value));
        res.writeHead(response.status);
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (e) {
        console.error('[orgkit mock server]', e);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal_error', message: 'The mock server failed.' } }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host}:${String(port)}`;
  return {
    url: base,
    backend,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
