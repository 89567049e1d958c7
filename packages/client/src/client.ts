import type { BodyOf, Method, QueryOf, ResponseOf, RouteName, Routes } from '@orgkit/contract';
import { API_BASE, fillPath, invoicePath, ROUTE_WIRE, WIRE_SCHEMAS, wireProblem } from '@orgkit/contract/wire';
import { ConnectionError, errorFromResponse, ResponseValidationError, TimeoutError } from './errors.js';

/**
 * The typed OrgKit client. Every call is built from the contract's ROUTES (method, path, response schema,
 * idempotency), so the client cannot drift from the API; the resource objects below only give it friendly names.
 */

export type AuthTokenProvider = (request: { forceRefresh: boolean }) => string | null | undefined | Promise<string | null | undefined>;

export interface ClientOptions {
  /**
   * Where the API lives: an origin ('' for the page's own; default), with or without the API base path
   * (`https://api.acme.test` and `https://api.acme.test/api/orgkit/v1` are the same).
   */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** A bearer token; on a 401 it is asked once more with `forceRefresh: true` and the request is retried once. */
  getAuthToken?: AuthTokenProvider;
  /** `'include'` for a host's cookie session on another origin. */
  credentials?: RequestCredentials;
  /** The whole call, retries and their waits included, must end within this time. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries of a GET or an idempotency-keyed mutation on 408/429/5xx and network errors. Default 2. */
  maxRetries?: number;
  /** How to wait before a retry (tests inject one); default: a timer, cut short by the call's signal. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Replaces the client's generated key (keep one across double-clicks); makes any mutation retryable. */
  idempotencyKey?: string;
}

type ParamsOf<P> = P extends `${string}:${infer K}/${infer Rest}` ? K | ParamsOf<`/${Rest}`> : P extends `${string}:${infer K}` ? K : never;
/** The route's query; a coerced number (its input type is `unknown` in the contract) is typed as the number it carries. */
export type Query<N extends RouteName> = { [K in keyof QueryOf<N>]: unknown extends QueryOf<N>[K] ? number : QueryOf<N>[K] };
type Part<K extends string, T> = [T] extends [never] ? { [_ in K]?: undefined } : object extends T ? { [_ in K]?: T } : { [_ in K]: T };

/** What `request()` takes for a route: its path parameters, body and query, each required exactly when the route has one. */
export type RequestOptions<N extends RouteName> = CallOptions &
  Part<'params', [ParamsOf<Routes[N]['path']>] extends [never] ? never : Record<ParamsOf<Routes[N]['path']>, string>> &
  Part<'body', BodyOf<N>> &
  Part<'query', [QueryOf<N>] extends [never] ? never : Query<N>>;

type Args<N extends RouteName> = object extends RequestOptions<N> ? [options?: RequestOptions<N>] : [options: RequestOptions<N>];
type O = CallOptions;
type Res<N extends RouteName> = Promise<ResponseOf<N>>;

/** Exponential backoff with jitter (0.5 s, 1 s, 2 s … ≤ 8 s, each up to 25 % shorter), or the server's Retry-After (≤ 60 s). */
export function retryDelay(attempt: number, retryAfter?: string | null, random: () => number = Math.random): number {
  if (retryAfter) {
    const s = Number(retryAfter);
    const ms = Number.isNaN(s) ? Date.parse(retryAfter) - Date.now() : s * 1000;
    if (ms >= 0 && ms <= 60_000) return ms;
  }
  return Math.min(500 * 2 ** attempt, 8_000) * (1 - 0.25 * random());
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    if (signal.aborted) done();
    else signal.addEventListener('abort', done, { once: true });
  });

interface Send extends O {
  body?: unknown;
}

export class OrgKitClient {
  private readonly opts: ClientOptions;

  /** The origin requests go to (baseUrl without a trailing slash or API base path). */
  private readonly origin: string;

  constructor(options: ClientOptions = {}) {
    this.opts = options;
    const base = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.origin = base.endsWith(API_BASE) ? base.slice(0, -API_BASE.length) : base;
  }

  /** The headers this client authenticates with, for a host's own calls beside the API (e.g. the mock's checkout). */
  async authHeaders(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...this.opts.headers };
    const token = await this.opts.getAuthToken?.({ forceRefresh: false });
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  /** Call any route of the contract by name; the answer is parsed by the route's response schema. */
  async request<N extends RouteName>(name: N, ...[options]: Args<N>): Res<N> {
    const [method, path, , idempotent, schema] = ROUTE_WIRE[name];
    const o = (options ?? {}) as Send & { params?: Record<string, string>; query?: Record<string, unknown> };
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined && v !== null) q.set(k, String(v));
    const qs = String(q);
    const key = o.idempotencyKey ?? (idempotent ? crypto.randomUUID() : undefined);
    return this.call(method, API_BASE + fillPath(path, o.params ?? {}) + (qs ? `?${qs}` : ''), { ...o, idempotencyKey: key }, async (res) => {
      const data: unknown = await res.json().catch((e: unknown) => {
        throw new ResponseValidationError(`${name}: the answer is not JSON.`, e);
      });
      // Every answer is checked against the route's response schema (its wire form, generated from the contract).
      const problem = wireProblem(`#${schema}`, data, WIRE_SCHEMAS);
      if (problem) throw new ResponseValidationError(`${name}: the answer does not match the contract (${problem}).`, problem);
      return data as ResponseOf<N>;
    });
  }

  /** One call: a deadline over all attempts, the caller's signal, then the answer read by `read`. */
  private async call<T>(method: Method, path: string, o: Send, read: (res: Response) => Promise<T>): Promise<T> {
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, deadline]) : deadline;
    try {
      return await read(await this.send(method, path, o, signal));
    } catch (e) {
      if (o.signal?.aborted) throw o.signal.reason as Error;
      if (deadline.aborted) throw new TimeoutError(`No answer within ${String(timeoutMs)} ms.`, { cause: e });
      throw e;
    }
  }

  private async send(method: Method, path: string, o: Send, signal: AbortSignal): Promise<Response> {
    const { getAuthToken, maxRetries = 2, sleep = wait } = this.opts;
    const retryable = method === 'GET' || !!o.idempotencyKey;
    let refreshed = false;
    let forceRefresh = false;
    for (let attempt = 0; ; ) {
      const headers: Record<string, string> = { ...this.opts.headers };
      const token = await getAuthToken?.({ forceRefresh });
      forceRefresh = false;
      if (token) headers.Authorization = `Bearer ${token}`;
      if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey;
      if (o.body !== undefined) headers['Content-Type'] = 'application/json';
      let res: Response;
      try {
        res = await (this.opts.fetch ?? fetch)(`${this.origin}${path}`, {
          method,
          headers,
          signal,
          credentials: this.opts.credentials,
          body: o.body === undefined ? undefined : JSON.stringify(o.body),
        });
      } catch (e) {
        if (signal.aborted) throw e;
        if (!retryable || attempt >= maxRetries) throw new ConnectionError(`Could not reach OrgKit (${method} ${path}).`, { cause: e });
        await sleep(retryDelay(attempt++), signal);
        continue;
      }
      if (res.ok) return res;
      const s = res.status;
      // A refused token is asked for once more (forced refresh); the request was not run, so any route may repeat.
      const reauth = s === 401 && !!getAuthToken && !refreshed;
      const retry = retryable && attempt < maxRetries && (s === 408 || s === 429 || s >= 500);
      if (reauth || retry) {
        void res.body?.cancel().catch(() => undefined);
        if (reauth) refreshed = forceRefresh = true;
        else await sleep(retryDelay(attempt++, res.headers.get('Retry-After')), signal);
        continue;
      }
      throw errorFromResponse(s, await res.json().catch(() => null), res.headers.get('X-Request-Id') ?? undefined);
    }
  }

  readonly session = {
    get: (o?: O): Res<'session'> => this.request('session', o),
  };

  readonly account = {
    signUp: (body: BodyOf<'account.signUp'>, o?: O): Res<'account.signUp'> => this.request('account.signUp', { ...o, body }),
  };

  readonly orgs = {
    create: (body: BodyOf<'org.create'>, o?: O): Res<'org.create'> => this.request('org.create', { ...o, body }),
    get: (orgId: string, o?: O): Res<'org.get'> => this.request('org.get', { ...o, params: { orgId } }),
    delete: (orgId: string, body: BodyOf<'org.delete'>, o?: O): Res<'org.delete'> => this.request('org.delete', { ...o, params: { orgId }, body }),
    settings: (orgId: string, o?: O): Res<'settings.get'> => this.request('settings.get', { ...o, params: { orgId } }),
    updateSettings: (orgId: string, body: BodyOf<'org.updateSettings'>, o?: O): Res<'org.updateSettings'> =>
      this.request('org.updateSettings', { ...o, params: { orgId }, body }),
    updateBillingIdentity: (orgId: string, body: BodyOf<'org.updateBillingIdentity'>, o?: O): Res<'org.updateBillingIdentity'> =>
      this.request('org.updateBillingIdentity', { ...o, params: { orgId }, body }),
    setResidency: (orgId: string, body: BodyOf<'org.setResidency'>, o?: O): Res<'org.setResidency'> =>
      this.request('org.setResidency', { ...o, params: { orgId }, body }),
    previewResidency: (orgId: string, query: Query<'residency.preview'>, o?: O): Res<'residency.preview'> =>
      this.request('residency.preview', { ...o, params: { orgId }, query }),
    leave: (orgId: string, o?: O): Res<'org.leave'> => this.request('org.leave', { ...o, params: { orgId } }),
  };

  readonly members = {
    list: (orgId: string, o?: O): Res<'members.list'> => this.request('members.list', { ...o, params: { orgId } }),
    changeRole: (orgId: string, userId: string, body: BodyOf<'member.changeRole'>, o?: O): Res<'member.changeRole'> =>
      this.request('member.changeRole', { ...o, params: { orgId, userId }, body }),
    remove: (orgId: string, userId: string, o?: O): Res<'member.remove'> => this.request('member.remove', { ...o, params: { orgId, userId } }),
    reactivate: (orgId: string, userId: string, o?: O): Res<'member.reactivate'> =>
      this.request('member.reactivate', { ...o, params: { orgId, userId } }),
  };

  readonly ownership = {
    transfer: (orgId: string, body: BodyOf<'ownership.transfer'>, o?: O): Res<'ownership.transfer'> =>
      this.request('ownership.transfer', { ...o, params: { orgId }, body }),
  };

  readonly invites = {
    list: (orgId: string, o?: O): Res<'invites.list'> => this.request('invites.list', { ...o, params: { orgId } }),
    create: (orgId: string, body: BodyOf<'invite.create'>, o?: O): Res<'invite.create'> => this.request('invite.create', { ...o, params: { orgId }, body }),
    revoke: (orgId: string, inviteId: string, o?: O): Res<'invite.revoke'> => this.request('invite.revoke', { ...o, params: { orgId, inviteId } }),
    accept: (inviteId: string, body: BodyOf<'invite.accept'> = {}, o?: O): Res<'invite.accept'> =>
      this.request('invite.accept', { ...o, params: { inviteId }, body }),
  };

  readonly billingTransfers = {
    start: (orgId: string, body: BodyOf<'billingTransfer.start'>, o?: O): Res<'billingTransfer.start'> =>
      this.request('billingTransfer.start', { ...o, params: { orgId }, body }),
    accept: (orgId: string, transferId: string, o?: O): Res<'billingTransfer.accept'> =>
      this.request('billingTransfer.accept', { ...o, params: { orgId, transferId } }),
    decline: (orgId: string, transferId: string, o?: O): Res<'billingTransfer.decline'> =>
      this.request('billingTransfer.decline', { ...o, params: { orgId, transferId } }),
    cancel: (orgId: string, transferId: string, o?: O): Res<'billingTransfer.cancel'> =>
      this.request('billingTransfer.cancel', { ...o, params: { orgId, transferId } }),
  };

  readonly plans = {
    list: (orgId: string, o?: O): Res<'plans.list'> => this.request('plans.list', { ...o, params: { orgId } }),
  };

  readonly subscription = {
    get: (orgId: string, o?: O): Res<'subscription.get'> => this.request('subscription.get', { ...o, params: { orgId } }),
    preview: (orgId: string, body: BodyOf<'plan.preview'>, o?: O): Res<'plan.preview'> => this.request('plan.preview', { ...o, params: { orgId }, body }),
    change: (orgId: string, body: BodyOf<'plan.change'>, o?: O): Res<'plan.change'> => this.request('plan.change', { ...o, params: { orgId }, body }),
    keepCurrent: (orgId: string, o?: O): Res<'plan.keepCurrent'> => this.request('plan.keepCurrent', { ...o, params: { orgId } }),
  };

  readonly checkout = {
    start: (orgId: string, body: BodyOf<'checkout.start'>, o?: O): Res<'checkout.start'> => this.request('checkout.start', { ...o, params: { orgId }, body }),
    get: (orgId: string, checkoutId: string, o?: O): Res<'checkout.get'> => this.request('checkout.get', { ...o, params: { orgId, checkoutId } }),
  };

  readonly invoices = {
    list: (orgId: string, query: Query<'invoices.list'> = {}, o?: O): Res<'invoices.list'> =>
      this.request('invoices.list', { ...o, params: { orgId }, query }),
    pay: (orgId: string, invoiceId: string, o?: O): Res<'invoice.pay'> => this.request('invoice.pay', { ...o, params: { orgId, invoiceId } }),
    /** BILL-1: the invoice as a PDF, or as its printable page (HTML). */
    download: (orgId: string, invoiceId: string, kind: 'pdf' | 'view', o: O = {}): Promise<Blob> =>
      this.call('GET', invoicePath(orgId, invoiceId, kind), o, (res) => res.blob()),
  };

  readonly credits = {
    balance: (orgId: string, o?: O): Res<'balance.get'> => this.request('balance.get', { ...o, params: { orgId } }),
    get: (orgId: string, o?: O): Res<'credits.get'> => this.request('credits.get', { ...o, params: { orgId } }),
  };

  readonly packages = {
    list: (orgId: string, o?: O): Res<'packages.list'> => this.request('packages.list', { ...o, params: { orgId } }),
    purchase: (orgId: string, body: BodyOf<'package.purchase'>, o?: O): Res<'package.purchase'> =>
      this.request('package.purchase', { ...o, params: { orgId }, body }),
  };

  readonly autoRecharge = {
    setPackage: (orgId: string, body: BodyOf<'autoRecharge.setPackage'>, o?: O): Res<'autoRecharge.setPackage'> =>
      this.request('autoRecharge.setPackage', { ...o, params: { orgId }, body }),
    setEnabled: (orgId: string, body: BodyOf<'autoRecharge.setEnabled'>, o?: O): Res<'autoRecharge.setEnabled'> =>
      this.request('autoRecharge.setEnabled', { ...o, params: { orgId }, body }),
  };

  readonly usage = {
    timeseries: (orgId: string, query: Query<'usage.timeseries'>, o?: O): Res<'usage.timeseries'> =>
      this.request('usage.timeseries', { ...o, params: { orgId }, query }),
    summary: (orgId: string, query: Query<'usage.summary'>, o?: O): Res<'usage.summary'> => this.request('usage.summary', { ...o, params: { orgId }, query }),
    breakdown: (orgId: string, query: Query<'usage.breakdown'>, o?: O): Res<'usage.breakdown'> =>
      this.request('usage.breakdown', { ...o, params: { orgId }, query }),
    events: (orgId: string, query: Query<'usage.events'> = {}, o?: O): Res<'usage.events'> => this.request('usage.events', { ...o, params: { orgId }, query }),
    record: (orgId: string, body: BodyOf<'usage.record'>, o?: O): Res<'usage.record'> => this.request('usage.record', { ...o, params: { orgId }, body }),
  };

  readonly caps = {
    get: (orgId: string, o?: O): Res<'caps.get'> => this.request('caps.get', { ...o, params: { orgId } }),
    setMember: (orgId: string, userId: string, body: BodyOf<'caps.setMember'>, o?: O): Res<'caps.setMember'> =>
      this.request('caps.setMember', { ...o, params: { orgId, userId }, body }),
    setAgent: (orgId: string, agentId: string, body: BodyOf<'caps.setAgent'>, o?: O): Res<'caps.setAgent'> =>
      this.request('caps.setAgent', { ...o, params: { orgId, agentId }, body }),
  };

  readonly alerts = {
    configure: (orgId: string, body: BodyOf<'alerts.configure'>, o?: O): Res<'alerts.configure'> =>
      this.request('alerts.configure', { ...o, params: { orgId }, body }),
  };

  readonly notifications = {
    list: (orgId: string, o?: O): Res<'notifications.list'> => this.request('notifications.list', { ...o, params: { orgId } }),
  };

  readonly models = {
    list: (orgId: string, o?: O): Res<'models.list'> => this.request('models.list', { ...o, params: { orgId } }),
  };

  readonly agents = {
    list: (orgId: string, o?: O): Res<'agents.list'> => this.request('agents.list', { ...o, params: { orgId } }),
    create: (orgId: string, body: BodyOf<'agent.create'>, o?: O): Res<'agent.create'> => this.request('agent.create', { ...o, params: { orgId }, body }),
  };

  readonly deployments = {
    list: (orgId: string, o?: O): Res<'deployments.list'> => this.request('deployments.list', { ...o, params: { orgId } }),
    create: (orgId: string, body: BodyOf<'deployment.create'>, o?: O): Res<'deployment.create'> =>
      this.request('deployment.create', { ...o, params: { orgId }, body }),
    setModel: (orgId: string, deploymentId: string, body: BodyOf<'deployment.setModel'>, o?: O): Res<'deployment.setModel'> =>
      this.request('deployment.setModel', { ...o, params: { orgId, deploymentId }, body }),
  };

  readonly knowledge = {
    add: (orgId: string, body: BodyOf<'knowledge.add'>, o?: O): Res<'knowledge.add'> => this.request('knowledge.add', { ...o, params: { orgId }, body }),
  };

  readonly chats = {
    list: (orgId: string, query: Query<'chats.list'> = {}, o?: O): Res<'chats.list'> => this.request('chats.list', { ...o, params: { orgId }, query }),
    create: (orgId: string, body: BodyOf<'chat.create'>, o?: O): Res<'chat.create'> => this.request('chat.create', { ...o, params: { orgId }, body }),
  };
}
