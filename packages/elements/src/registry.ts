/**
 * Registering OrgKit's tags. Class exports have no side effects; a host calls `define()` (or imports a `define`
 * entry) to register them. Tags already registered are skipped, so two copies of OrgKit on one page do not throw;
 * a prefix or a scoped registry avoids a clash with a host's own tag names.
 */
export interface DefineOptions {
  /** Register `<acme-org-members>` instead of `<org-members>`: prefix `acme`. */
  prefix?: string;
  /** A scoped CustomElementRegistry (or any object with the same get/define). Defaults to the global one. */
  registry?: Pick<CustomElementRegistry, 'get' | 'define'>;
}

const VALID_PREFIX = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function tagName(tag: string, options: DefineOptions = {}): string {
  if (options.prefix === undefined || options.prefix === '') return tag;
  if (!VALID_PREFIX.test(options.prefix)) {
    throw new TypeError(`OrgKit define(): prefix "${options.prefix}" must be lower-case letters, digits and dashes, starting with a letter.`);
  }
  return `${options.prefix}-${tag}`;
}

/**
 * Register one element class under its tag (with the optional prefix), unless that name is already taken.
 * Returns the name it is available under and whether this call registered it.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor, options: DefineOptions = {}): { name: string; defined: boolean } {
  const registry = options.registry ?? customElements;
  const name = tagName(tag, options);
  if (registry.get(name)) return { name, defined: false };
  // A class can be registered only once per registry: register a trivial subclass under any further name.
  const existing = registry === customElements ? customElements.getName(ctor) : null;
  registry.define(name, existing ? class extends (ctor as typeof HTMLElement) {} : ctor);
  return { name, defined: true };
}

/** Register several tags at once. */
export function defineAll(elements: Record<string, CustomElementConstructor>, options: DefineOptions = {}): string[] {
  return Object.entries(elements).map(([tag, ctor]) => defineElement(tag, ctor, options).name);
}
