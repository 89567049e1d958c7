/**
 * @orgkit/elements — classes only (no side effects): register them with defineOrgKit(), or import
 * '@orgkit/elements/define' (all tags) / '@orgkit/elements/define/<tag>' (one).
 */
export { OrgKitElement } from './base.js';
export { Loader } from './loader.js';
export type { LoaderOptions } from './loader.js';
export { orgkitContext } from './context.js';
export type { OrgKitContext } from './context.js';
export { SessionController } from './session.js';
export { CHANGE_EVENTS, orgkitEvent } from './events.js';
export type { OrgKitEventDetails, OrgKitEventName } from './events.js';
export { LOCALES, registerMessages, resolveLocale, translate } from './messages.js';
export type { Locale, MessageKey } from './messages.js';
export { shared as sharedStyles, tokens as tokenStyles } from './styles.js';
export { defineAll, defineElement, tagName } from './registry.js';
export type { DefineOptions } from './registry.js';
export { defineOrgKit, ELEMENTS } from './elements.js';
export { OrgProvider } from './provider.js';
export { OrgSwitcher } from './org-switcher.js';
export { OrgMembers } from './org-members.js';
export { OrgSettings } from './org-settings.js';
export { ResidencySelect } from './residency-select.js';
export { PlanPicker } from './plan-picker.js';
export { CreditBalance } from './credit-balance.js';
export { InvoiceList } from './invoice-list.js';
export { UsageChart } from './usage-chart.js';
export { UsageMeters } from './usage-meters.js';
export { SpendCaps } from './spend-caps.js';
export { CONSOLE_TABS, OrgConsole } from './org-console.js';
export type { ConsoleTab } from './org-console.js';
export { simulatedCheckout, stripeCheckout } from './payments.js';
export type { CheckoutEvents, CheckoutHandle, CheckoutProvider, SimulatedCheckoutOptions, StripeCheckoutOptions } from './payments.js';
