/**
 * JSX types for OrgKit's tags in React 19: attributes as strings, properties (`client`) as values, and every
 * `orgkit-*` event as an `on<event-name>` prop (React 19 adds a listener for `on…` props of a custom element).
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type { OrgKitClient } from '@orgkit/client';
import type { OrgKitEventDetails, OrgKitEventName, OrgProvider } from '@orgkit/elements';

type Handlers = { [K in OrgKitEventName as `on${K}`]?: (event: CustomEvent<OrgKitEventDetails[K]>) => void };

type Common<E extends HTMLElement> = Omit<HTMLAttributes<E>, 'onChange' | 'onInput'> & RefAttributes<E> & Handlers & {
  class?: string;
  org?: string;
  locale?: string;
  theme?: 'light' | 'dark';
  'api-base'?: string;
  client?: OrgKitClient;
  checkout?: string;
  'stripe-key'?: string;
  /** <org-console>'s tab. */
  tab?: string;
};

/** Other hyphenated attributes (`plans-href`, `billing-settings-href` …) pass as strings, as JSX allows. */
type Tag = Common<HTMLElement>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'org-provider': Common<OrgProvider>;
      'org-console': Tag;
      'org-switcher': Tag;
      'org-members': Tag;
      'org-settings': Tag;
      'residency-select': Tag;
      'plan-picker': Tag;
      'credit-balance': Tag;
      'invoice-list': Tag;
      'usage-chart': Tag;
      'usage-meters': Tag;
      'spend-caps': Tag;
    }
  }
}
