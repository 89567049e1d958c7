/**
 * OrgKit's events: `orgkit-<noun>-<verb>`, bubbling and composed, with typed `detail`. Before an action, a
 * cancelable `orgkit-<noun>-request` event is fired: a host that calls `preventDefault()` vetoes it.
 * An element adds its own events by augmenting this interface (`declare module './events.js'`) and declaring them
 * in GlobalEventHandlersEventMap.
 */
export interface OrgKitEventDetails {
  /** Something changed on the server (fired beside every mutation event): the provider refreshes everything. */
  'orgkit-changed': { source: string };
  'orgkit-org-changed': { orgId: string; previousOrgId: string | null };
  'orgkit-org-select': { orgId: string };
  'orgkit-session-loaded': { userId: string; orgId: string | null };
  'orgkit-invite-request': { orgId: string; email: string; role: string };
  'orgkit-invite-sent': { orgId: string; inviteId: string; email: string; role: string };
  'orgkit-invite-revoked': { orgId: string; inviteId: string };
  'orgkit-member-role-changed': { orgId: string; userId: string; role: string };
  'orgkit-member-remove-request': { orgId: string; userId: string };
  'orgkit-member-removed': { orgId: string; userId: string };
  'orgkit-member-reactivated': { orgId: string; userId: string };
  'orgkit-org-left': { orgId: string };
  'orgkit-billing-transfer-started': { orgId: string; transferId: string; toUserId: string };
  'orgkit-billing-transfer-accepted': { orgId: string; transferId: string };
  'orgkit-billing-transfer-declined': { orgId: string; transferId: string };
  'orgkit-billing-transfer-cancelled': { orgId: string; transferId: string };
  'orgkit-settings-saved': { orgId: string; fields: string[] };
  'orgkit-org-delete-request': { orgId: string };
  'orgkit-org-deleted': { orgId: string };
  'orgkit-residency-changed': { orgId: string; tier: string; flaggedDeploymentIds: string[] };
  'orgkit-upgrade-request': { orgId: string; reason: string };
}

export type OrgKitEventName = keyof OrgKitEventDetails;

/** The events that mean "data changed": the provider refreshes every element when one bubbles up. */
export const CHANGE_EVENTS: readonly OrgKitEventName[] = [
  'orgkit-invite-sent', 'orgkit-invite-revoked', 'orgkit-member-role-changed', 'orgkit-member-removed',
  'orgkit-member-reactivated', 'orgkit-org-left', 'orgkit-billing-transfer-started', 'orgkit-billing-transfer-accepted',
  'orgkit-billing-transfer-declined', 'orgkit-billing-transfer-cancelled', 'orgkit-settings-saved', 'orgkit-org-deleted',
  'orgkit-residency-changed',
];

export function orgkitEvent<K extends OrgKitEventName>(name: K, detail: OrgKitEventDetails[K], cancelable = false): CustomEvent<OrgKitEventDetails[K]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'orgkit-changed': CustomEvent<OrgKitEventDetails['orgkit-changed']>;
    'orgkit-org-changed': CustomEvent<OrgKitEventDetails['orgkit-org-changed']>;
    'orgkit-org-select': CustomEvent<OrgKitEventDetails['orgkit-org-select']>;
    'orgkit-session-loaded': CustomEvent<OrgKitEventDetails['orgkit-session-loaded']>;
    'orgkit-invite-request': CustomEvent<OrgKitEventDetails['orgkit-invite-request']>;
    'orgkit-invite-sent': CustomEvent<OrgKitEventDetails['orgkit-invite-sent']>;
    'orgkit-invite-revoked': CustomEvent<OrgKitEventDetails['orgkit-invite-revoked']>;
    'orgkit-member-role-changed': CustomEvent<OrgKitEventDetails['orgkit-member-role-changed']>;
    'orgkit-member-remove-request': CustomEvent<OrgKitEventDetails['orgkit-member-remove-request']>;
    'orgkit-member-removed': CustomEvent<OrgKitEventDetails['orgkit-member-removed']>;
    'orgkit-member-reactivated': CustomEvent<OrgKitEventDetails['orgkit-member-reactivated']>;
    'orgkit-org-left': CustomEvent<OrgKitEventDetails['orgkit-org-left']>;
    'orgkit-billing-transfer-started': CustomEvent<OrgKitEventDetails['orgkit-billing-transfer-started']>;
    'orgkit-billing-transfer-accepted': CustomEvent<OrgKitEventDetails['orgkit-billing-transfer-accepted']>;
    'orgkit-billing-transfer-declined': CustomEvent<OrgKitEventDetails['orgkit-billing-transfer-declined']>;
    'orgkit-billing-transfer-cancelled': CustomEvent<OrgKitEventDetails['orgkit-billing-transfer-cancelled']>;
    'orgkit-settings-saved': CustomEvent<OrgKitEventDetails['orgkit-settings-saved']>;
    'orgkit-org-delete-request': CustomEvent<OrgKitEventDetails['orgkit-org-delete-request']>;
    'orgkit-org-deleted': CustomEvent<OrgKitEventDetails['orgkit-org-deleted']>;
    'orgkit-residency-changed': CustomEvent<OrgKitEventDetails['orgkit-residency-changed']>;
    'orgkit-upgrade-request': CustomEvent<OrgKitEventDetails['orgkit-upgrade-request']>;
  }
}
