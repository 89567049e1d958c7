/**
 * One element, one role, one scenario — for screenshots and for looking at every state:
 *   gallery.html?tag=org-members&as=builder&scenario=standard-team&theme=dark&lang=de&attrs=org%3D...
 * The mock runs in the page (no persistence); `as` is a role or an email of the scenario's people.
 */
import { OrgKitClient } from '@orgkit/client';
import { startMockWorker } from '@orgkit/mocks/browser';
import { defineOrgKit } from '@orgkit/elements';

const defines = import.meta.glob('../../packages/elements/src/define/*.ts');
const q = new URLSearchParams(location.search);
const tag = q.get('tag') ?? 'org-switcher';
const scenario = q.get('scenario') ?? 'standard-team';
const as = q.get('as') ?? 'owner';

async function main() {
  defineOrgKit();
  await defines[`../../packages/elements/src/define/${tag}.ts`]?.();
  const { backend } = await startMockWorker({ persist: false, scenario: scenario as never });
  if (q.get('clock')) backend.advance(Number(q.get('clock')) * 3_600_000);
  const people = backend.controlState().people;
  const person = people.find((p) => p.email === as) ?? people.find((p) => p.role === as);
  if (q.get('faults')) Object.assign(backend.faults, JSON.parse(q.get('faults') ?? '{}'));
  const dark = q.get('theme') === 'dark';
  document.body.classList.toggle('dark', dark);
  const caption = document.getElementById('caption');
  if (caption) caption.textContent = `<${tag}> · ${scenario} · as ${person ? `${person.name} (${person.role})` : 'nobody'}`;
  const provider = document.createElement('org-provider') as HTMLElement & { client: OrgKitClient };
  provider.client = new OrgKitClient({ getAuthToken: () => person?.token ?? null });
  provider.setAttribute('lang', q.get('lang') ?? 'en');
  const el = document.createElement(tag);
  if (dark) el.setAttribute('theme', 'dark');
  for (const [k, v] of new URLSearchParams(q.get('attrs') ?? '')) el.setAttribute(k, v);
  provider.append(el);
  document.getElementById('stage')?.append(provider);
}

void main();
