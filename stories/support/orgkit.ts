/**
 * How every story mounts an element: inside `<org-provider checkout="simulated">` with a client acting as the
 * story's person (support/mock.ts), the element's attributes from the story's args (controls), its events logged
 * as actions, and the toolbar's theme (light / dark / brand) and locale (en / de).
 */
import type { ArgTypes, Meta, StoryContext, StoryObj } from '@storybook/web-components';
import { getCustomElements } from '@storybook/web-components';
import type { OrgProvider } from '@orgkit/elements';
import type { MockOptions, StoryMock } from './mock.js';
import { createStoryMock, disposeStoryMock, SCENARIO_NAMES, SCENARIOS } from './mock.js';

export type OrgKitArgs = Record<string, unknown> & { scenario?: MockOptions['scenario']; as?: string };
export type OrgKitMeta = Meta<OrgKitArgs>;
export type OrgKitStory = StoryObj<OrgKitArgs>;
export type Ctx = StoryContext<OrgKitArgs>;

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** The story's mock, beside the `scenario` and `as` args (support/mock.ts). */
    orgkit?: Omit<MockOptions, 'scenario' | 'as'>;
  }
}

interface ManifestDeclaration {
  tagName?: string;
  attributes?: { name: string }[];
}
interface Manifest {
  modules?: { declarations?: ManifestDeclaration[] }[];
}

/** The element's declaration in custom-elements.json (set in preview.ts). */
function declarationOf(tag: string): ManifestDeclaration | undefined {
  const manifest = getCustomElements() as Manifest | undefined;
  for (const mod of manifest?.modules ?? []) for (const d of mod.declarations ?? []) if (d.tagName === tag) return d;
  return undefined;
}

/** Project loader: the story's own backend, before it renders (`context.loaded.orgkit`). */
export async function orgkitLoader(ctx: Ctx): Promise<{ orgkit: StoryMock }> {
  return Promise.resolve({
    orgkit: createStoryMock({ ...(ctx.parameters.orgkit ?? {}), scenario: ctx.args.scenario, as: ctx.args.as }),
  });
}

/** Project beforeEach: forget the backend when Storybook cleans the story up. */
export function orgkitCleanup(ctx: Ctx): () => void {
  const m = mockOf(ctx);
  return () => {
    if (m) disposeStoryMock(m);
  };
}

export function mockOf(ctx: { loaded: Record<string, unknown> }): StoryMock | undefined {
  return ctx.loaded.orgkit as StoryMock | undefined;
}

/** The element's theme for the toolbar's global (brand is a light theme with the brand's tokens on the wrapper). */
export function themeOf(ctx: { globals: Record<string, unknown> }): 'light' | 'dark' {
  return ctx.globals.theme === 'dark' ? 'dark' : 'light';
}

/** Set the args that are attributes of `tag` (from its manifest) on `el`. */
export function applyAttributes(el: HTMLElement, tag: string, args: OrgKitArgs): void {
  for (const { name } of declarationOf(tag)?.attributes ?? []) {
    const v = args[name];
    if (v === undefined || v === null || v === '' || v === false) continue;
    el.setAttribute(name, v === true ? '' : String(v as string | number));
  }
}

/** Create `<tag>` with the args that are its attributes (controls) and the toolbar's theme. */
export function createElementFor(tag: string, args: OrgKitArgs, ctx: Ctx): HTMLElement {
  const el = document.createElement(tag);
  applyAttributes(el, tag, args);
  if (!el.hasAttribute('theme')) el.setAttribute('theme', themeOf(ctx));
  return el;
}

/** Log the element's events (from the manifest) as actions: listen on the provider, where they all arrive. */
export function logEvents(target: HTMLElement, args: OrgKitArgs, ctx: Ctx): void {
  for (const [key, type] of Object.entries(ctx.argTypes)) {
    const action = (type as { action?: { name?: string } }).action;
    const handler = args[key];
    if (action?.name && typeof handler === 'function') target.addEventListener(action.name, handler as EventListener);
  }
}

export function notice(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'orgkit-story-notice';
  p.textContent = text;
  return p;
}

/** `<org-provider checkout="simulated" .client=…>` around the given children. */
export function providerFor(m: StoryMock, children: HTMLElement[]): OrgProvider {
  const provider = document.createElement('org-provider') as OrgProvider;
  if ((m.options.checkout ?? 'simulated') === 'simulated') provider.setAttribute('checkout', 'simulated');
  provider.client = m.client;
  if (m.options.failAfterSession) {
    const n = m.options.failAfterSession;
    provider.addEventListener('orgkit-session-loaded', () => (m.backend.faults.failNext = n), { once: true });
  }
  provider.append(...children);
  return provider;
}

/** The default render: the story's component in a provider acting as the story's person. */
export function renderOrgKit(args: OrgKitArgs, ctx: Ctx): HTMLElement {
  const m = mockOf(ctx);
  const tag = typeof ctx.component === 'string' ? ctx.component : '';
  if (!m) return notice('This story has no mock (the OrgKit loader did not run).');
  if (m.problem) return notice(m.problem);
  const el = createElementFor(tag, args, ctx);
  const provider = providerFor(m, [el]);
  logEvents(provider, args, ctx);
  return provider;
}

/** Controls for the mock (scenario and person), shown first in every element's controls. */
export const mockArgTypes: ArgTypes<OrgKitArgs> = {
  scenario: {
    name: 'scenario',
    description: 'The mock scenario (mocks/fixtures): ' + SCENARIO_NAMES.map((s) => `**${s}** — ${SCENARIOS[s]}`).join(' '),
    control: { type: 'select' },
    options: SCENARIO_NAMES,
    table: { category: 'mock', type: { summary: 'ScenarioName' } },
  },
  as: {
    name: 'as',
    description: 'Who is signed in: a role (owner, admin, builder, member, deactivated) or an email of the scenario.',
    control: { type: 'select' },
    options: ['owner', 'admin', 'builder', 'member', 'deactivated', 'lea@schmid.test', 'claudia@bergbahn.test', 'marco@acme-ai.test'],
    table: { category: 'mock', type: { summary: 'role | email' } },
  },
};

/**
 * What every element's meta shares; spread it into the stories file's own `export default { title, component,
 * tags, ...elementMeta(tag) }` (Storybook's indexer reads the title and tags statically).
 */
export function elementMeta(tag: string, extra: Partial<OrgKitMeta> = {}): Partial<OrgKitMeta> {
  return {
    render: renderOrgKit,
    ...extra,
    args: { scenario: 'standard-team', as: 'owner', ...extra.args },
    argTypes: { ...mockArgTypes, ...extra.argTypes },
    parameters: { layout: 'fullscreen', ...extra.parameters },
  };
}

// ——— Story builders shared by the element files (spread into a story literal that carries its own `name`) ———

type Mock = NonNullable<OrgKitStory['parameters']>['orgkit'];
const withMock = (orgkit: Mock, story: OrgKitStory = {}): OrgKitStory => ({
  ...story,
  parameters: { ...story.parameters, orgkit: { ...orgkit, ...story.parameters?.orgkit } },
});

/** Act as a role (member and deactivated default to the pending-downgrade scenario, which has them). */
export const asRole = (role: string, scenario?: MockOptions['scenario']): OrgKitStory => ({
  args: { as: role, scenario: scenario ?? (role === 'member' || role === 'deactivated' ? 'pending-downgrade' : 'standard-team') },
});

/** Loading: every answer of the mock takes ten minutes (`faults.latencyMs`). */
export const loading = (story?: OrgKitStory): OrgKitStory => withMock({ faults: { latencyMs: 600_000 } }, story);

/** Error with Retry: the element's first request fails once (`faults.failNext` after the session loaded). */
export const failing = (story?: OrgKitStory): OrgKitStory => withMock({ failAfterSession: 1 }, story);

/** A named scenario, acted as by `as`. */
export const scenario = (name: MockOptions['scenario'], as = 'owner', orgkit: Mock = {}): OrgKitStory => ({
  args: { scenario: name, as },
  parameters: { orgkit },
});

/** Every element below `root`, across shadow roots. */
function* deep(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** Whether every OrgKit element in the story has rendered and none is loading (no `[part~=loading]`, no aria-busy). */
export function settled(canvas: HTMLElement): boolean {
  for (const el of deep(canvas)) {
    if (el.localName.includes('-') && el.shadowRoot === null && customElements.get(el.localName)) return false;
    if (el.getAttribute('aria-busy') === 'true' || (el.getAttribute('part') ?? '').split(/\s+/).includes('loading')) return false;
  }
  return true;
}

/**
 * Project afterEach (it runs before the accessibility addon's check): wait — at most 10 s — until the elements
 * finished loading, so the check sees what a person would see rather than the loading skeleton. Stories whose mock
 * answers slowly on purpose (the loading state) are checked as they are.
 */
export async function orgkitSettle(ctx: Ctx): Promise<void> {
  if (ctx.parameters.orgkit?.faults?.latencyMs) return;
  const until = Date.now() + 10_000;
  while (!settled(ctx.canvasElement) && Date.now() < until && !ctx.abortSignal.aborted) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // One more frame, for the updates the last answer caused.
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
}
