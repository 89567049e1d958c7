/**
 * Acme AI's own pages beside "My Organization" (Agents, Conversations): the host product's UI over the same API,
 * through the same client — so a role change or an empty credit balance shows up in the product too.
 */
import type { Balance } from '@orgkit/contract';
import { ApiError } from '@orgkit/client';
import { h } from '../dom.js';
import type { DemoSession } from './session.js';
import { describeError } from './session.js';

const date = (iso: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
const CHANNELS: Record<string, string> = { chat: 'Chat', voice: 'Voice', widget: 'Website widget', realtime: 'Realtime', internal_chat: 'Internal chat' };

function refused(e: unknown, what: string): HTMLElement {
  if (e instanceof ApiError && (e.code === 'forbidden' || e.status === 403)) {
    return h('div', { class: 'empty-state', 'data-test': 'page-no-access' }, h('strong', {}, `Your role can’t see ${what}.`),
      h('p', {}, e.code === 'org_access_blocked' ? 'Your access to this organization is blocked.' : 'Ask an owner or admin of your organization if you need access.'));
  }
  return h('div', { class: 'empty-state error' }, h('strong', {}, describeError(e).title));
}

async function balanceOf(session: DemoSession, orgId: string): Promise<Balance | null> {
  try {
    return await session.client.credits.balance(orgId);
  } catch {
    return null;
  }
}

function offlineBanner(b: Balance | null): HTMLElement | null {
  if (!b?.offline) return null;
  return h('div', { class: 'banner danger', role: 'alert', 'data-test': 'offline-banner' },
    h('strong', {}, 'Your assistants are offline.'), ' The organization is out of credits — ', h('a', { href: '#/billing' }, 'buy credits'), ' to bring them back.');
}

export async function renderAgents(root: HTMLElement, session: DemoSession): Promise<void> {
  const orgId = session.orgId;
  if (!orgId) return;
  root.setAttribute('aria-busy', 'true');
  let body: HTMLElement;
  try {
    const [agents, deployments, b] = await Promise.all([session.client.agents.list(orgId), session.client.deployments.list(orgId), balanceOf(session, orgId)]);
    body = h('div', {},
      offlineBanner(b),
      h('div', { class: 'cards' }, ...agents.map((a) => {
        const mine = deployments.filter((d) => d.agentId === a.id);
        const online = a.state === 'active' && !b?.offline;
        return h('article', { class: 'card agent' },
          h('div', { class: 'spread' }, h('h3', {}, a.name),
            h('span', { class: `pill ${online ? 'ok' : 'danger'}` }, a.state !== 'active' ? 'Deactivated' : online ? 'Online' : 'Offline')),
          h('p', { class: 'hint' }, `Created ${date(a.createdAt)}`),
          mine.length === 0
            ? h('p', { class: 'hint' }, 'Not deployed yet.')
            : h('ul', { class: 'plain' }, ...mine.map((d) => h('li', {}, h('span', {}, d.name), h('span', { class: 'hint' }, `${CHANNELS[d.channel] ?? d.channel} · ${d.modelId}${d.flagged ? ' · ⚠ model not allowed by the server location' : ''}`)))));
      })),
    );
  } catch (e) {
    body = refused(e, 'agents');
  }
  if (session.orgId !== orgId) return;
  root.replaceChildren(h('p', { class: 'lead' }, 'The assistants your team builds and deploys.'), body);
  root.removeAttribute('aria-busy');
}

export async function renderConversations(root: HTMLElement, session: DemoSession): Promise<void> {
  const orgId = session.orgId;
  if (!orgId) return;
  root.setAttribute('aria-busy', 'true');
  const log = h('ol', { class: 'chat-log', 'aria-live': 'polite' });
  const input = h('textarea', { id: 'ask', rows: 2, placeholder: 'Ask the internal assistant…' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const form = h('form', { class: 'composer' }, h('label', { for: 'ask', class: 'sr-only' }, 'Message'), input, send);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    log.append(h('li', { class: 'me' }, text));
    send.disabled = true;
    // CRD-3: internal chat draws from the organization's one pool, like every channel; at zero it is refused (CRD-5).
    const words = Math.max(50, text.split(/\s+/).length * 40);
    session.client.usage.record(orgId, { channel: 'internal_chat', modelId: 'gpt-5-mini', words })
      .then(async (r) => {
        await session.client.chats.create(orgId, { title: text.slice(0, 60), message: text }).catch(() => undefined);
        log.append(h('li', { class: 'bot' }, `Here is a draft answer (${String(r.credits)} credits used).`));
      })
      .catch((err: unknown) => {
        log.append(h('li', { class: 'bot offline', role: 'alert', 'data-test': 'assistant-offline' },
          err instanceof ApiError && err.code === 'insufficient_credits' ? 'This assistant is currently offline.' : describeError(err).title));
      })
      .finally(() => {
        send.disabled = false;
        input.value = '';
        input.focus();
        // Tell the embedded elements the balance moved (they listen on the provider; this bubbles from the page).
        document.querySelector('org-provider')?.dispatchEvent(new CustomEvent('orgkit-changed', { detail: { source: 'host' }, bubbles: true }));
      });
  });
  let history: HTMLElement;
  try {
    const chats = (await session.client.chats.list(orgId, { scope: 'mine' })).slice(-8).reverse();
    history = chats.length === 0
      ? h('p', { class: 'hint' }, 'No internal chats yet.')
      : h('ul', { class: 'plain' }, ...chats.map((c) => h('li', {}, h('span', {}, c.title ?? 'Private chat'), h('span', { class: 'hint' }, `${date(c.createdAt)} · ${c.visibility}`))));
  } catch (e) {
    history = refused(e, 'other people’s conversations');
  }
  if (session.orgId !== orgId) return;
  root.replaceChildren(
    h('p', { class: 'lead' }, 'Internal chat with your organization’s assistant — every message draws credits from the shared pool.'),
    h('div', { class: 'two' },
      h('section', { class: 'card', 'aria-labelledby': 'chat-h' }, h('h3', { id: 'chat-h' }, 'Ask the assistant'), log, form),
      h('section', { class: 'card', 'aria-labelledby': 'hist-h' }, h('h3', { id: 'hist-h' }, 'Recent conversations'), history)),
  );
  root.removeAttribute('aria-busy');
}

/** Render the page the route shows (the host's own pages only; My Organization is the embedded tags). */
export function renderHostPage(root: HTMLElement, page: 'agents' | 'conversations', session: DemoSession): Promise<void> {
  return page === 'agents' ? renderAgents(root, session) : renderConversations(root, session);
}
