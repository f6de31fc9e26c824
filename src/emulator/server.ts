/**
 * One node:http server on loopback for every protocol. Each request is read whole, counted,
 * delayed and faulted as configured, then answered; Proton requests for a region the account
 * does not have (or has with `protonAvailable: false`) get their connection destroyed, as an
 * unreachable endpoint would.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './api-error.ts';
import { dispatch, faultCodes, renderError } from './dispatch.ts';
import type { Estate } from './estate.ts';
import { FaultPlan, type FaultOptions } from './faults.ts';
import { parseCall, type ParsedCall } from './http/request.ts';
import type { Reply } from './http/render.ts';
import { Identities } from './identity.ts';
import { parseEstate } from './load.ts';
import { World } from './world.ts';

export interface EmulatorOptions {
  estate: Estate;
  /** 0 or absent: a free port. */
  port?: number;
  host?: '127.0.0.1';
  faults?: FaultOptions;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** 'proton:ListEnvironments' → count, including failed and faulted calls. */
  calls(): Record<string, number>;
  resetCalls(): void;
  setFaults(f: FaultOptions): void;
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;

function requestId(n: number): string {
  return `e0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bodies that do not parse in the call's protocol. */
function malformed(call: ParsedCall): string {
  return call.protocol === 'query' ? `<${call.operation}Response><${call.operation}Result><broken></${call.operation}Response>` : '{"emulator": "malformed body", "items": [1, 2,';
}

const PAGE_TOKEN_KEYS = ['nextToken', 'NextToken', 'PaginationToken'] as const;
/** Query protocol (CloudFormation, IAM): the request parameter and the reply element. */
const QUERY_TOKEN_KEYS = ['NextToken', 'Marker'] as const;

/** The page token a list request carries, with the key it goes by. */
function requestPageToken(call: ParsedCall): { key: string; value: string } | undefined {
  if (call.protocol === 'query') {
    for (const key of QUERY_TOKEN_KEYS) {
      const value = call.params?.get(key);
      if (value !== undefined && value !== '') return { key, value };
    }
    return undefined;
  }
  if (call.json === null || typeof call.json !== 'object') return undefined;
  const body = call.json as Record<string, unknown>;
  for (const key of PAGE_TOKEN_KEYS) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return { key, value };
  }
  return undefined;
}

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The reply with its next-page token set back to the one the request carried (when it has one). */
function withNextToken(call: ParsedCall, reply: Reply, token: { key: string; value: string }): Reply {
  if (call.protocol === 'query') {
    const element = new RegExp(`<${token.key}>[^<]*</${token.key}>`);
    return element.test(reply.body) ? { ...reply, body: reply.body.replace(element, `<${token.key}>${xmlText(token.value)}</${token.key}>`) } : reply;
  }
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return reply;
  }
  if (body === null || typeof body !== 'object' || typeof (body as Record<string, unknown>)[token.key] !== 'string') return reply;
  return { ...reply, body: JSON.stringify({ ...(body as Record<string, unknown>), [token.key]: token.value }) };
}

function send(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const estate = parseEstate('(estate)', opts.estate);
  const world = new World(estate);
  const identities = new Identities(world);
  const plan = new FaultPlan(opts.faults);
  let counts = new Map<string, number>();
  let received = 0;
  let firstAttempts = 0;
  let tokenRequests = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) {
      res.destroy();
      return;
    }
    received += 1;
    const n = received;
    const id = requestId(n);
    const call = parseCall(req.headers, body);
    const key = `${call.service ?? 'unknown'}:${call.operation || '(none)'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);

    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (call.service === 'proton') {
      const view = identities.resolve(call.accessKeyId).account.regions.get(call.region);
      if (!view || !view.protonAvailable) {
        req.socket.destroy();
        return;
      }
    }
    // A request without the SDK's retry header counts as a first attempt.
    const attempt = /attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1];
    if (attempt === undefined || attempt === '1') firstAttempts += 1;
    const fault = plan.decide(n, attempt === undefined || attempt === '1' ? firstAttempts : undefined);
    const codes = faultCodes(call);
    switch (fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'timeout':
        // Left unanswered: the client's own timeout ends it, or close() does.
        return;
      case 'serverError':
        send(res, renderError(call, id, new ApiError(codes.serverError, 'We encountered an internal error. Please try again.', call.protocol === 'query' ? 503 : 500)));
        return;
      case 'throttle':
        send(res, renderError(call, id, new ApiError(codes.throttling, 'Rate exceeded', 400)));
        return;
      default:
        break;
    }
    let reply = dispatch(call, world, identities, id);
    const pageToken = requestPageToken(call);
    if (pageToken && reply.status === 200) {
      tokenRequests += 1;
      if (plan.repeatsPageToken(tokenRequests)) reply = withNextToken(call, reply, pageToken);
    }
    if (fault === 'truncate') {
      const full = Buffer.from(reply.body, 'utf8');
      res.writeHead(reply.status, { ...reply.headers, 'content-length': String(full.length) });
      res.write(full.subarray(0, Math.floor(full.length / 2)), () => res.destroy());
      return;
    }
    if (fault === 'malformed') {
      send(res, { status: 200, headers: reply.headers, body: malformed(call) });
      return;
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls: () => Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    resetCalls: () => {
      counts = new Map();
    },
    setFaults: (f) => plan.set(f),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
