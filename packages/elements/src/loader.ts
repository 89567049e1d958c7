import { Task, TaskStatus } from '@lit/task';
import { nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { OrgKitClient } from '@orgkit/client';
import type { Capability } from '@orgkit/contract';
import type { OrgKitElement } from './base.js';


export interface LoaderOptions<T> {
  /** Any of these capabilities lets the data load; without one, the element shows no-access (never data). */
  capability: Capability | readonly Capability[] | null;
  load: (args: { client: OrgKitClient; orgId: string; signal: AbortSignal }) => Promise<T>;
  /** An empty result shows the empty state (slot "empty"). */
  isEmpty?: (value: T) => boolean;
}

/**
 * The one async-state controller (over @lit/task): loading (aria-busy), empty, error (the server's message and
 * Retry), no-access and blocked — with the same parts and slots in every element. It reloads when the organization
 * or the provider's revision changes, so a change made anywhere shows everywhere.
 */
export class Loader<T> {
  readonly task: Task<[OrgKitClient | undefined, string, number, boolean], T | undefined>;

  constructor(
    private readonly host: OrgKitElement,
    private readonly options: LoaderOptions<T>,
  ) {
    this.task = new Task(host, {
      task: async ([client, orgId, , allowed], { signal }) => {
        if (!client || !orgId || !allowed) return undefined;
        return options.load({ client, orgId, signal });
      },
      args: () => {
        const ctx = this.host.ctx;
        return [ctx?.client, ctx?.orgId ?? '', ctx?.revision ?? 0, this.allowed()] as [OrgKitClient | undefined, string, number, boolean];
      },
    });
  }

  private allowed(): boolean {
    const ctx = this.host.ctx;
    if (!ctx?.membership || ctx.membership.state !== 'active') return false;
    const c = this.options.capability;
    if (c === null) return true;
    const list = typeof c === 'string' ? [c] : c;
    return list.some((x) => ctx.capabilities.includes(x));
  }

  get value(): T | undefined {
    return this.task.value;
  }

  /** Run again now (after a change this element made itself). */
  reload(): void {
    void this.task.run();
  }

  render(view: { complete: (value: T) => TemplateResult; empty?: () => TemplateResult }): TemplateResult | typeof nothing {
    const gate = this.host.renderGate(this.options.capability);
    if (gate !== nothing) return gate;
    const h = this.host;
    switch (this.task.status) {
      case TaskStatus.ERROR:
        return h.renderError(this.task.error, () => this.reload());
      case TaskStatus.COMPLETE: {
        const value = this.task.value;
        if (value === undefined) return h.renderLoading();
        if (this.options.isEmpty?.(value) && view.empty) return view.empty();
        return view.complete(value);
      }
      default:
        // Keep showing the last data while a refresh runs (no flashing), with aria-busy on the host's region.
        return this.task.value === undefined ? h.renderLoading() : view.complete(this.task.value);
    }
  }
}
