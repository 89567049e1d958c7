/**
 * <usage-meters>' text, English and German (the same keys in both — the type of `de` checks it). Registered by
 * usage-meters.ts itself, so a bundler that trusts `sideEffects` keeps it.
 */
const en = {
  'usageMeters.title': 'Usage overview',
  'usageMeters.plan': '{plan} plan',
  'usageMeters.resets': 'Resets on {date} ({relative})',
  'usageMeters.overall': '{percent} used',
  'usageMeters.pending.downgrade': 'Moves to {plan} on {date}.',
  'usageMeters.pending.cancel': 'Moves to Free on {date}.',
  'usageMeters.pending.interval': 'Billing interval changes on {date}.',
  'usageMeters.meters': 'Plan limits',
  'usageMeters.credits': 'Credits',
  'usageMeters.tokens': 'AI tokens',
  'usageMeters.kbPages': 'Knowledge-base pages',
  'usageMeters.agents': 'Agents',
  'usageMeters.seats': 'Seats',
  'usageMeters.of': '{used} / {limit}',
  'usageMeters.valueText': '{used} of {limit} ({percent})',
  'usageMeters.unlimited': 'Unlimited',
  'usageMeters.unlimitedText': '{used} used, unlimited',
  'usageMeters.seatBilling': 'Billed per member',
  'usageMeters.seatBillingText': '{used} members, each billed per member',
  'usageMeters.tokensUsed': '{tokens} tokens',
  'usageMeters.tokensDetail': 'Since {date}: {used} of {limit} credits',
  'usageMeters.tokensValueText': '{tokens} AI tokens since {date}; {used} of {limit} credits ({percent})',
  'usageMeters.tokensFallback': 'Shown in credits: token counts are part of the detailed usage, which your role does not include.',
  'usageMeters.near': 'Nearly used up',
  'usageMeters.full': 'Limit reached',
  'usageMeters.stats': 'View stats',
  'usageMeters.changePlan': 'Change plan',
} as const;

type Key = keyof typeof en;

const de: Record<Key, string> = {
  'usageMeters.title': 'Nutzungsübersicht',
  'usageMeters.plan': 'Plan {plan}',
  'usageMeters.resets': 'Wird am {date} zurückgesetzt ({relative})',
  'usageMeters.overall': '{percent} genutzt',
  'usageMeters.pending.downgrade': 'Wechselt am {date} zu {plan}.',
  'usageMeters.pending.cancel': 'Wechselt am {date} zu Free.',
  'usageMeters.pending.interval': 'Das Abrechnungsintervall ändert sich am {date}.',
  'usageMeters.meters': 'Limits des Plans',
  'usageMeters.credits': 'Credits',
  'usageMeters.tokens': 'KI-Tokens',
  'usageMeters.kbPages': 'Seiten in der Wissensdatenbank',
  'usageMeters.agents': 'Agenten',
  'usageMeters.seats': 'Plätze',
  'usageMeters.of': '{used} / {limit}',
  'usageMeters.valueText': '{used} von {limit} ({percent})',
  'usageMeters.unlimited': 'Unbegrenzt',
  'usageMeters.unlimitedText': '{used} genutzt, unbegrenzt',
  'usageMeters.seatBilling': 'Pro Mitglied abgerechnet',
  'usageMeters.seatBillingText': '{used} Mitglieder, pro Mitglied abgerechnet',
  'usageMeters.tokensUsed': '{tokens} Tokens',
  'usageMeters.tokensDetail': 'Seit {date}: {used} von {limit} Credits',
  'usageMeters.tokensValueText': '{tokens} KI-Tokens seit {date}; {used} von {limit} Credits ({percent})',
  'usageMeters.tokensFallback': 'In Credits angezeigt: Token-Zahlen gehören zur detaillierten Nutzung, die Ihre Rolle nicht umfasst.',
  'usageMeters.near': 'Fast aufgebraucht',
  'usageMeters.full': 'Limit erreicht',
  'usageMeters.stats': 'Statistik ansehen',
  'usageMeters.changePlan': 'Plan ändern',
};

export const usageMetersMessages = { en, de };
