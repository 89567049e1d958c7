/** Helpers for play functions: OrgKit renders into shadow roots, which Testing Library's queries do not enter. */
import { waitFor } from 'storybook/test';

export const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The first element matching `selector` inside `el`'s shadow root. */
export function inShadow<T extends Element = HTMLElement>(el: Element, selector: string): T | null {
  return el.shadowRoot?.querySelector<T>(selector) ?? null;
}

/** The first `[part~=name]` in the element's shadow root. */
export function part<T extends Element = HTMLElement>(el: Element, name: string): T | null {
  return inShadow<T>(el, `[part~="${name}"]`);
}

/** Wait for a part and return it (fails the play function with a clear message otherwise). */
export async function findPart<T extends Element = HTMLElement>(el: Element, name: string, timeout = 15_000): Promise<T> {
  return waitFor(
    () => {
      const found = part<T>(el, name);
      if (!found) throw new Error(`<${el.localName}> shows no [part~="${name}"]`);
      return found;
    },
    { timeout },
  );
}

/** The element `tag` inside the story, once it finished loading (no loading state left). */
export async function loaded<T extends HTMLElement = HTMLElement>(canvas: HTMLElement, tag: string, timeout = 15_000): Promise<T> {
  return waitFor(
    () => {
      const el = canvas.querySelector<T>(tag);
      const root = el?.shadowRoot;
      if (!el || !root || root.childElementCount === 0 || root.querySelector('[part~="loading"]')) throw new Error(`<${tag}> is still loading`);
      return el;
    },
    { timeout },
  );
}

/** Wait until `check` is true (a readable failure otherwise; `message` may be a function, read when it fails). */
export async function until(check: () => unknown, message: string | (() => string), timeout = 15_000): Promise<void> {
  await waitFor(
    () => {
      if (!check()) throw new Error(typeof message === 'function' ? message() : message);
    },
    { timeout },
  );
}

/** The `[part~=row]` (or `rowPart`) in the element's shadow root whose text contains `text`. */
export function rowWith(el: Element, text: string, rowPart = 'row'): HTMLElement | null {
  const rows = el.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${rowPart}"]`) ?? [];
  return [...rows].find((r) => squash(r.textContent).includes(text)) ?? null;
}

/** A part inside another element (e.g. a row), required. */
export function partIn<T extends Element = HTMLElement>(scope: Element | null, name: string): T {
  const found = scope?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no [part~="${name}"] in ${scope ? `<${scope.localName}>` : 'nothing'}`);
  return found;
}

/** Wait until the part's text contains `text`. */
export async function partText(el: Element, name: string, text: string, timeout = 15_000): Promise<void> {
  await until(() => squash(part(el, name)?.textContent).includes(text), () => `[part~="${name}"] says “${text}” (it says “${squash(part(el, name)?.textContent)}”)`, timeout);
}
