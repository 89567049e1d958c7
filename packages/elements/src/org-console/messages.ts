/**
 * <org-console>'s text, English and German (the same keys in both; the message-table test checks it). Registered by
 * org-console.ts itself. The composed elements bring their own tables.
 */
const en = {
  'console.title': 'My organization',
  'console.subtitle': '{org} · your role: {role}',
  'console.subtitleInactive': '{org} · {state}',
  'console.tabs': 'Organization sections',
  'console.tab.general': 'General',
  'console.tab.members': 'Members',
  'console.tab.plans': 'Plans',
  'console.tab.usage': 'Usage',
  'console.shown': '{tab} shown.',
  'console.chatOnly.title': 'Members are chat-only',
  'console.chatOnly.body': "Your role in {org} is {role}: you use the internal chat. The organization's settings, members, plans and usage are managed by its owner and admins.",
  'console.chatOnly.more': 'If you need to do more here, ask an owner or admin to change your role.',
  'console.chatOnly.open': 'Open the internal chat',
} as const;

const de: Record<keyof typeof en, string> = {
  'console.title': 'Meine Organisation',
  'console.subtitle': '{org} · Ihre Rolle: {role}',
  'console.subtitleInactive': '{org} · {state}',
  'console.tabs': 'Bereiche der Organisation',
  'console.tab.general': 'Allgemein',
  'console.tab.members': 'Mitglieder',
  'console.tab.plans': 'Pläne',
  'console.tab.usage': 'Nutzung',
  'console.shown': '{tab} angezeigt.',
  'console.chatOnly.title': 'Mitglieder nutzen nur den Chat',
  'console.chatOnly.body': 'Ihre Rolle in {org} ist {role}: Sie nutzen den internen Chat. Einstellungen, Mitglieder, Pläne und Nutzung der Organisation verwalten ihr Owner und die Admins.',
  'console.chatOnly.more': 'Wenn Sie hier mehr tun müssen, bitten Sie einen Owner oder Admin, Ihre Rolle zu ändern.',
  'console.chatOnly.open': 'Internen Chat öffnen',
};

export const consoleMessages = { en, de };

export type ConsoleMessageKey = keyof typeof en;
