import type { ErrorCode } from '@orgkit/contract';

/**
 * The one message table: UI text and the text for every error code, in English and German. Elements never show a
 * raw code; `{name}` placeholders are filled from the error's meta or the caller's values.
 */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

const en = {
  // — async states —
  'state.loading': 'Loading…',
  'state.error': 'Something went wrong.',
  'state.retry': 'Retry',
  'state.noAccess.title': 'Not available to you',
  'state.noAccess.member': 'Your role is for internal chat only, so this page is not shown to you. An owner or admin can change your role.',
  'state.noAccess.capability': 'Your role in this organization does not include this. An owner or admin can change your role.',
  'state.blocked.title': 'Organization access blocked',
  'state.blocked.body': 'Your access to this organization is blocked. Ask an owner or admin to reactivate you.',
  'state.signedOut': 'Sign in to see this.',
  'state.noOrg': 'Choose an organization to see this.',
  'state.offline': 'You appear to be offline. Check your connection and retry.',
  'state.timeout': 'The server took too long to answer.',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.save': 'Save',
  'common.saving': 'Saving…',
  'common.saved': 'Saved.',
  'common.confirm': 'Confirm',
  'common.unsaved': 'You have unsaved changes.',
  'common.discard': 'Discard changes',
  // — roles and states —
  'role.owner': 'Owner',
  'role.admin': 'Admin',
  'role.builder': 'Builder',
  'role.member': 'Member',
  'memberState.active': 'Active',
  'memberState.deactivated': 'Deactivated',
  // — errors (by contract code) —
  'error.validation_failed': 'Please check {param}.',
  'error.invalid_org_name': 'This organization name is not allowed: no < or >, and no web addresses (a bare domain like acme.ch is fine).',
  'error.invalid_period': 'Choose a period between 1 and 365 days.',
  'error.idempotency_key_required': 'This request could not be made safely. Please retry.',
  'error.unauthenticated': 'Your session has ended. Sign in again.',
  'error.forbidden': 'Your role does not allow this.',
  'error.org_access_blocked': 'Your access to this organization is blocked. Ask an owner or admin to reactivate you.',
  'error.not_found': 'This no longer exists. It may have been removed.',
  'error.org_not_found': 'This organization was not found, or you are not a member of it.',
  'error.insufficient_credits': 'Not enough credits: {required} needed, {balance} left.',
  'error.member_cap_reached': 'The monthly credit limit for this member has been reached. It resets with the next cycle.',
  'error.agent_cap_reached': 'The monthly credit limit for this agent has been reached. It resets with the next cycle.',
  'error.card_declined': 'The card ending in {last4} was declined. Nothing was charged.',
  'error.invite_exists': 'This address already has a pending invite.',
  'error.already_member': 'This person is already a member.',
  'error.seat_limit_reached': 'All {limit} seats of your plan are taken ({count} of {limit}). Upgrade to add more people.',
  'error.invite_expired': 'This invite has expired. Ask for a new one.',
  'error.invite_not_pending': 'This invite is no longer pending.',
  'error.invite_email_mismatch': 'This invite is for another email address.',
  'error.cannot_assign_owner': 'Owner cannot be assigned here: ownership is transferred by support.',
  'error.cannot_change_own_role': 'You cannot change your own role.',
  'error.cannot_change_owner_role': "The owner's role cannot be changed.",
  'error.cannot_remove_self': 'You cannot remove yourself. Leave the organization instead.',
  'error.cannot_remove_owner': 'The owner cannot be removed.',
  'error.owner_cannot_leave': 'The owner cannot leave the organization.',
  'error.billing_role_held': 'You hold the billing role. Transfer it to another member before you leave.',
  'error.member_not_deactivated': 'This member is already active.',
  'error.member_not_active': 'This member is not active.',
  'error.transfer_pending': 'A billing-role transfer is already pending.',
  'error.transfer_not_pending': 'This transfer is no longer pending.',
  'error.ineligible_recipient': 'Choose another active member who does not hold the billing role.',
  'error.plan_limit_reached': 'Your plan allows {limit}; this would make {count}. Upgrade for more.',
  'error.upgrade_required': 'This needs a paid plan. Upgrade first.',
  'error.contact_sales': 'This plan is arranged with our sales team.',
  'error.checkout_required': 'This change goes through checkout.',
  'error.same_plan': 'You are already on this plan.',
  'error.unsupported_change': 'This change is not possible right now.',
  'error.keep_list_required': 'Choose which members and agents to keep on the new plan.',
  'error.keep_list_invalid': 'The new plan allows fewer members or agents than you chose to keep.',
  'error.no_pending_change': 'There is no pending plan change.',
  'error.checkout_not_open': 'This checkout is closed.',
  'error.payment_not_pending': 'This payment has already been settled.',
  'error.payment_pending': 'A payment is still being processed. Wait for it to complete.',
  'error.invoice_not_open': 'This invoice is not open.',
  'error.autorecharge_package_required': 'Choose a recharge package first.',
  'error.model_not_allowed': 'This model does not meet your server location setting.',
  'error.agent_inactive': 'This agent is deactivated.',
  'error.idempotency_key_reused': 'This request conflicts with an earlier one. Please retry.',
  'error.confirmation_mismatch': 'The confirmation does not match.',
  'error.internal_error': 'The server had a problem. Please retry.',
  'error.service_unavailable': 'The service is unavailable right now. Please retry.',
} as const;

export type MessageKey = keyof typeof en;

const de: Record<MessageKey, string> = {
  'state.loading': 'Wird geladen …',
  'state.error': 'Etwas ist schiefgelaufen.',
  'state.retry': 'Erneut versuchen',
  'state.noAccess.title': 'Für Sie nicht verfügbar',
  'state.noAccess.member': 'Ihre Rolle umfasst nur den internen Chat, deshalb wird diese Seite nicht angezeigt. Ein Owner oder Admin kann Ihre Rolle ändern.',
  'state.noAccess.capability': 'Ihre Rolle in dieser Organisation umfasst dies nicht. Ein Owner oder Admin kann Ihre Rolle ändern.',
  'state.blocked.title': 'Zugang zur Organisation gesperrt',
  'state.blocked.body': 'Ihr Zugang zu dieser Organisation ist gesperrt. Bitten Sie einen Owner oder Admin, Sie wieder zu aktivieren.',
  'state.signedOut': 'Melden Sie sich an, um dies zu sehen.',
  'state.noOrg': 'Wählen Sie eine Organisation, um dies zu sehen.',
  'state.offline': 'Sie scheinen offline zu sein. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
  'state.timeout': 'Der Server hat zu lange nicht geantwortet.',
  'common.cancel': 'Abbrechen',
  'common.close': 'Schliessen',
  'common.save': 'Speichern',
  'common.saving': 'Wird gespeichert …',
  'common.saved': 'Gespeichert.',
  'common.confirm': 'Bestätigen',
  'common.unsaved': 'Sie haben ungespeicherte Änderungen.',
  'common.discard': 'Änderungen verwerfen',
  'role.owner': 'Owner',
  'role.admin': 'Admin',
  'role.builder': 'Builder',
  'role.member': 'Mitglied',
  'memberState.active': 'Aktiv',
  'memberState.deactivated': 'Deaktiviert',
  'error.validation_failed': 'Bitte prüfen Sie {param}.',
  'error.invalid_org_name': 'Dieser Organisationsname ist nicht erlaubt: keine < oder >, keine Webadressen (eine Domain wie acme.ch ist in Ordnung).',
  'error.invalid_period': 'Wählen Sie einen Zeitraum zwischen 1 und 365 Tagen.',
  'error.idempotency_key_required': 'Die Anfrage konnte nicht sicher gestellt werden. Bitte erneut versuchen.',
  'error.unauthenticated': 'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.',
  'error.forbidden': 'Ihre Rolle erlaubt dies nicht.',
  'error.org_access_blocked': 'Ihr Zugang zu dieser Organisation ist gesperrt. Bitten Sie einen Owner oder Admin, Sie wieder zu aktivieren.',
  'error.not_found': 'Dies existiert nicht mehr. Es wurde möglicherweise entfernt.',
  'error.org_not_found': 'Diese Organisation wurde nicht gefunden, oder Sie sind kein Mitglied.',
  'error.insufficient_credits': 'Nicht genug Credits: {required} benötigt, {balance} übrig.',
  'error.member_cap_reached': 'Das monatliche Credit-Limit dieses Mitglieds ist erreicht. Es wird mit dem nächsten Zyklus zurückgesetzt.',
  'error.agent_cap_reached': 'Das monatliche Credit-Limit dieses Agenten ist erreicht. Es wird mit dem nächsten Zyklus zurückgesetzt.',
  'error.card_declined': 'Die Karte mit Endung {last4} wurde abgelehnt. Es wurde nichts belastet.',
  'error.invite_exists': 'Für diese Adresse gibt es bereits eine offene Einladung.',
  'error.already_member': 'Diese Person ist bereits Mitglied.',
  'error.seat_limit_reached': 'Alle {limit} Plätze Ihres Plans sind belegt ({count} von {limit}). Wechseln Sie auf einen grösseren Plan, um weitere Personen einzuladen.',
  'error.invite_expired': 'Diese Einladung ist abgelaufen. Bitten Sie um eine neue.',
  'error.invite_not_pending': 'Diese Einladung ist nicht mehr offen.',
  'error.invite_email_mismatch': 'Diese Einladung gilt für eine andere E-Mail-Adresse.',
  'error.cannot_assign_owner': 'Owner kann hier nicht vergeben werden: Die Eigentümerschaft überträgt der Support.',
  'error.cannot_change_own_role': 'Sie können Ihre eigene Rolle nicht ändern.',
  'error.cannot_change_owner_role': 'Die Rolle des Owners kann nicht geändert werden.',
  'error.cannot_remove_self': 'Sie können sich nicht selbst entfernen. Verlassen Sie stattdessen die Organisation.',
  'error.cannot_remove_owner': 'Der Owner kann nicht entfernt werden.',
  'error.owner_cannot_leave': 'Der Owner kann die Organisation nicht verlassen.',
  'error.billing_role_held': 'Sie haben die Billing-Rolle. Übertragen Sie sie einem anderen Mitglied, bevor Sie gehen.',
  'error.member_not_deactivated': 'Dieses Mitglied ist bereits aktiv.',
  'error.member_not_active': 'Dieses Mitglied ist nicht aktiv.',
  'error.transfer_pending': 'Eine Übertragung der Billing-Rolle ist bereits offen.',
  'error.transfer_not_pending': 'Diese Übertragung ist nicht mehr offen.',
  'error.ineligible_recipient': 'Wählen Sie ein anderes aktives Mitglied, das die Billing-Rolle nicht hat.',
  'error.plan_limit_reached': 'Ihr Plan erlaubt {limit}; damit wären es {count}. Wechseln Sie auf einen grösseren Plan.',
  'error.upgrade_required': 'Dafür ist ein bezahlter Plan nötig. Wechseln Sie zuerst den Plan.',
  'error.contact_sales': 'Dieser Plan wird mit unserem Vertrieb vereinbart.',
  'error.checkout_required': 'Diese Änderung läuft über den Checkout.',
  'error.same_plan': 'Sie sind bereits in diesem Plan.',
  'error.unsupported_change': 'Diese Änderung ist gerade nicht möglich.',
  'error.keep_list_required': 'Wählen Sie, welche Mitglieder und Agenten im neuen Plan bleiben.',
  'error.keep_list_invalid': 'Der neue Plan erlaubt weniger Mitglieder oder Agenten, als Sie behalten möchten.',
  'error.no_pending_change': 'Es gibt keine geplante Planänderung.',
  'error.checkout_not_open': 'Dieser Checkout ist geschlossen.',
  'error.payment_not_pending': 'Diese Zahlung ist bereits abgeschlossen.',
  'error.payment_pending': 'Eine Zahlung wird noch verarbeitet. Warten Sie, bis sie abgeschlossen ist.',
  'error.invoice_not_open': 'Diese Rechnung ist nicht offen.',
  'error.autorecharge_package_required': 'Wählen Sie zuerst ein Aufladepaket.',
  'error.model_not_allowed': 'Dieses Modell entspricht nicht Ihrem Serverstandort.',
  'error.agent_inactive': 'Dieser Agent ist deaktiviert.',
  'error.idempotency_key_reused': 'Diese Anfrage widerspricht einer früheren. Bitte erneut versuchen.',
  'error.confirmation_mismatch': 'Die Bestätigung stimmt nicht überein.',
  'error.internal_error': 'Der Server hatte ein Problem. Bitte erneut versuchen.',
  'error.service_unavailable': 'Der Dienst ist gerade nicht verfügbar. Bitte erneut versuchen.',
};

const tables: Record<Locale, Record<string, string>> = { en, de };

/** Element-specific tables are added with `registerMessages` (each element ships its own en + de). */
export function registerMessages(messages: Record<Locale, Record<string, string>>): void {
  for (const locale of LOCALES) Object.assign(tables[locale], messages[locale]);
}

export function resolveLocale(requested: string | null | undefined): Locale {
  const lang = (requested ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'en';
}

export type Values = Record<string, string | number | null | undefined>;

/** Text for a key in a locale, with `{name}` placeholders filled; unknown keys fall back to English, then the key. */
export function translate(locale: Locale, key: string, values: Values = {}): string {
  const template = tables[locale][key] ?? tables.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = values[name];
    return v === undefined || v === null ? m : String(v);
  });
}

/** Whether a key exists (for errors: the table has a text for the code). */
export function hasMessage(key: string): boolean {
  return key in tables.en;
}

export type ErrorMessageKey = `error.${ErrorCode}`;
/** Compile-time check: a contract error code without an English text fails the type-check. */
const _everyErrorHasText: Record<ErrorMessageKey, string> = en;
void _everyErrorHasText;

export const MESSAGE_TABLES = tables;
